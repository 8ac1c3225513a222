package org.neurolab.scheduling.internal;

import static org.neurolab.scheduling.internal.StoreCalls.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.control.Caller;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring maintenance: the jobs (each carried out by the {@link MaintenanceTask} service of its name) and their
 * occurrences. Maintenance comes first: runs on the culture are suspended while its task works, then resumed.
 */
final class MaintenanceJobs {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJobs.class);
    /** Who maintenance tasks act as on the command path. */
    static final Caller SYSTEM = new Caller(MaintenanceTask.SYSTEM_USER, Set.of("operator"), MaintenanceTask.PURPOSE);

    private final ScheduleStore store;
    private final Clock clock;
    private final ScheduleLab lab;
    private final Map<String, MaintenanceTask> tasks;
    private final RunKeeper runs;

    /** {@code tasks}: the task services by name, kept current by the caller as they come and go. */
    MaintenanceJobs(ScheduleStore store, Clock clock, ScheduleLab lab, Map<String, MaintenanceTask> tasks, RunKeeper runs) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.tasks = tasks;
        this.runs = runs;
    }

    List<MaintenanceJob> jobs() {
        return db(store::jobs).stream().map(this::withStatus).toList();
    }

    MaintenanceJob add(MaintenanceSchedule s) {
        Organoid o = lab.culture(s.organoidId()).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + s.organoidId() + "'"));
        if (!s.task().matches("[a-z0-9][a-z0-9-]{0,99}"))
            throw new IllegalArgumentException("a task name is lower-case words joined by '-' (e.g. medium-exchange), was '" + s.task() + "'");
        Instant now = clock.instant();
        Instant next = s.firstAt();
        if (next.isBefore(now)) {
            long periods = (Duration.between(next, now).toMillis() + s.every().toMillis() - 1) / s.every().toMillis();
            next = next.plusMillis(periods * s.every().toMillis());
        }
        Instant first = next;
        MaintenanceJob job = db(() -> store.insertJob(s.task(), o.id(), o.meaId(), s.firstAt(), s.every(), s.window(), first));
        LOG.info("Maintenance job {}: {} of {} every {} from {}", job.id(), job.task(), job.organoidId(), job.every(), job.firstAt());
        return withStatus(job);
    }

    boolean remove(long jobId) {
        return db(() -> store.deleteJob(jobId));
    }

    /** Carries out every job whose next occurrence has come. */
    void runDue(Instant now) {
        for (MaintenanceJob job : db(store::jobs)) if (!job.nextAt().isAfter(now)) run(job, now);
    }

    /** One occurrence; occurrences missed while the lab was off run once. The runtime next to the array does it. */
    private void run(MaintenanceJob job, Instant now) {
        if (!lab.hasLocalMea(job.meaId())) return;
        long period = job.every().toMillis();
        long behind = Duration.between(job.nextAt(), now).toMillis() / period + 1;
        Instant next = job.nextAt().plusMillis(behind * period);
        MaintenanceTask task = tasks.get(job.task());
        String skipped = "not run at " + now + ": no maintenance task service '" + job.task() + "' is installed";
        // the store moves the job on only once: another runtime that got there first has it
        if (!db(() -> store.jobDone(job.id(), job.nextAt(), next, now, task == null ? skipped : "running"))) return;
        if (task == null) {
            LOG.warn("Maintenance job {} ({} of {}) {}", job.id(), job.task(), job.organoidId(), skipped);
            return;
        }
        List<QueuedRun> preempted = suspendRunsOn(job, now);
        String outcome;
        try {
            outcome = task.perform(withStatus(job), SYSTEM);
            LOG.info("Maintenance job {} ({} of {}): {}", job.id(), job.task(), job.organoidId(), outcome);
        } catch (Exception e) {
            outcome = "failed: " + e.getMessage();
            LOG.error("Maintenance job {} ({} of {}) failed: {}", job.id(), job.task(), job.organoidId(), e.getMessage(), e);
        }
        String last = outcome;
        db(() -> {
            store.jobOutcome(job.id(), last);
            return null;
        });
        Instant after = clock.instant();
        for (QueuedRun q : preempted) runs.resume(q, "maintenance job " + job.id() + " (" + job.task() + ") done", after);
    }

    /** The going runs of this runtime on the job's culture, suspended for it. */
    private List<QueuedRun> suspendRunsOn(MaintenanceJob job, Instant now) {
        List<QueuedRun> preempted = new ArrayList<>();
        for (QueuedRun q : db(store::open)) {
            if (q.state() != QueueState.RUNNING || !runs.isMine(q.id())) continue;
            Reservation r = db(() -> store.reservation(q.reservationId())).orElseThrow();
            if (!r.holds(job.organoidId(), job.meaId())) continue;
            if (runs.suspend(q, "maintenance job " + job.id() + " (" + job.task() + ") takes precedence", RunKeeper.Cause.MAINTENANCE, now)) preempted.add(q);
        }
        return preempted;
    }

    private MaintenanceJob withStatus(MaintenanceJob j) {
        String status = tasks.containsKey(j.task()) ? "ok"
                : "cannot run: no maintenance task service '" + j.task() + "' is installed"
                + ("impedance-check".equals(j.task()) ? " (no MEA driver of this lab offers an impedance check yet)" : "");
        return new MaintenanceJob(j.id(), j.task(), j.organoidId(), j.meaId(), j.firstAt(), j.every(), j.window(), j.nextAt(), j.lastRunAt(), j.lastOutcome(), status);
    }
}
