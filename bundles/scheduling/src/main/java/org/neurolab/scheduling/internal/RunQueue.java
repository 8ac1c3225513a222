package org.neurolab.scheduling.internal;

import static org.neurolab.scheduling.internal.Lengths.seconds;
import static org.neurolab.scheduling.internal.StoreCalls.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.scheduling.DryRunMargin;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of runs in reservations: a run is taken only when its dry run, with the margin a real run may need
 * ({@link DryRunMargin}), fits what is left of the slot after the runs queued before it.
 */
final class RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    private final ScheduleStore store;
    private final Clock clock;
    private final ScheduleLab lab;
    private final ExperimentRunner runner;
    private final RunKeeper runs;

    RunQueue(ScheduleStore store, Clock clock, ScheduleLab lab, ExperimentRunner runner, RunKeeper runs) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.runner = runner;
        this.runs = runs;
    }

    QueuedRun submit(long reservationId, String user, ScriptSource script) {
        if (script == null) throw new IllegalArgumentException("a run needs a script");
        Reservation r = db(() -> store.reservation(reservationId)).orElseThrow(() -> new IllegalArgumentException("no reservation " + reservationId));
        if (!r.user().equals(user))
            throw new SchedulingConflictException("reservation " + reservationId + " is held by " + r.user() + "; only its holder can submit runs to it",
                    "reservation " + reservationId);
        if (r.state() == ReservationState.CANCELLED)
            throw new SchedulingConflictException("reservation " + reservationId + " was cancelled", "reservation " + reservationId);
        Instant now = clock.instant();
        if (!r.end().isAfter(now)) throw new SchedulingConflictException("the slot of reservation " + reservationId + " ended at " + r.end(), "reservation " + reservationId);
        long estimate = dryRunMicros(r, script);
        Instant from = now.isAfter(r.start()) ? now : r.start();
        long leftMicros = Duration.between(from, r.end()).toNanos() / 1000;
        List<Long> before = new ArrayList<>();
        for (QueuedRun q : db(store::open)) {
            if (q.reservationId() != reservationId) continue;
            before.add(q.id());
            long spent = q.startedAt() == null ? 0 : Duration.between(q.startedAt(), now).toNanos() / 1000;
            leftMicros -= Math.max(0, DryRunMargin.boundMicros(q.estimatedLabMicros()) - spent);
        }
        // a real run may take longer than its dry run (context, computing, the data's lag at each wait): book the margin too
        long needed = DryRunMargin.boundMicros(estimate);
        if (needed > leftMicros)
            throw new SchedulingConflictException("the dry run of " + script.name() + " took " + seconds(estimate) + " of lab time, " + seconds(needed)
                    + " with the margin a real run may need; the slot of reservation " + reservationId + " has " + seconds(Math.max(0, leftMicros)) + " left"
                    + (before.isEmpty() ? "" : " after the runs queued before it " + before) + ": it does not fit", "reservation " + reservationId);
        long id = db(() -> store.insertQueued(reservationId, user, script.name(), script.code(), script.sha256(), estimate, now));
        LOG.info("Queued run {} ({}) in reservation {}", id, script.name(), reservationId);
        return queuedRun(id).orElseThrow();
    }

    /** The lab time the script's dry run took, as the holder on the reservation's cultures; refuses when it did not succeed. */
    private long dryRunMicros(Reservation r, ScriptSource script) {
        RunRecord dry;
        try {
            dry = runner.dryRun(new RunRequest(script, new Caller(r.user(), Set.of("researcher"), r.purpose()), lab.organoidsOf(r), null));
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the run cannot be checked against its slot, so it is not queued: this lab cannot dry-run scripts ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the dry run", e);
        }
        if (dry.state() != RunState.SUCCEEDED)
            throw new IllegalArgumentException("the dry run of " + script.name() + " did not succeed (" + dry.state() + ": " + dry.error()
                    + "); fix the script before submitting it");
        return dry.labMicros();
    }

    boolean cancelRun(long queuedRunId, Caller by) {
        QueuedRun q = queuedRun(queuedRunId).orElseThrow(() -> new IllegalArgumentException("no queued run " + queuedRunId));
        if (!Permissions.mayManage(by, q.user()))
            throw new SchedulingConflictException("queued run " + queuedRunId + " belongs to " + q.user() + "; only they, an operator or an admin may cancel it", "");
        if (q.state().isFinal()) return false;
        return runs.stop(q, QueueState.CANCELLED, "cancelled", "cancelled by " + by.user());
    }

    Optional<QueuedRun> queuedRun(long id) {
        return db(() -> store.queued(id));
    }

    List<QueuedRun> queue() {
        return db(store::queue);
    }
}
