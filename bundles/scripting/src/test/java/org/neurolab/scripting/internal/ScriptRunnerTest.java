package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/** The scripting runtime against a fake lab: the API in both languages, errors with line numbers, runs and their ends. */
class ScriptRunnerTest extends FakeLabTestBase {
    static final Caller ANA = new Caller("ana", Set.of("researcher"), "research");

    static RunRecord run(String file, String code) throws InterruptedException {
        return run(file, code, RunLimits.DEFAULT);
    }

    static RunRecord run(String file, String code, RunLimits limits) throws InterruptedException {
        return runner.runAndWait(new RunRequest(ScriptSource.of(file, code), ANA, List.of("o1"), limits));
    }

    @Test
    void javascript_uses_the_lab_in_camel_case_and_returns_results() throws Exception {
        int before = lab.stimulations.size();
        RunRecord r = run("sweep.js", """
                const o = lab.organoids()[0];
                lab.log('electrodes', lab.electrodes(o).join(','));
                lab.stimulate(o, [0, 1], 4, {phaseUs: 300, interphaseUs: 50, polarity: 'anodic-first', count: 3, periodUs: 10000});
                const t0 = lab.now();
                lab.wait(100);
                const counts = lab.spikeCounts(o, t0, t0 + 100, 50);
                lab.result('counts', counts);
                lab.result('now', lab.now());
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        var s = lab.stimulations.get(before);
        assertEquals(List.of(0, 1), s.electrodes());
        assertEquals(4.0, s.train().pulse().first().amplitudeMicroamps());
        assertEquals(300, s.train().pulse().first().durationMicros());
        assertEquals(50, s.train().pulse().interphaseDelayMicros());
        assertEquals(Polarity.ANODIC_FIRST, s.train().pulse().polarity());
        assertEquals(3, s.train().count());
        @SuppressWarnings("unchecked")
        List<Long> counts = (List<Long>) r.results().get("counts");
        assertEquals(2, counts.size());
        assertTrue(counts.get(0) + counts.get(1) >= 9, "one spike every 10 ms of lab time: " + counts);
        assertTrue(r.output().contains("electrodes 0,1,2,3"), r.output());
        assertTrue(r.labMicros() >= 100_000);
        assertTrue(lab.openSessions().isEmpty(), "the run's session is closed (safe state) at the end");
    }

    @Test
    void both_preludes_pass_every_pulse_parameter_one_by_one_and_the_host_checks_them() throws Exception {
        String js = """
                lab.stimulate('o1', [1], 2, {phaseUs: 200, secondAmplitudeUa: 1, secondPhaseUs: 400, polarity: 'anodic-first', count: 2, periodUs: 5000});
                lab.defineTrigger('t', 'o1', [3], 3, {monophasic: true, phaseUs: 100});
                lab.fire('t');
                lab.stimulate('o1', [0], 2, null);
                lab.stimulate('o1', [0], 2);
                """;
        String py = """
                lab.stimulate("o1", [1], 2, phase_us=200, second_amplitude_ua=1, second_phase_us=400, polarity="anodic-first", count=2, period_us=5000)
                lab.define_trigger("t", "o1", (3,), 3, monophasic=True, phase_us=100)
                lab.fire("t")
                lab.stimulate("o1", range(1), 2, second_amplitude_ua=None)
                lab.stimulate("o1", [0], 2)
                """;
        for (String[] script : new String[][] {{"pulse.js", js}, {"pulse.py", py}}) {
            int before = lab.stimulations.size();
            RunRecord r = run(script[0], script[1]);
            assertEquals(RunState.SUCCEEDED, r.state(), r.error());
            assertEquals(4, lab.stimulations.size() - before, script[0]);
            var asymmetric = lab.stimulations.get(before);
            assertEquals(List.of(1), asymmetric.electrodes());
            assertEquals(Polarity.ANODIC_FIRST, asymmetric.train().pulse().polarity());
            assertEquals(2.0, asymmetric.train().pulse().first().amplitudeMicroamps());
            assertEquals(200, asymmetric.train().pulse().first().durationMicros());
            assertEquals(1.0, asymmetric.train().pulse().second().amplitudeMicroamps());
            assertEquals(400, asymmetric.train().pulse().second().durationMicros());
            assertEquals(2, asymmetric.train().count());
            assertEquals(5000, asymmetric.train().periodMicros());
            var fired = lab.stimulations.get(before + 1);
            assertEquals(List.of(3), fired.electrodes());
            assertEquals(org.neurolab.api.stimulation.PulseShape.MONOPHASIC, fired.train().pulse().shape());
            assertEquals(100, fired.train().pulse().first().durationMicros());
            for (int k = 2; k < 4; k++) {
                var defaults = lab.stimulations.get(before + k).train();
                assertEquals(Polarity.CATHODIC_FIRST, defaults.pulse().polarity(), script[0]);
                assertEquals(200, defaults.pulse().first().durationMicros());
                assertEquals(200, defaults.pulse().second().durationMicros());
                assertEquals(2.0, defaults.pulse().second().amplitudeMicroamps());
                assertEquals(0, defaults.pulse().interphaseDelayMicros());
                assertEquals(1, defaults.count());
            }
        }
        RunRecord js1 = run("bad.js", "lab.stimulate('o1', [0], 2, {phaseUs: 100.5});");
        assertTrue(js1.error().contains("phaseUs must be a whole number, was 100.5"), js1.error());
        RunRecord py1 = run("bad.py", "lab.stimulate('o1', [0], 2, phase_us=100.5)");
        assertTrue(py1.error().contains("phaseUs must be a whole number, was 100.5"), py1.error());
        RunRecord py2 = run("bad.py", "lab.stimulate('o1', [0], 2, polarity=3)");
        assertTrue(py2.error().contains("polarity must be a string, was 3"), py2.error());
    }

    @Test
    void python_uses_the_lab_in_snake_case_with_keyword_arguments() throws Exception {
        int before = lab.stimulations.size();
        RunRecord r = run("sweep.py", """
                o = lab.organoids()[0]
                for amp in (1.0, 2.5):
                    lab.stimulate(o, [2], amp, phase_us=100, count=2, period_us=5000)
                    lab.wait(20)
                s = lab.spikes(o, 0, lab.now())
                lab.result("spikes", s["count"])
                lab.result("amplitudes", [1.0, 2.5])
                lab.result("summary", {"first": 1.0, "last": 2.5})
                print("done")
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(2, lab.stimulations.size() - before);
        assertEquals(2.5, lab.stimulations.get(before + 1).train().pulse().first().amplitudeMicroamps());
        assertEquals(100, lab.stimulations.get(before + 1).train().pulse().first().durationMicros());
        assertTrue(((Long) r.results().get("spikes")) >= 3, "a spike every 10 ms during 40 ms of waits: " + r.results());
        assertTrue(r.output().contains("done"));
        assertEquals(java.util.Map.of("first", 1L, "last", 2.5), r.results().get("summary"), "a dict comes back as a map");
    }

    @Test
    void closed_loop_callbacks_run_while_the_script_waits() throws Exception {
        int before = lab.stimulations.size();
        RunRecord r = run("loop.js", """
                let seen = 0;
                lab.onSpikes('o1', batch => { seen += batch.count; if (seen <= 3) lab.stimulate('o1', [batch.electrodes[0]], 2); });
                lab.wait(100);
                const jitter = lab.loop(1, 20, (i, t) => {});
                lab.result('seen', seen);
                lab.result('ticks', jitter.ticks);
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(3, lab.stimulations.size() - before, "each of the first three spikes triggered one stimulation");
        assertEquals(List.of(1), lab.stimulations.get(before).electrodes());
        assertTrue((Long) r.results().get("seen") >= 10);
        assertEquals(20L, r.results().get("ticks"));
    }

    @Test
    void a_closed_loop_says_it_is_answering_from_its_batch_until_its_callback_returns() throws Exception {
        lab.answeringAtStimulate.clear();
        lab.answeringAtEmit.clear();
        RunRecord r = run("lockstep.js", """
                let n = 0;
                lab.onSpikes('o1', batch => { if (++n <= 3) lab.stimulate('o1', [1], 2); });
                lab.wait(100);
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        // inside the callback its batch is unanswered, so a simulated rig would hold for it; by the next batch it is answered
        assertEquals(List.of(true, true, true), lab.answeringAtStimulate);
        assertTrue(lab.answeringAtEmit.size() >= 10 && !lab.answeringAtEmit.contains(true), "answered before the next batch: " + lab.answeringAtEmit);
        assertTrue(lab.sessions.stream().allMatch(s -> s.listeners.stream().noneMatch(org.neurolab.api.driver.SignalListener::answering)));
    }

    @Test
    void closed_loop_latency_counts_every_answered_batch_or_those_since_a_lab_time() throws Exception {
        lab.holdMicros = 7_000; // the run's array waits up to 7 ms for each answer: the figures are lockstep's
        RunRecord r;
        try {
            r = run("latency.py", """
                seen = [0]
                def answer(batch):
                    seen[0] += 1
                    if seen[0] <= 3:
                        lab.stimulate("o1", batch.electrodes, 2)
                lab.on_spikes("o1", answer)
                lab.wait(100)
                lab.result("all", lab.closed_loop_latency())
                lab.result("since_start", lab.closed_loop_latency(0)["count"])
                lab.result("since_later", lab.closed_loop_latency(lab.now() + 1000)["count"])
                """);
        } finally {
            lab.holdMicros = 0;
        }
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        @SuppressWarnings("unchecked")
        var all = (java.util.Map<String, Object>) r.results().get("all");
        assertEquals(3L, all.get("count"), "one latency per stimulation issued from a callback: " + all);
        assertTrue(((Number) all.get("issued_p99_us")).doubleValue() > 0, all.toString());
        assertTrue(((Number) all.get("called_p99_us")).doubleValue() > 0, all.toString());
        assertTrue(all.containsKey("spike_to_applied_p99_us") && all.containsKey("spike_to_applied_count"),
                "Python reports spike to applied as JavaScript does: " + all);
        assertEquals(7.0, ((Number) all.get("lockstep_hold_ms")).doubleValue(), "which figure it is: " + all);
        assertEquals(3L, r.results().get("since_start"));
        assertEquals(0L, r.results().get("since_later"));
    }

    @Test
    void batches_waiting_while_the_script_is_behind_come_in_one_call() throws Exception {
        lab.burstOnStimulate = 5;
        try {
            RunRecord r = run("behind.js", """
                    const o = lab.organoids()[0];
                    let calls = 0, spikes = 0;
                    lab.onSpikes(o, (b) => { calls++; spikes += b.count; });
                    lab.stimulate(o, [1], 2);   // five batches arrive while the script is busy here
                    lab.wait(1);
                    lab.result('calls', calls);
                    lab.result('spikes', spikes);
                    lab.result('coalesced', lab.closedLoopLatency().coalesced);
                    """);
            assertEquals(RunState.SUCCEEDED, r.state(), r.error());
            assertEquals(1L, ((Number) r.results().get("calls")).longValue(), r.results().toString());
            assertTrue(((Number) r.results().get("spikes")).longValue() >= 5, r.results().toString());
            assertTrue(((Number) r.results().get("coalesced")).longValue() >= 4, r.results().toString());
        } finally {
            lab.burstOnStimulate = 0;
        }
    }

    @Test
    void errors_carry_the_scripts_own_line_numbers() throws Exception {
        RunRecord js = run("broken.js", "const a = 1;\nconst b = 2;\nnoSuchFunction(a + b);\n");
        assertEquals(RunState.FAILED, js.state());
        assertEquals(3, js.errorLine(), js.error());
        assertTrue(js.error().startsWith("broken.js:3:"), js.error());
        RunRecord py = run("broken.py", "x = 1\n\ny = x / 0\n");
        assertEquals(RunState.FAILED, py.state());
        assertEquals(3, py.errorLine(), py.error());
        assertTrue(py.error().contains("ZeroDivisionError") || py.error().contains("division"), py.error());
        // a syntax error names its line once (Python's own message ends in "(bad.py, line 2)")
        RunRecord syntax = run("bad.py", "x = 1\ndef f(:\n");
        assertEquals(RunState.FAILED, syntax.state());
        assertEquals(2, syntax.errorLine(), syntax.error());
        assertTrue(syntax.error().startsWith("bad.py:2: SyntaxError"), syntax.error());
        assertFalse(syntax.error().contains("line 2"), syntax.error());
    }

    @Test
    void a_refused_command_fails_the_run_with_the_guards_reason() throws Exception {
        lab.refuseWith = "charge per phase 5 nC exceeds 4 nC";
        try {
            RunRecord r = run("over.js", "lab.log('before');\nlab.stimulate('o1', [0], 25);\n");
            assertEquals(RunState.FAILED, r.state());
            assertTrue(r.error().contains("refused by ethics") && r.error().contains("stim.limit"), r.error());
            assertEquals(2, r.errorLine());
        } finally {
            lab.refuseWith = null;
        }
    }

    @Test
    void scripts_catch_refusals_and_bad_values_as_errors_of_their_own_language() throws Exception {
        lab.refuseWith = "charge per phase 5 nC exceeds 4 nC";
        try {
            RunRecord py = run("catch.py", """
                    try:
                        lab.stimulate('o1', [0], 25)
                    except lab.CommandRefused as e:
                        lab.result('refused_by', e.refused_by)
                        lab.result('policies', e.policies)
                        lab.result('message', str(e))
                        lab.result('is_exception', isinstance(e, Exception))
                    try:
                        lab.stimulate('o9', [0], 2)
                    except ValueError as e:
                        lab.result('value_error', str(e))
                    def own():
                        raise KeyError('mine')
                    try:
                        lab.loop(10, 30, lambda *tick: own())
                    except KeyError as e:
                        lab.result('own_error_unchanged', str(e))
                    """);
            assertEquals(RunState.SUCCEEDED, py.state(), py.error());
            assertEquals("ethics", py.results().get("refused_by"));
            assertEquals(List.of("stim.limit"), py.results().get("policies"));
            assertTrue(String.valueOf(py.results().get("message")).contains("charge per phase 5 nC"), py.results().toString());
            assertEquals(true, py.results().get("is_exception"), "`except Exception` catches it too");
            assertTrue(String.valueOf(py.results().get("value_error")).contains("organoid 'o9' is not reserved"), py.results().toString());
            assertEquals("'mine'", py.results().get("own_error_unchanged"), "the script's own exceptions pass through the lab unchanged");

            RunRecord js = run("catch.js", """
                    try {
                        lab.stimulate('o1', [0], 25);
                    } catch (e) {
                        lab.result('refusedBy', e.refusedBy);
                        lab.result('policies', e.policies);
                        lab.result('isRefusal', e instanceof lab.CommandRefused && e instanceof lab.LabError && e instanceof Error);
                    }
                    try {
                        lab.stimulate('o9', [0], 2);
                    } catch (e) {
                        lab.result('valueError', e instanceof lab.LabValueError ? e.message : 'wrong: ' + e);
                    }
                    try {
                        lab.loop(10, 30, () => { throw new RangeError('mine'); });
                    } catch (e) {
                        lab.result('ownErrorUnchanged', e instanceof RangeError ? e.message : 'wrong: ' + e);
                    }
                    """);
            assertEquals(RunState.SUCCEEDED, js.state(), js.error());
            assertEquals("ethics", js.results().get("refusedBy"));
            assertEquals(List.of("stim.limit"), js.results().get("policies"));
            assertEquals(true, js.results().get("isRefusal"));
            assertTrue(String.valueOf(js.results().get("valueError")).contains("organoid 'o9' is not reserved"), js.results().toString());
            assertEquals("mine", js.results().get("ownErrorUnchanged"));
        } finally {
            lab.refuseWith = null;
        }
    }

    @Test
    void bad_arguments_and_foreign_organoids_are_refused_clearly() throws Exception {
        RunRecord r = run("bad.js", "lab.stimulate('o9', [0], 2);");
        assertEquals(RunState.FAILED, r.state());
        assertTrue(r.error().contains("organoid 'o9' is not reserved for this run"), r.error());
        RunRecord p = run("bad.js", "lab.stimulate('o1', [0], 2, {polarity: 'sideways'});");
        assertTrue(p.error().contains("polarity must be"), p.error());
    }

    @Test
    void a_run_can_be_cancelled_at_any_moment_and_its_session_is_closed() throws Exception {
        RunRecord queued = runner.submit(new RunRequest(ScriptSource.of("long.js", "while (true) { lab.wait(1); }"), ANA, List.of("o1"),
                RunLimits.DEFAULT));
        long deadline = System.currentTimeMillis() + 20_000;
        while (runner.run(queued.id()).orElseThrow().state() != RunState.RUNNING && System.currentTimeMillis() < deadline) Thread.sleep(5);
        Thread.sleep(200);
        assertTrue(runner.cancel(queued.id()));
        while (!runner.run(queued.id()).orElseThrow().state().isFinal() && System.currentTimeMillis() < deadline) Thread.sleep(5);
        RunRecord r = runner.run(queued.id()).orElseThrow();
        assertEquals(RunState.CANCELLED, r.state(), r.error());
        assertTrue(r.error().contains("cancelled on request"), r.error());
        assertTrue(lab.openSessions().isEmpty());
    }

    @Test
    void time_limit_stops_a_run() throws Exception {
        RunRecord r = run("slow.js", "while (true) { lab.wait(1); }", new RunLimits(Duration.ofMillis(500), 1_000_000_000L, 1 << 20));
        assertEquals(RunState.CANCELLED, r.state());
        assertTrue(r.error().contains("time limit"), r.error());
    }

    @Test
    void provenance_records_the_script_hash_user_and_organoids() throws Exception {
        ScriptSource src = ScriptSource.of("p.js", "lab.result('x', 1);");
        RunRecord r = runner.runAndWait(new RunRequest(src, ANA, List.of("o1"), null));
        assertEquals(src.sha256(), r.scriptSha256());
        assertEquals(src.sha256(), r.provenance().get("script.sha256"));
        assertEquals("ana", r.provenance().get("user"));
        assertEquals("o1", r.provenance().get("organoids"));
        assertEquals("virtual", r.provenance().get("clock"));
    }
}
