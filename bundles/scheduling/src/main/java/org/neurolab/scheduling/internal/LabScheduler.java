package org.neurolab.scheduling.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.ScriptSource;

/**
 * The schedule of this runtime, without OSGi: the {@link Scheduler} face over its parts, wired here: {@link Bookings},
 * the {@link ReservationGuard}, the {@link RunQueue}, {@link MaintenanceJobs}, the {@link RunKeeper} of the runs it
 * started, and {@link #tick()}, which a timer calls and tests call after moving their clock.
 */
final class LabScheduler implements Scheduler {
    private final SchedulingSettings settings;
    private final RunKeeper runs;
    private final Bookings bookings;
    private final RunQueue queue;
    private final MaintenanceJobs maintenance;
    private final ReservationGuard guard;
    private final SchedulePass pass;

    /** {@code tasks}: the maintenance task services by name, kept current by the caller as they come and go. */
    LabScheduler(ScheduleStore store, Clock clock, ScheduleLab lab, ExperimentRunner runner, Map<String, MaintenanceTask> tasks, SchedulingSettings settings) {
        this.settings = settings;
        this.runs = new RunKeeper(store, clock, lab, runner, settings.runtimeId());
        this.bookings = new Bookings(store, clock, lab, settings, runs);
        this.queue = new RunQueue(store, clock, lab, runner, runs);
        this.maintenance = new MaintenanceJobs(store, clock, lab, tasks, runs);
        this.guard = new ReservationGuard(settings.enforceReservations(), clock, bookings::index);
        ConditionWatch conditions = new ConditionWatch(runs, new RigConditions(lab, settings), settings.resumeAfter());
        this.pass = new SchedulePass(store, clock, lab, bookings, maintenance, runs, conditions);
        runs.interruptLeftovers();
        bookings.refreshIndex();
    }

    /** The {@code scheduling} guard, fed by this schedule's bookings. */
    CommandGuard guard() {
        return guard;
    }

    /** One pass: maintenance due, runs to stop, to start, to suspend and to resume. */
    synchronized void tick() {
        pass.run();
    }

    /** The scheduler is going away: the runs it started are cancelled and marked interrupted (see {@link RunKeeper#close()}). */
    synchronized void close() {
        runs.close();
    }

    @Override
    public Reservation book(BookingRequest request) {
        return bookings.book(request);
    }

    @Override
    public Reservation cancel(long reservationId, Caller by) {
        return bookings.cancel(reservationId, by);
    }

    @Override
    public Optional<Reservation> reservation(long id) {
        return bookings.reservation(id);
    }

    @Override
    public List<Reservation> reservations(Instant from, Instant to) {
        return bookings.reservations(from, to);
    }

    @Override
    public Optional<Reservation> liveReservation(String organoidId, Instant at) {
        return bookings.liveReservation(organoidId, at);
    }

    @Override
    public boolean enforcesReservations() {
        return settings.enforceReservations();
    }

    @Override
    public QueuedRun submit(long reservationId, String user, ScriptSource script) {
        return queue.submit(reservationId, user, script);
    }

    @Override
    public boolean cancelRun(long queuedRunId, Caller by) {
        return queue.cancelRun(queuedRunId, by);
    }

    @Override
    public Optional<QueuedRun> queuedRun(long id) {
        return queue.queuedRun(id);
    }

    @Override
    public List<QueuedRun> queue() {
        return queue.queue();
    }

    @Override
    public List<MaintenanceJob> maintenance() {
        return maintenance.jobs();
    }

    @Override
    public MaintenanceJob addMaintenance(MaintenanceSchedule schedule) {
        return maintenance.add(schedule);
    }

    @Override
    public boolean removeMaintenance(long jobId) {
        return maintenance.remove(jobId);
    }
}
