package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.scripting.RunEvent;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;

/** Suspension: the script stops at its next lab call until resumed; a suspended run can still be cancelled. */
class SuspendTest extends FakeLabTestBase {
    static final Caller ANA = new Caller("ana", Set.of("researcher"), "research");

    private static RunRecord await(String id, Predicate<RunRecord> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        RunRecord r;
        while (!condition.test(r = runner.run(id).orElseThrow())) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out; run is " + r.state() + " " + r.error());
            Thread.sleep(5);
        }
        return r;
    }

    private static RunRecord start(String code) throws InterruptedException {
        RunRecord queued = runner.submit(new RunRequest(ScriptSource.of("loop.js", code), ANA, List.of("o1"), RunLimits.DEFAULT));
        await(queued.id(), r -> r.state() == RunState.RUNNING);
        return queued;
    }

    @Test
    void a_suspended_run_makes_no_lab_call_until_it_is_resumed() throws Exception {
        RunRecord run = start("for (let i = 0; i < 20000; i++) { lab.stimulate('o1', [0], 2); lab.wait(1); } lab.result('done', true);");
        assertTrue(runner.suspend(run.id(), "incubator at 39.5 °C"));
        assertFalse(runner.suspend(run.id(), "again"), "already suspended");
        assertEquals(RunState.SUSPENDED, runner.run(run.id()).orElseThrow().state());
        Thread.sleep(100); // the call in flight when it was suspended may finish
        int atSuspension = lab.stimulations.size();
        Thread.sleep(300);
        assertEquals(atSuspension, lab.stimulations.size(), "nothing reaches the lab while suspended");
        assertTrue(runner.resume(run.id(), "conditions back"));
        assertFalse(runner.resume(run.id(), "again"), "not suspended any more");
        RunRecord done = await(run.id(), r -> r.state().isFinal());
        assertEquals(RunState.SUCCEEDED, done.state(), done.error());
        assertTrue(lab.stimulations.size() > atSuspension);
        List<String> events = done.history().stream().map(RunEvent::event).toList();
        assertEquals(List.of("queued", "started", "suspended", "resumed", "succeeded"), events);
        assertEquals("incubator at 39.5 °C", done.history().get(2).detail());
    }

    @Test
    void a_suspended_run_can_be_cancelled_and_its_session_closes() throws Exception {
        RunRecord run = start("while (true) { lab.stimulate('o1', [0], 2); lab.wait(1); }");
        assertTrue(runner.suspend(run.id(), "medium flow stopped"));
        Thread.sleep(100);
        assertTrue(runner.cancel(run.id()));
        RunRecord done = await(run.id(), r -> r.state().isFinal());
        assertEquals(RunState.CANCELLED, done.state(), done.error());
        assertTrue(lab.openSessions().isEmpty(), "the session closed, so the rig returned to its safe state");
        assertFalse(runner.resume(run.id(), "too late"));
    }
}
