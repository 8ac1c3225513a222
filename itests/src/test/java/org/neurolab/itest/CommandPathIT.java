package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The command path seen from an ordinary bundle: raw drivers are invisible to it, the control service
 * refuses while a required guard is missing, asks the guard, and returns the rig to safety at session end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandPathIT extends LabTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PROBE = "org.neurolab.itest.probe.CommandPathProbe";

    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        Probes.probeCulture(lab, "HUES-9", "B2026-07", "consent-0042", java.time.LocalDate.of(2026, 9, 1));
        Path example;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            example = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
        lab.drop(example, "example-driver.jar");
        LabUnderTest.await("example driver", WAIT, () -> !lab.services(HotDeployIT.SENSOR).isEmpty());
        probe = Probes.install(lab, "command-path", Probes.jar(home.resolve("build"), "org.neurolab.itest.commandprobe",
                PROBE,
                "org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.stimulation,org.osgi.framework,org.osgi.util.tracker",
                PROBE, "org.neurolab.itest.probe.MeaProbe", "org.neurolab.itest.probe.RecordingMea"));
    }


    @Test
    @Order(1)
    void an_ordinary_bundle_cannot_obtain_a_raw_driver_but_control_can() throws Exception {
        assertEquals(1, lab.services(HotDeployIT.SENSOR).size(), "the driver is registered");
        @SuppressWarnings("unchecked")
        Map<String, Object> found = new java.util.HashMap<>((Map<String, Object>) probe.apply("find-sensor"));
        // Known gap, documented in README: service hooks do not filter Bundle.getRegisteredServices(); a bundle that
        // enumerates other bundles on purpose still reaches a driver. Reported here so the figure stays visible.
        System.out.println("driver reachable by deliberate enumeration of other bundles' registrations: " + found.remove("viaRegisteredServices"));
        assertEquals(Map.of("getServiceReferences", 0, "getAllServiceReferences", 0, "filterOnDriverPackage", 0, "serviceTracker", 0), found);
        @SuppressWarnings("unchecked")
        List<String> devices = (List<String>) probe.apply("devices");
        assertTrue(devices.contains("example/incubator"), "control sees the driver: " + devices);
        assertTrue(devices.contains("probe/mea0"), "control sees the probe's MEA: " + devices);
    }

    @Test
    @Order(2)
    void without_a_required_guard_every_command_is_refused_and_nothing_reaches_the_culture() throws Exception {
        LabUnderTest.await("culture configured", WAIT, () -> List.of("probe-o1").equals(probe.apply("cultures")));
        assertEquals(List.of(), probe.apply("missing-guards"));
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\n");
        LabUnderTest.await("ethics guard required", WAIT, () -> List.of("ethics").equals(probe.apply("missing-guards")));
        int before = ((List<?>) probe.apply("mea-stimulations")).size();

        String answer = (String) probe.apply("stimulate 5");
        assertTrue(answer.startsWith("refused by control") && answer.contains("[ethics]"), answer);
        assertEquals(before, ((List<?>) probe.apply("mea-stimulations")).size(), "nothing reached the MEA");
    }

    @Test
    @Order(3)
    void a_guard_named_ethics_from_a_bundle_that_is_not_the_labs_own_stands_in_for_nothing() throws Exception {
        probe.apply("guard allow"); // the probe bundle registers an always-allow guard under the required name
        String answer = (String) probe.apply("stimulate 5");
        assertTrue(answer.startsWith("refused by control") && answer.contains("not the lab's own") && answer.contains("org.neurolab.itest"), answer);
        assertEquals(List.of("ethics"), probe.apply("missing-guards"), "an impostor does not make the required guard present");
        assertEquals(List.of(), probe.apply("mea-stimulations"), "nothing reached the MEA");
        // not required, the same guard is asked like any other (it can only refuse more)
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=\n");
        LabUnderTest.await("no guard required", WAIT, () -> List.of().equals(probe.apply("missing-guards")));
    }

    @Test
    @Order(4)
    void with_the_guard_present_control_asks_it_and_obeys() {
        probe.apply("guard allow");
        assertEquals("ok probe/mea0", probe.apply("stimulate 5"));
        assertEquals(List.of("[0, 1] 5.0uA"), probe.apply("mea-stimulations"));

        probe.apply("guard deny");
        String denied = (String) probe.apply("stimulate 5");
        assertTrue(denied.startsWith("refused by ethics") && denied.contains("amplitude too high") && denied.contains("test-limit-1"), denied);

        probe.apply("guard throw");
        String failed = (String) probe.apply("stimulate 5");
        assertTrue(failed.startsWith("refused by ethics") && failed.contains("policy store unreachable"), "a failing guard fails closed: " + failed);
        assertEquals(1, ((List<?>) probe.apply("mea-stimulations")).size(), "only the allowed command reached the MEA");
    }

    @Test
    @Order(5)
    void out_of_range_pulses_and_foreign_electrodes_are_refused_before_any_guard() {
        probe.apply("guard allow");
        String tooStrong = (String) probe.apply("stimulate 50");
        assertTrue(tooStrong.contains("exceeds the stimulator's maximum of 10.0"), tooStrong);
        assertEquals(1, ((List<?>) probe.apply("mea-stimulations")).size());
    }

    @Test
    @Order(6)
    void closing_the_session_returns_the_touched_rig_to_its_safe_state() {
        int before = (Integer) probe.apply("mea-safe-states");
        probe.apply("close");
        assertEquals(before + 1, probe.apply("mea-safe-states"));
    }

    @Test
    @Order(7)
    void removing_the_guard_again_makes_control_refuse() throws Exception {
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\n");
        LabUnderTest.await("ethics guard required again", WAIT, () -> List.of("ethics").equals(probe.apply("missing-guards")));
        probe.apply("guard none");
        String answer = (String) probe.apply("stimulate 5");
        assertTrue(answer.startsWith("refused by control"), answer);
    }
}
