package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.control.CommandPaths;
import org.neurolab.driver.sim.internal.VirtualRigFactoryComponent;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/** Dry runs: the same script on a private simulated rig in virtual time; the (fake) lab sees nothing. */
class DryRunTest extends FakeLabTestBase {
    static final Caller ANA = new Caller("ana", Set.of("researcher"), "research");

    @BeforeAll
    static void simulator() {
        runner.virtualRigs(new VirtualRigFactoryComponent(200, 100, 120, 7, "test", CommandPaths.unguarded()));
    }

    static RunRecord dry(String file, String code) throws InterruptedException {
        return runner.dryRun(new RunRequest(ScriptSource.of(file, code), ANA, List.of("o1"), null));
    }

    static final String TWO_MINUTES_JS = """
            const o = lab.organoids()[0];
            const rec = lab.startRecording();
            for (let i = 0; i < 120; i++) { lab.stimulate(o, [2], 25); lab.wait(1000); }
            lab.result('electrodes', lab.electrodes(o));
            lab.result('spikes', lab.spikes(o, 0, lab.now()).count);
            lab.result('recorded', lab.stopRecording(rec).spikes);
            lab.result('end', lab.now());
            """;

    @Test
    void a_dry_run_reports_its_lab_time_and_results_and_touches_nothing_of_the_lab() throws Exception {
        int stimulations = lab.stimulations.size(), sessions = lab.sessions.size();
        long labNow = lab.nowMicros();
        RunRecord r = dry("two.js", TWO_MINUTES_JS);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(120_000_000L, r.labMicros(), "2 lab minutes, what a booking needs");
        assertEquals(List.of(0L, 1L, 2L, 3L), r.results().get("electrodes"), "the copied culture's electrodes");
        long spikes = ((Number) r.results().get("spikes")).longValue();
        assertTrue(spikes > 0, "the private culture fired: " + r.results());
        assertEquals(spikes, ((Number) r.results().get("recorded")).longValue(), "a recording counts the same spikes: " + r.results());
        assertEquals("true", r.provenance().get("dryRun"));
        assertEquals("7", r.provenance().get("simulator.seed"));
        assertEquals("virtual", r.provenance().get("clock"));
        assertEquals(stimulations, lab.stimulations.size(), "no stimulation reached the lab");
        assertEquals(sessions, lab.sessions.size(), "no session was opened on the lab");
        assertEquals(labNow, lab.nowMicros(), "the lab's clock did not move");
        assertEquals(r, runner.run(r.id()).orElseThrow(), "the record is kept like any run's");
    }

    @Test
    void the_same_seed_gives_the_same_results() throws Exception {
        RunRecord a = dry("two.js", TWO_MINUTES_JS), b = dry("two.js", TWO_MINUTES_JS);
        assertEquals(a.results(), b.results());
        RunRecord other = runner.submitDryRun(new RunRequest(ScriptSource.of("two.js", TWO_MINUTES_JS), ANA, List.of("o1"), null), 8L);
        RunRecord c = runner.run(other.id()).orElseThrow();
        while (!c.state().isFinal()) {
            Thread.sleep(20);
            c = runner.run(other.id()).orElseThrow();
        }
        assertEquals("8", c.provenance().get("simulator.seed"));
        assertTrue(!a.results().get("spikes").equals(c.results().get("spikes")), "another seed, other spikes: " + a.results() + " vs " + c.results());
    }

    @Test
    void the_real_stimulator_range_applies_in_python_too() throws Exception {
        RunRecord r = dry("over.py", """
                o = lab.organoids()[0]
                lab.stimulate(o, [1], 20, phase_us=100)
                lab.wait(10)
                lab.stimulate(o, [1], 35)
                """);
        assertEquals(RunState.FAILED, r.state());
        assertTrue(r.error().contains("exceeds the stimulator's maximum of 30.0"), r.error());
        assertEquals(4, r.errorLine());
        assertEquals(10_000, r.labMicros());
    }

    @Test
    void raw_snippets_show_the_stimulation_artifact_in_both_languages() throws Exception {
        RunRecord js = dry("raw.js", """
                const o = lab.organoids()[0];
                lab.keepRaw(o, 200);
                lab.wait(50);
                const t = lab.now();
                lab.stimulate(o, [2], 25);
                lab.wait(20);
                const before = lab.rawSnippet(o, 2, t - 10, 5);
                const during = lab.rawSnippet(o, 2, t, 2);
                const peak = (s) => Math.max(...s.samples.map(Math.abs));
                lab.result('rate', during.sampleRateHz);
                lab.result('n', during.samples.length);
                lab.result('quiet', peak(before));
                lab.result('artifact', peak(during));
                """);
        assertEquals(RunState.SUCCEEDED, js.state(), js.error());
        assertEquals(30_000L, ((Number) js.results().get("rate")).longValue());
        assertEquals(60L, ((Number) js.results().get("n")).longValue(), "2 ms at 30 kHz");
        double quiet = ((Number) js.results().get("quiet")).doubleValue(), artifact = ((Number) js.results().get("artifact")).doubleValue();
        assertTrue(quiet < 300 && artifact > 1_000, "noise (and spikes) before, the stimulator's artifact during: " + js.results());
        RunRecord py = dry("raw.py", """
                o = lab.organoids()[0]
                lab.keep_raw(o, 100)
                lab.wait(300)
                s = lab.raw_snippet(o, 1, lab.now() - 50, 10)
                lab.result("n", len(s["samples"]))
                lab.result("from", s["from_ms"])
                lab.raw_snippet(o, 1, 10, 5)
                """);
        assertEquals(RunState.FAILED, py.state(), "samples older than the window are gone");
        assertTrue(py.error().contains("raw.py:7: raw samples from 10.000 to 15.000 ms are not kept; kept now: "), py.error());
        assertEquals(300L, ((Number) py.results().get("n")).longValue());
        assertEquals(250.0, ((Number) py.results().get("from")).doubleValue(), 0.05);
    }

    @Test
    void raw_snippets_need_keep_raw_first() throws Exception {
        RunRecord r = dry("noraw.js", "lab.wait(10); lab.rawSnippet(lab.organoids()[0], 1, 0, 5);");
        assertEquals(RunState.FAILED, r.state());
        assertTrue(r.error().contains("call keepRaw(organoid, windowMs) first"), r.error());
    }

    @Test
    void a_dry_run_of_an_unknown_culture_is_refused_before_it_starts() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> runner.dryRun(new RunRequest(ScriptSource.of("x.js", "1"), ANA, List.of("o9"), null))).getMessage().contains("unknown organoid 'o9'"));
    }
}
