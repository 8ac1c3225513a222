package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dosing in the running lab: doses go through the command path (ethics, dosing guard, audit), the dosing model
 * feeds the simulated cultures, and the spikes show it — glutamate up, GABA down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DosingIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.DosingProbe";
    static final String CULTURE = "sim-mea0-o1";
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        // the lab as shipped: command path requiring ethics + audit, the dosing chambers, ethics; then a one-MEA virtual rig
        try (var defaults = Files.list(LabUnderTest.distribution().resolve("defaults/deploy"))) {
            for (var f : defaults.toList()) Files.copy(f, lab.deploy().resolve(f.getFileName()));
        }
        Files.writeString(lab.deploy().resolve("org.neurolab.driver.sim.cfg"), """
                rigId=sim
                meas=1
                neuronsPerOrganoid=1000
                mode=virtual
                seed=5
                """);
        probe = Probes.install(lab, "dosing", Probes.jar(home.resolve("build"), "org.neurolab.itest.dosingprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.signal,org.neurolab.api.stimulation,"
                        + "org.neurolab.dosing,org.osgi.framework", PROBE));
        LabUnderTest.await("dosing service", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(probe.apply("ready")));
        LabUnderTest.await("the chamber of sim/mea0 with its reservoirs", Duration.ofSeconds(30),
                () -> String.valueOf(probe.apply("reservoirs")).contains("sim/pump0:medium"));
        LabUnderTest.await("a culture on the simulated rig", Duration.ofSeconds(30), () -> probe.apply("rate " + CULTURE + " 1") instanceof Double);
    }

    @Test
    @Order(1)
    void glutamate_raises_firing_and_gaba_lowers_it() {
        double baseline = (Double) probe.apply("rate " + CULTURE + " 10");
        Object dosed = probe.apply("dose " + CULTURE + " glutamate 40 µM");
        assertTrue(String.valueOf(dosed).startsWith("UNCAGING 8.0"), "40 µM in 200 µL is 8 nmol, uncaged: " + dosed);
        double withGlutamate = (Double) probe.apply("rate " + CULTURE + " 10");
        assertTrue(String.valueOf(probe.apply("exchange " + CULTURE + " 1000")).startsWith("left 0.0067"), "five chamber volumes leave e^-5");
        double washedOut = (Double) probe.apply("rate " + CULTURE + " 10");
        Object gaba = probe.apply("dose " + CULTURE + " gaba 50 µM");
        assertTrue(String.valueOf(gaba).startsWith("INFUSION 10.0"), "50 µM in 200 µL is 10 nmol, infused: " + gaba);
        double withGaba = (Double) probe.apply("rate " + CULTURE + " 10");
        System.out.printf("dosing, spikes/s on the MEA: baseline %.0f, glutamate 40 µM %.0f, washed out %.0f, GABA 50 µM %.0f%n",
                baseline, withGlutamate, washedOut, withGaba);
        assertTrue(withGlutamate > 1.3 * baseline, "glutamate raises firing: " + baseline + " -> " + withGlutamate);
        assertTrue(withGaba < 0.7 * washedOut, "GABA lowers firing: " + washedOut + " -> " + withGaba);
    }

    @Test
    @Order(2)
    void limits_are_enforced_on_the_command_path_and_every_dose_is_in_the_audit_trail() throws Exception {
        Object over = probe.apply("dose " + CULTURE + " gaba 200 µM");
        assertTrue(String.valueOf(over).startsWith("refused: ") && String.valueOf(over).contains("above its limit of 100 µM"), String.valueOf(over));
        Object slip = probe.apply("dose " + CULTURE + " gaba 5 nm");
        assertTrue(String.valueOf(slip).startsWith("bad: ") && String.valueOf(slip).contains("nanometres"), String.valueOf(slip));
        String audit = Files.readString(home.resolve("data/ethics/audit/log.jsonl"));
        assertTrue(audit.contains("glutamate by UV"), "the uncaging dose is in the audit trail");
        assertTrue(audit.contains("nmol gaba by "), "the infusion is in the audit trail");
        assertTrue(audit.contains("above its limit of 100"), "the refusal is in the audit trail too");
        assertTrue(Files.readString(home.resolve("data/dosing/events.jsonl")).contains("\"compound\":\"gaba\""), "the dosing book is on disk");
    }

    @Test
    @Order(3)
    void without_the_dosing_guard_doses_are_refused_while_stimulation_goes_on() {
        assertEquals(4 /* RESOLVED */, probe.apply("bundle org.neurolab.dosing stop"));
        try {
            Object raw = probe.apply("raw-dose " + CULTURE + " sim/pump0");
            assertTrue(String.valueOf(raw).contains("guard(s) [dosing] needed for dose are not running"), String.valueOf(raw));
            assertTrue(String.valueOf(probe.apply("stimulate " + CULTURE)).startsWith("done "), "stimulation does not need the dosing guard");
        } finally {
            assertEquals(32 /* ACTIVE */, probe.apply("bundle org.neurolab.dosing start"));
        }
    }
}
