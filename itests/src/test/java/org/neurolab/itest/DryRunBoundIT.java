package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The queue books a run by its dry run's lab time plus {@code org.neurolab.scheduling.DryRunMargin}: on the default simulated rig (paced, as
 * {@code ./neurolab run} starts it), the real run of each example script must take no more lab time than that. Dry run
 * first, then the real run, on one culture, one lab for the class.
 */
class DryRunBoundIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.ClockProbe";
    static final String CULTURE = "sim-mea0-o1";
    /** Examples left out, each with why (the rest of scripts/ must be in {@link #examples()}). */
    static final Map<String, String> SKIPPED = Map.of(
            "dosing.py", "three 20 s settling periods and its windows: over a minute of lab time per run, twice (dry and real)",
            "dosing.js", "the same experiment as dosing.py, over a minute of lab time per run",
            "amplitude-sweep.js", "the same 40 s sweep as amplitude_sweep.py, which is run; twice would add 80 s to the suite");
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        // the default rig as a new lab gets it; no bookings needed (the scheduling guard is not required here)
        lab.drop(LabUnderTest.distribution().resolve("defaults/deploy/org.neurolab.driver.sim.cfg"), "org.neurolab.driver.sim.cfg");
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        lab.drop(LabUnderTest.distribution().resolve("defaults/deploy/org.neurolab.ethics.cfg"), "org.neurolab.ethics.cfg");
        probe = Probes.install(lab, "clock", Probes.jar(home.resolve("build"), "org.neurolab.itest.clockprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.driver.sim,org.neurolab.ethics,org.neurolab.recording,"
                        + "org.neurolab.scheduling,org.neurolab.scripting,org.osgi.framework", PROBE));
        LabUnderTest.await("the default rig with data and the recording store", Duration.ofSeconds(120), () -> probe.apply("health") instanceof List<?> h
                && h.size() == 4 && probe.apply("recordings") instanceof List<?> && probe.apply("holds") instanceof List<?>);
    }

    static Stream<String> examples() {
        return Stream.of("closed_loop.py", "closed-loop.js", "cl_closed_loop.py", "cl_closed_loop_native.py", "closed_loop_latency.py",
                "closed-loop-latency.js", "amplitude_sweep.py");
    }

    @Test
    void every_example_is_run_or_skipped_with_a_reason() throws Exception {
        List<String> all;
        try (Stream<java.nio.file.Path> s = Files.list(HonestClockIT.scripts())) {
            all = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py") || n.endsWith(".js")).sorted().toList();
        }
        List<String> covered = Stream.concat(examples(), SKIPPED.keySet().stream()).sorted().toList();
        assertEquals(all, covered, "a new example script needs a place in this test (or a reason to skip it)");
    }

    @ParameterizedTest
    @MethodSource("examples")
    @SuppressWarnings("unchecked")
    void the_real_run_takes_no_more_lab_time_than_its_dry_run_estimate_plus_the_margin(String script) throws Exception {
        String path = HonestClockIT.scripts().resolve(script).toString();
        Map<String, Object> dry = (Map<String, Object>) probe.apply("dry " + path + " " + CULTURE);
        assertEquals("SUCCEEDED", dry.get("state"), () -> "dry run of " + script + ": " + dry.get("error") + "\n" + dry.get("output"));
        Map<String, Object> real = (Map<String, Object>) probe.apply("run " + path + " " + CULTURE);
        assertEquals("SUCCEEDED", real.get("state"), () -> "real run of " + script + ": " + real.get("error") + "\n" + real.get("output"));
        long estimate = ((Number) dry.get("labMicros")).longValue();
        long took = ((Number) real.get("labMicros")).longValue();
        long bound = ((Number) probe.apply("margin " + estimate)).longValue(); // the lab's own DryRunMargin, as the queue books it
        System.out.printf("dry-run bound: %s estimate %.3f s, real %.3f s (%+.1f %%), bound %.3f s; load %s%n", script, estimate / 1e6, took / 1e6,
                100.0 * (took - estimate) / Math.max(1, estimate), bound / 1e6, load());
        assertTrue(estimate > 0, "a dry run takes lab time: " + estimate);
        assertTrue(took <= bound, String.format("%s: the real run took %.3f s of lab time, more than its dry run's %.3f s plus the margin (%.3f s)",
                script, took / 1e6, estimate / 1e6, bound / 1e6));
    }

    static String load() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
