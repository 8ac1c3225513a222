package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;

/**
 * The ethics bundle in the running lab, end to end: a researcher's over-limit stimulation is refused naming the
 * policy, the refusal is in the audit trail (which verifies), the MEA received nothing; an allowed one passes and is
 * audited; without the ethics bundle the lab refuses every stimulation but still reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EthicsIT extends LabTestBase {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROBE = "org.neurolab.itest.probe.EthicsProbe";

    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        Probes.probeCulture(lab, "SIM-iPSC", "B1", "simulated-no-donor", LocalDate.now().minusDays(100));
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        probe = Probes.install(lab, "ethics", Probes.jar(home.resolve("build"), "org.neurolab.itest.ethicsprobe", PROBE,
                "org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.stimulation,org.osgi.framework",
                PROBE, "org.neurolab.itest.probe.MeaProbe", "org.neurolab.itest.probe.RecordingMea"));
        LabUnderTest.await("culture configured", WAIT, () -> List.of("probe-o1").equals(probe.apply("cultures")));
        // first the requirement, then ethics itself: so the test knows the command path demands it
        LabUnderTest.await("control requires ethics", WAIT, () -> List.of("ethics").equals(probe.apply("missing-guards")));
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=1\n");
        LabUnderTest.await("ethics guard and audit journal running", WAIT,
                () -> List.of().equals(probe.apply("missing-guards")) && !named("org.neurolab.api.control.CommandJournal", "(neurolab.journal.name=audit)").isEmpty());
    }


    static List<?> named(String objectClass, String filter) {
        try {
            var refs = lab.system().getServiceReferences(objectClass, filter);
            return refs == null ? List.of() : List.of(refs);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> audit() throws Exception {
        return Files.readAllLines(home.resolve("data/ethics/audit/log.jsonl"), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void an_allowed_stimulation_reaches_the_mea_and_is_audited() throws Exception {
        String ok = (String) probe.apply("stimulate 10 200");
        assertTrue(ok.startsWith("ok "), ok);
        assertEquals(List.of("[0, 1] 10.0uA"), probe.apply("mea-stimulations"));
        String commandId = ok.substring(3);
        String entry = audit().stream().filter(l -> l.contains(commandId)).findFirst().orElseThrow();
        assertTrue(entry.contains("\"decision\":\"allow\"") && entry.contains("\"actor\":\"probe-researcher\"")
                && entry.contains("\"action\":\"stimulate\"") && entry.contains("\"target\":\"probe-o1\"") && entry.matches(".*\"policySet\":\"[0-9a-f]{64}\".*"), entry);
    }

    @Test
    @Order(2)
    void an_over_limit_stimulation_is_refused_naming_the_policy_audited_and_never_delivered() throws Exception {
        int before = ((List<?>) probe.apply("mea-stimulations")).size();
        String refused = (String) probe.apply("stimulate 10 401"); // 4.01 nC per phase, the stimulator could do it
        assertTrue(refused.startsWith("refused by ethics") && refused.contains("charge per phase 4.01 nC exceeds 4.0 nC (policy stim.charge-per-phase v1)"), refused);
        assertEquals(before, ((List<?>) probe.apply("mea-stimulations")).size(), "the culture received nothing");
        List<String> log = audit();
        String last = log.get(log.size() - 1);
        assertTrue(last.contains("\"decision\":\"deny\"") && last.contains("\"decidedBy\":\"ethics\"") && last.contains("stim.charge-per-phase v1")
                && last.contains("exceeds 4.0 nC"), last);
    }

    @Test
    @Order(3)
    void a_purpose_the_consent_does_not_know_is_refused() {
        String refused = (String) probe.apply("stimulate 10 200 curiosity");
        assertTrue(refused.startsWith("refused by ethics") && refused.contains("consent.scopes v1"), refused);
    }

    @Test
    @Order(4)
    void the_audit_trail_verifies_with_the_verifier_command() throws Exception {
        Path jar = LabUnderTest.distribution().resolve("bundles/lab/neurolab-ethics.jar");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "verify", "--home", home.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    @Order(5)
    void without_the_ethics_bundle_stimulation_is_refused_but_reading_still_works() throws Exception {
        Bundle ethics = lab.bundle("org.neurolab.ethics");
        int before = ((List<?>) probe.apply("mea-stimulations")).size();
        ethics.stop();
        try {
            LabUnderTest.await("ethics guard gone", WAIT, () -> List.of("ethics").equals(probe.apply("missing-guards")));
            String refused = (String) probe.apply("stimulate 5 100");
            assertTrue(refused.startsWith("refused by control") && refused.contains("[ethics]"), refused);
            assertEquals(before, ((List<?>) probe.apply("mea-stimulations")).size());
            assertTrue(((List<?>) probe.apply("devices")).contains("probe/mea0"), "reading the lab still works");
        } finally {
            ethics.start();
        }
        LabUnderTest.await("ethics guard back", WAIT, () -> List.of().equals(probe.apply("missing-guards")));
        LabUnderTest.await("allowed again", WAIT, () -> ((String) probe.apply("stimulate 5 100")).startsWith("ok "));
        assertTrue(new File(home.resolve("data/ethics/consents.json").toString()).exists());
    }
}
