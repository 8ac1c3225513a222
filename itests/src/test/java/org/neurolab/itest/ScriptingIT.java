package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example experiments in scripts/, run by the lab's scripting bundle against the simulated rig in virtual time, with the JIT on. */
class ScriptingIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.ScriptProbe";
    static Function<String, Object> probe;
    static Path scripts;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        scripts = LabUnderTest.distribution().getParent().getParent().getParent().resolve("scripts");
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\nmode=virtual\nseed=5\n");
        probe = Probes.install(lab, "script", Probes.jar(home.resolve("build"), "org.neurolab.itest.scriptprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.scripting,org.osgi.framework", PROBE));
        LabUnderTest.await("simulated rig", Duration.ofSeconds(30), () -> !lab.services("org.neurolab.api.driver.MeaDriver").isEmpty());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(String file) {
        Map<String, Object> r = (Map<String, Object>) probe.apply("run " + scripts.resolve(file) + " sim-mea0-o2");
        System.out.println(file + " -> " + r.get("state") + " " + r.get("error") + " results " + r.get("results"));
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"amplitude_sweep.py", "amplitude-sweep.js"})
    @SuppressWarnings("unchecked")
    void amplitude_sweep_shows_responses_growing_with_amplitude(String file) {
        Map<String, Object> r = run(file);
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        List<Map<String, Object>> sweep = (List<Map<String, Object>>) ((Map<String, Object>) r.get("results")).get("sweep");
        assertEquals(4, sweep.size());
        String evokedKey = file.endsWith(".py") ? "evoked_per_pulse" : "evokedPerPulse";
        String baselineKey = file.endsWith(".py") ? "baseline_per_100ms" : "baselinePer100ms";
        double weakest = ((Number) sweep.get(0).get(evokedKey)).doubleValue();
        double strongest = ((Number) sweep.get(3).get(evokedKey)).doubleValue();
        double baseline = ((Number) sweep.get(3).get(baselineKey)).doubleValue();
        assertTrue(strongest > weakest && strongest > baseline + 1, "20 µA evokes more than 2 µA and than baseline: " + sweep);
        assertTrue((Long) r.get("labMicros") >= 40_000_000L, "4 × 10 trials of 1 s of lab time");
        Map<String, Object> recording = (Map<String, Object>) ((Map<String, Object>) r.get("results")).get("recording");
        assertTrue(((Number) recording.get("spikes")).longValue() > 0, "the run's recording holds its spikes: " + recording);
        Map<String, String> provenance = (Map<String, String>) r.get("provenance");
        assertEquals("virtual", provenance.get("clock"));
        assertTrue(provenance.containsKey("bundle.org.neurolab.simulator"), provenance.toString());
    }

    /** Ten lab minutes of a monitoring experiment: a test pulse every 10 s and the response counted after it. */
    static final String TEN_MINUTES_PY = """
            o = lab.organoids()[0]
            e = lab.electrodes(o)
            responses = []
            for i in range(60):
                lab.stimulate(o, [e[2]], 20)
                t = lab.now()
                lab.wait(10000)
                responses.append(lab.spike_counts(o, t, t + 100, 100)[0])
            lab.result("responses", responses)
            lab.result("spikes", lab.spikes(o, 0, lab.now())["count"])
            """;

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void a_ten_minute_script_dry_runs_in_seconds_and_touches_nothing_of_the_lab() throws Exception {
        Path script = home.resolve("ten_minutes.py");
        Files.writeString(script, TEN_MINUTES_PY);
        Path audit = home.resolve("data/ethics/audit/log.jsonl");
        long auditBefore = Files.exists(audit) ? Files.readAllLines(audit).size() : -1;
        Object clockBefore = probe.apply("clock");
        long t0 = System.nanoTime();
        Map<String, Object> r = (Map<String, Object>) probe.apply("dry " + script + " sim-mea0-o2");
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("dry run of 10 lab minutes: %.1f s wall, %s%n", wallSeconds, r.get("results"));
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        assertEquals(600_000_000L, ((Number) r.get("labMicros")).longValue(), "the lab time a booking needs");
        assertTrue(wallSeconds < 120, "10 lab minutes took " + wallSeconds + " s of wall time");
        Map<String, Object> results = (Map<String, Object>) r.get("results");
        assertEquals(60, ((List<Object>) results.get("responses")).size());
        assertTrue(((Number) results.get("spikes")).longValue() > 0, "the private culture fired: " + results);
        Map<String, String> provenance = (Map<String, String>) r.get("provenance");
        assertEquals("true", provenance.get("dryRun"));
        assertEquals("5", provenance.get("simulator.seed"), "the lab's simulated-rig seed");
        assertEquals(clockBefore, probe.apply("clock"), "the lab's (virtual) clock never moved: its rig did not run");
        assertEquals(auditBefore, Files.exists(audit) ? Files.readAllLines(audit).size() : -1, "no audit entry: no command took the lab's command path");
        // the same seed, the same results
        Map<String, Object> again = (Map<String, Object>) probe.apply("dry " + script + " sim-mea0-o2");
        assertEquals(results, again.get("results"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed_loop_latency.py", "closed-loop-latency.js"})
    @SuppressWarnings("unchecked")
    void closed_loop_latency_is_measured_per_answered_batch(String file) {
        Map<String, Object> r = run(file);
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        Map<String, Object> results = (Map<String, Object>) r.get("results");
        long answered = ((Number) results.get("answered")).longValue();
        Map<String, Object> latency = (Map<String, Object>) results.get(file.endsWith(".py") ? "latency_us" : "latencyUs");
        assertTrue(answered > 10, "batches were answered: " + results);
        assertEquals(answered, ((Number) latency.get("count")).longValue(), "one latency per answered batch: " + results);
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed_loop.py", "closed-loop.js"})
    @SuppressWarnings("unchecked")
    void closed_loop_stimulates_in_response_to_activity(String file) {
        Map<String, Object> r = run(file);
        assertEquals("SUCCEEDED", r.get("state"), String.valueOf(r.get("error")));
        Map<String, Object> results = (Map<String, Object>) r.get("results");
        assertTrue(((Number) results.get("triggers")).longValue() > 0, "the loop fired: " + results);
    }
}
