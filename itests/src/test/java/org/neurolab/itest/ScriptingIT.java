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
        Files.writeString(lab.deploy().resolve("org.neurolab.driver.sim.cfg"), "rigId=sim\nmeas=1\nmode=virtual\nseed=5\n");
        probe = Probes.install(lab, "script", Probes.jar(home.resolve("build"), "org.neurolab.itest.scriptprobe", PROBE,
                "org.neurolab.api.control,org.neurolab.scripting,org.osgi.framework", PROBE));
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
