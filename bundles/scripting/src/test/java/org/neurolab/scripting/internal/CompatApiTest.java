package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.PulseShape;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunState;

/**
 * What the compatibility layers need from the lab API, in both languages: pulses of any shape (triphasic), several
 * triggers fired in one call, count windows after a stimulation with blanking, absolute electrode indices; and `import cl`.
 * The fake lab's culture has one spike every 10 ms of lab time on electrode 1; its array m/mea0 holds absolute 0..7.
 */
class CompatApiTest extends FakeLabTestBase {

    static RunRecord run(String file, String code) throws InterruptedException {
        return ScriptRunnerTest.run(file, code);
    }

    @Test
    void triphasic_pulses_and_trigger_vectors_in_both_languages() throws Exception {
        String py = """
                lab.stimulate("o1", [2], 2.0, phase_us=100, shape="triphasic", polarity="anodic-first")
                lab.define_trigger("a", "o1", [0], 1.0, shape="biphasic")
                lab.define_trigger("b", "o1", [3], 1.5, phase_us=100, shape="triphasic", second_amplitude_ua=3.0, second_phase_us=100)
                f = lab.fire(["a", "b"])
                lab.result("ids", len(f["command_ids"]))
                lab.result("applied", f["applied_ms"] == lab.last_applied_ms() or f["applied_ms"] <= lab.last_applied_ms())
                """;
        String js = """
                lab.stimulate('o1', [2], 2.0, {phaseUs: 100, shape: 'triphasic', polarity: 'anodic-first'});
                lab.defineTrigger('a', 'o1', [0], 1.0, {shape: 'biphasic'});
                lab.defineTrigger('b', 'o1', [3], 1.5, {phaseUs: 100, shape: 'triphasic', secondAmplitudeUa: 3.0, secondPhaseUs: 100});
                const f = lab.fire(['a', 'b']);
                lab.result('ids', f.commandIds.length);
                lab.result('applied', f.appliedMs <= lab.lastAppliedMs());
                """;
        for (String[] script : new String[][] {{"shapes.py", py}, {"shapes.js", js}}) {
            int before = lab.stimulations.size();
            RunRecord r = run(script[0], script[1]);
            assertEquals(RunState.SUCCEEDED, r.state(), r.error());
            assertEquals(3, lab.stimulations.size() - before, script[0]);
            var tri = lab.stimulations.get(before).train().pulse();
            assertEquals(PulseShape.TRIPHASIC, tri.shape());
            assertEquals(Polarity.ANODIC_FIRST, tri.polarity());
            assertEquals(200, tri.second().durationMicros(), "the middle phase defaults to twice the outer one: balanced");
            assertEquals(0.0, tri.netChargeNanocoulombs(), 1e-12);
            assertEquals(List.of(0), lab.stimulations.get(before + 1).electrodes());
            assertEquals(PulseShape.BIPHASIC, lab.stimulations.get(before + 1).train().pulse().shape());
            var b = lab.stimulations.get(before + 2).train().pulse();
            assertEquals(PulseShape.TRIPHASIC, b.shape());
            assertEquals(3.0, b.second().amplitudeMicroamps());
            assertEquals(2L, r.results().get("ids"));
            assertEquals(true, r.results().get("applied"));
        }
        RunRecord unknown = run("vector.py", "lab.define_trigger('a', 'o1', [0], 1.0)\nlab.fire(['a', 'zz'])\n");
        assertTrue(unknown.error().contains("no trigger named 'zz'"), unknown.error());
        RunRecord shape = run("shape.js", "lab.stimulate('o1', [0], 1, {shape: 'square'});");
        assertTrue(shape.error().contains("shape must be 'monophasic', 'biphasic' or 'triphasic', was 'square'"), shape.error());
    }

    @Test
    void count_windows_wait_for_their_end_and_blank_their_start() throws Exception {
        RunRecord r = run("count.py", """
                lab.wait(5)
                lab.stimulate("o1", [0], 1.0)
                t = lab.last_applied_ms()
                c = lab.count_window("o1", window_ms=200, blank_ms=10)
                lab.result("waited", lab.now() >= t + 200)
                lab.result("counts", {str(k): v for k, v in c.items()})
                lab.result("blanked", lab.count_window("o1", after_ms=t, window_ms=200, blank_ms=100)[1])
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(true, r.results().get("waited"));
        // spikes at 10, 20, ... ms: [15, 205) holds 20..200 → 19 of them, all on electrode 1
        assertEquals(Map.of("0", 0L, "1", 19L, "2", 0L, "3", 0L), r.results().get("counts"));
        assertEquals(10L, r.results().get("blanked"), "[105, 205): 110..200");
        RunRecord js = run("count.js", """
                lab.wait(5);
                lab.stimulate('o1', [0], 1.0);
                const c = lab.countWindow('o1', undefined, {windowMs: 100, blankMs: 10});
                lab.result('c1', c[1]);
                lab.result('keys', Object.keys(c).join(','));
                """);
        assertEquals(RunState.SUCCEEDED, js.state(), js.error());
        assertEquals(9L, js.results().get("c1"));
        assertEquals("0,1,2,3", js.results().get("keys"));
        RunRecord bad = run("bad.py", "lab.count_window('o1', after_ms=0, window_ms=100, blank_ms=100)");
        assertTrue(bad.error().contains("shorter than the window"), bad.error());
        RunRecord none = run("none.py", "lab.count_window('o1')");
        assertTrue(none.error().contains("has not stimulated yet"), none.error());
    }

    @Test
    void absolute_electrode_indices_come_from_the_arrays_place_on_its_rig() throws Exception {
        RunRecord r = run("abs.py", """
                lab.result("abs", lab.absolute_electrodes("o1"))
                lab.result("at", list(lab.electrode_at(3)))
                lab.result("rate", lab.sample_rate_hz("o1"))
                try:
                    lab.electrode_at(7)
                except lab.LabValueError as e:
                    lab.result("outside", str(e))
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(List.of(0L, 1L, 2L, 3L), r.results().get("abs"));
        assertEquals(List.of("o1", 3L), r.results().get("at"));
        assertEquals(30000L, r.results().get("rate"));
        assertTrue(String.valueOf(r.results().get("outside")).contains("absolute electrode 7 is under none of this run's cultures"), r.results().toString());
    }

    @Test
    void a_cl_app_runs_with_its_import_changed() throws Exception {
        int before = lab.stimulations.size();
        RunRecord r = run("cl_app.py", """
                import cl
                from cl import ChannelSet, StimDesign, BurstDesign

                stims, spikes, ticks = 0, 0, 0
                with cl.open() as neurons:
                    t0 = neurons.timestamp()
                    for tick in neurons.loop(ticks_per_second=100, stop_after_seconds=0.5):
                        ticks += 1
                        spikes += len(tick.analysis.spikes)
                        for spike in tick.analysis.spikes:
                            if spike.channel == 1 and stims < 3:
                                neurons.stim(ChannelSet(2, 3), StimDesign(160, -1.0, 160, 1.0), BurstDesign(2, 100))
                                stims += 1
                    stim_seen = sum(len(t.analysis.stims) for t in neurons.loop(100, stop_after_ticks=2))
                    lab.result("frames", neurons.timestamp() - t0)
                    lab.result("rate", neurons.get_frames_per_second())
                lab.result("ticks", ticks)
                lab.result("spikes", spikes)
                lab.result("stims", stims)
                try:
                    StimDesign(160, -4.0, 160, 4.0)
                except ValueError as e:
                    lab.result("limit", str(e))
                try:
                    BurstDesign(5, 500)
                except ValueError as e:
                    lab.result("burst", str(e))
                try:
                    StimDesign(150, -1.0, 160, 1.0)
                except ValueError as e:
                    lab.result("grid", str(e))
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error() + "\n" + r.output());
        assertEquals(50L, r.results().get("ticks"));
        long spikes = (Long) r.results().get("spikes");
        assertTrue(spikes == 49 || spikes == 50, "one spike every 10 ms in 0.5 s of 10 ms ticks (49 when the loop starts just after one): " + spikes);
        assertEquals(3L, r.results().get("stims"));
        assertEquals(3, lab.stimulations.size() - before);
        var s = lab.stimulations.get(before);
        assertEquals(List.of(2, 3), s.electrodes());
        assertEquals(Polarity.CATHODIC_FIRST, s.train().pulse().polarity());
        assertEquals(160, s.train().pulse().first().durationMicros());
        assertEquals(2, s.train().count());
        assertEquals(10_000, s.train().periodMicros());
        assertEquals(30000L, r.results().get("rate"));
        assertTrue((Long) r.results().get("frames") >= 15_000, "0.52 s of lab time at 30 kHz: " + r.results());
        assertTrue(String.valueOf(r.results().get("limit")).contains("cannot be less than -3.000 uA"), r.results().toString());
        assertTrue(String.valueOf(r.results().get("burst")).contains("cannot be greater than 200Hz"), r.results().toString());
        assertTrue(String.valueOf(r.results().get("grid")).contains("evenly divisible by 20"), r.results().toString());
    }

    @Test
    void javascript_timers_microtasks_and_performance_now_run_while_the_script_waits() throws Exception {
        RunRecord r = run("timers.js", """
                const order = [];
                const t0 = performance.now();
                setTimeout(() => order.push('t50:' + Math.round(performance.now() - t0)), 50);
                setTimeout((x) => order.push('t10:' + x), 10, 'arg');
                const iv = setInterval(() => { order.push('iv'); if (order.filter(o => o === 'iv').length === 3) clearInterval(iv); }, 20);
                const never = setTimeout(() => order.push('never'), 30);
                clearTimeout(never);
                queueMicrotask(() => order.push('micro'));
                order.push('sync');
                lab.wait(100);
                lab.result('order', order);
                lab.result('elapsed', performance.now() - t0);
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(List.of("sync", "micro", "t10:arg", "iv", "iv", "t50:50", "iv"), r.results().get("order"));
        assertEquals(100.0, ((Number) r.results().get("elapsed")).doubleValue(), 1e-9);
        RunRecord bad = run("timer-string.js", "setTimeout('lab.log(1)', 5);");
        assertTrue(bad.error().contains("setTimeout needs a function"), bad.error());
    }

    @Test
    void javascript_structured_clone_and_console_log_of_objects() throws Exception {
        RunRecord r = run("clone.js", """
                const a = {n: 1, list: [1, {deep: true}], when: new Date(0), m: new Map([['k', 1]]), s: new Set([2])};
                a.self = a;
                const b = structuredClone(a);
                b.list[1].deep = false;
                lab.result('independent', a.list[1].deep === true && b.self === b && b.when.getTime() === 0 && b.m.get('k') === 1 && b.s.has(2));
                try { structuredClone({f: () => 1}); } catch (e) { lab.result('error', e.name + ': ' + e.message); }
                console.log('plain', {x: 1, y: [1, 2], z: {w: 'v'}}, [3, 4], null, undefined);
                const c = {name: 'c'}; c.me = c;
                console.log(c);
                """);
        assertEquals(RunState.SUCCEEDED, r.state(), r.error());
        assertEquals(true, r.results().get("independent"));
        assertTrue(String.valueOf(r.results().get("error")).startsWith("DataCloneError"), r.results().toString());
        assertTrue(r.output().contains("plain {\"x\":1,\"y\":[1,2],\"z\":{\"w\":\"v\"}} [3,4] null undefined"), r.output());
        assertTrue(r.output().contains("{\"name\":\"c\",\"me\":\"[Circular]\"}"), r.output());
    }
}
