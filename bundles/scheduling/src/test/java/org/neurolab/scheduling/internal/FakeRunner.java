package org.neurolab.scheduling.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunEvent;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;

/**
 * An experiment runner that runs nothing: its runs go on until the test ends them; a dry run lasts what the script
 * says in its first line ({@code # lab-seconds: N}). Records what the scheduler asked of it.
 */
final class FakeRunner implements ExperimentRunner {
    final Map<String, RunRequest> requests = new ConcurrentHashMap<>();
    final Map<String, RunState> states = new ConcurrentHashMap<>();
    final Map<String, List<RunEvent>> history = new ConcurrentHashMap<>();
    /** Runs whose session was closed by a cancel: in the lab that returns their rig to its safe state. */
    final List<String> cancelled = new ArrayList<>();
    volatile boolean dryRunsAvailable = true;
    private final AtomicLong ids = new AtomicLong();

    static String script(int labSeconds) {
        return "# lab-seconds: " + labSeconds + "\nlab.wait(" + labSeconds * 1000 + ")\n";
    }

    @Override
    public synchronized RunRecord submit(RunRequest request) {
        String id = "run-" + ids.incrementAndGet();
        requests.put(id, request);
        states.put(id, RunState.RUNNING);
        history.put(id, new ArrayList<>(List.of(new RunEvent(Instant.now(), "started", ""))));
        return record(id, 0);
    }

    @Override
    public RunRecord runAndWait(RunRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RunRecord> run(String id) {
        return states.containsKey(id) ? Optional.of(record(id, 0)) : Optional.empty();
    }

    @Override
    public List<RunRecord> runs() {
        return states.keySet().stream().map(id -> record(id, 0)).toList();
    }

    @Override
    public synchronized boolean cancel(String id) {
        if (!states.containsKey(id) || states.get(id).isFinal()) return false;
        states.put(id, RunState.CANCELLED);
        cancelled.add(id);
        return true;
    }

    @Override
    public RunRecord dryRun(RunRequest request) {
        if (!dryRunsAvailable) throw new UnsupportedOperationException("dry runs are not available in this build yet");
        String first = request.script().code().lines().findFirst().orElse("");
        long seconds = Long.parseLong(first.replace("# lab-seconds:", "").trim());
        return new RunRecord("dry-" + ids.incrementAndGet(), RunState.SUCCEEDED, request.script().name(), request.script().language(), "", request.caller().user(),
                request.organoids(), Instant.now(), Instant.now(), Instant.now(), seconds * 1_000_000, "", "", 0, Map.of(), Map.of(), List.of());
    }

    @Override
    public synchronized boolean suspend(String id, String reason) {
        if (states.get(id) != RunState.RUNNING) return false;
        states.put(id, RunState.SUSPENDED);
        history.get(id).add(new RunEvent(Instant.now(), "suspended", reason));
        return true;
    }

    @Override
    public synchronized boolean resume(String id, String reason) {
        if (states.get(id) != RunState.SUSPENDED) return false;
        states.put(id, RunState.RUNNING);
        history.get(id).add(new RunEvent(Instant.now(), "resumed", reason));
        return true;
    }

    /** The script ended on its own. */
    void finish(String id) {
        states.put(id, RunState.SUCCEEDED);
    }

    /** Forgets every run, as a restarted runner would. */
    void forgetAll() {
        states.clear();
    }

    private RunRecord record(String id, long labMicros) {
        RunRequest r = requests.get(id);
        return new RunRecord(id, states.get(id), r.script().name(), r.script().language(), "", r.caller().user(), r.organoids(), Instant.now(), Instant.now(),
                null, labMicros, "", "", 0, Map.of(), Map.of(), List.copyOf(history.get(id)));
    }
}
