package org.neurolab.scheduling.internal;

import static org.neurolab.scheduling.internal.StoreCalls.db;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.control.Caller;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queued runs this runtime started, from their start in their slot to their end: it hands them to the experiment
 * runner, follows them until they end or their slot closes, stops, suspends and resumes them, and puts each of these
 * moments into the store and the audit trail. Runs of other runtimes on the same database are theirs to keep.
 */
final class RunKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(RunKeeper.class);

    /** Why a run is suspended; only the cause that suspended a run resumes it. */
    enum Cause { CONDITIONS, MAINTENANCE }

    /** A suspended run: why, and since when its conditions have been good (the resume waits for this to last). */
    static final class Suspension {
        final Cause cause;
        Instant goodSince;

        Suspension(Cause cause) {
            this.cause = cause;
        }
    }

    private final ScheduleStore store;
    private final Clock clock;
    private final ScheduleLab lab;
    private final ExperimentRunner runner;
    private final String runtimeId;
    /** Runs this runtime started: queue id → runner's run id. */
    private final Map<Long, String> mine = new ConcurrentHashMap<>();
    private final Map<Long, Suspension> suspensions = new ConcurrentHashMap<>();

    RunKeeper(ScheduleStore store, Clock clock, ScheduleLab lab, ExperimentRunner runner, String runtimeId) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.runner = runner;
        this.runtimeId = runtimeId;
    }

    /** Runs this runtime had going when it last stopped are marked interrupted: nobody followed them since, so none is retried. */
    void interruptLeftovers() {
        List<Long> left = db(() -> store.interruptLeftovers(runtimeId, clock.instant()));
        if (!left.isEmpty()) LOG.warn("Queued runs {} were going when the lab stopped: marked interrupted, not retried", left);
    }

    boolean isMine(long queuedRunId) {
        return mine.containsKey(queuedRunId);
    }

    /** The suspension of a run of this runtime, or null when it is not suspended here. */
    Suspension suspension(long queuedRunId) {
        return suspensions.get(queuedRunId);
    }

    /** Claims a waiting run for this runtime and hands it to the runner, bounded by what is left of its slot. */
    void start(QueuedRun q, Reservation r, Instant now) {
        if (!db(() -> store.claim(q.id(), runtimeId, now))) return; // another runtime took it
        try {
            ScriptSource script = ScriptSource.of(q.scriptName(), db(() -> store.code(q.id())));
            Duration left = Duration.between(now, r.end()).plusMinutes(1); // the slot's end stops it first; this bounds it if the scheduler is gone
            RunRecord run = runner.submit(new RunRequest(script, new Caller(r.user(), Set.of("researcher"), r.purpose()), lab.organoidsOf(r),
                    new RunLimits(left, RunLimits.DEFAULT.maxStatements(), RunLimits.DEFAULT.maxOutputBytes())));
            mine.put(q.id(), run.id());
            db(() -> {
                store.setRunId(q.id(), run.id());
                store.addEvent(q.id(), now, "started", "run " + run.id() + " in the slot of reservation " + r.id());
                return null;
            });
            LOG.info("Queued run {} started as {} in reservation {}", q.id(), run.id(), r.id());
        } catch (RuntimeException e) {
            db(() -> store.transition(q.id(), QueueState.FAILED, "failed", "could not start: " + e.getMessage(), now));
            audit(q, "failed", "could not start: " + e.getMessage());
        }
    }

    /** A run of this runtime: has it ended, or has its slot closed (then it is stopped)? True while it is still going. */
    boolean follow(QueuedRun q, Reservation r, Instant now) {
        String runId = mine.get(q.id());
        RunRecord rec = runner.run(runId).orElse(null);
        if (rec == null || rec.state().isFinal()) {
            QueueState end = rec == null ? QueueState.INTERRUPTED : switch (rec.state()) {
                case SUCCEEDED -> QueueState.SUCCEEDED;
                case CANCELLED -> QueueState.CANCELLED;
                case INTERRUPTED -> QueueState.INTERRUPTED;
                default -> QueueState.FAILED;
            };
            String detail = rec == null ? "the experiment runner no longer knows run " + runId + " (restarted?)" : rec.error();
            String event = end.name().toLowerCase(Locale.ROOT);
            db(() -> store.transition(q.id(), end, event, detail, now));
            audit(q, event, detail);
            forget(q.id());
            return false;
        }
        if (!now.isBefore(r.end())) {
            stop(q, QueueState.STOPPED_AT_SLOT_END, "stopped-at-slot-end",
                    "the slot of reservation " + r.id() + " ended at " + r.end() + ": run cancelled, its rig returned to the safe state");
            return false;
        }
        return true;
    }

    /** Ends a waiting or going run in {@code to}; a going run of this runtime is cancelled (its session closes: safe state). */
    boolean stop(QueuedRun q, QueueState to, String event, String detail) {
        Instant now = clock.instant();
        boolean moved = db(() -> store.transition(q.id(), to, event, detail, now));
        audit(q, event, detail);
        String runId = mine.get(q.id());
        if (runId != null) runner.cancel(runId);
        forget(q.id());
        if (moved) LOG.info("Queued run {} {}: {}", q.id(), to, detail);
        return moved;
    }

    /** Suspends a going run of this runtime (its rig to the safe state); false when the runner could not. */
    boolean suspend(QueuedRun q, String why, Cause cause, Instant now) {
        if (!runner.suspend(mine.get(q.id()), why)) return false;
        suspensions.put(q.id(), new Suspension(cause));
        db(() -> store.transition(q.id(), QueueState.SUSPENDED, "suspended", why, now));
        audit(q, "suspended", why);
        return true;
    }

    /** Resumes a suspended run of this runtime; false when the runner could not. */
    boolean resume(QueuedRun q, String why, Instant now) {
        if (!runner.resume(mine.get(q.id()), why)) return false;
        suspensions.remove(q.id());
        db(() -> store.transition(q.id(), QueueState.RUNNING, "resumed", why, now));
        audit(q, "resumed", why);
        return true;
    }

    String runIdOf(long queuedRunId) {
        return mine.get(queuedRunId);
    }

    /**
     * The scheduler is going away (bundle stopping, reconfigured): nobody would stop its runs at their slot's end, so
     * they are cancelled now (rig to its safe state) and marked interrupted, like runs of a lab that died.
     */
    void close() {
        Instant now = clock.instant();
        for (Map.Entry<Long, String> e : Map.copyOf(mine).entrySet()) {
            runner.cancel(e.getValue());
            try {
                store.transition(e.getKey(), QueueState.INTERRUPTED, "interrupted",
                        "the scheduler stopped (bundle stopping or reconfigured): run cancelled, its rig returned to the safe state; not retried", now);
            } catch (SQLException ex) {
                LOG.error("Queued run {} could not be marked interrupted: {}", e.getKey(), ex.getMessage());
            }
        }
        mine.clear();
        suspensions.clear();
    }

    private void forget(long id) {
        mine.remove(id);
        suspensions.remove(id);
    }

    private void audit(QueuedRun q, String event, String detail) {
        try {
            lab.audit("run." + event, "queued run " + q.id() + " (" + q.scriptName() + ", reservation " + q.reservationId() + ", " + q.user() + ")", detail);
        } catch (RuntimeException e) {
            LOG.error("Queued run {}: '{}' could not be put in the audit trail: {}", q.id(), event, e.getMessage());
        }
    }
}
