package org.neurolab.scheduling.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.DryRunMargin;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.MaintenanceSchedule;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;
import org.neurolab.scheduling.Scheduler;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scheduling.TargetKind;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.RunState;
import org.neurolab.scripting.ScriptSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's logic, without OSGi: bookings (checked in the database's booking transaction), the guard (from an
 * in-memory index), and {@link #tick()}, which a timer calls and tests call after moving their clock: it runs due
 * maintenance, starts runs whose slot is open, stops runs whose slot has closed, and suspends and resumes runs as
 * their rig's conditions leave and come back.
 */
final class SchedulerCore implements Scheduler, CommandGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    static final String POLICY = "scheduling.reservation";
    /** A slot may start this much before now (the time it takes to type the command). */
    static final Duration PAST_GRACE = Duration.ofMinutes(1);
    static final Caller SYSTEM = new Caller(MaintenanceTask.SYSTEM_USER, Set.of("operator"), MaintenanceTask.PURPOSE);

    /** What the scheduler needs of the lab; OSGi services behind it in the lab, fakes in tests. */
    interface Lab {
        Optional<Organoid> culture(String id);

        List<Organoid> cultures();

        /** Whether the array's driver runs in this runtime (runs and maintenance for it happen here). */
        boolean hasLocalMea(String meaId);

        Optional<String> rigOf(String meaId);

        Optional<EnvironmentReading> environment(String rigId);

        List<String> pumpIds(String rigId);

        OptionalDouble flow(String pumpId);

        /** Cultures the ethics office holds, with the reason. */
        Map<String, String> holds();

        /** Puts a moment of a run's life (suspended, resumed, stopped at slot end, interrupted) into the audit trail. */
        default void audit(String action, String target, String reason) {
        }
    }

    private final ScheduleStore store;
    private final Clock clock;
    private final Lab lab;
    private final ExperimentRunner runner;
    private final Map<String, MaintenanceTask> tasks;
    private final SchedulingSettings settings;
    private volatile ReservationIndex index = ReservationIndex.EMPTY;
    /** Runs this runtime started: queue id → runner's run id. */
    private final Map<Long, String> mine = new ConcurrentHashMap<>();
    /** Why a run of this runtime is suspended, and since when its conditions have been good. */
    private final Map<Long, Suspension> suspensions = new ConcurrentHashMap<>();

    private static final class Suspension {
        final String cause; // "conditions" or "maintenance"
        Instant goodSince;

        Suspension(String cause) {
            this.cause = cause;
        }
    }

    SchedulerCore(ScheduleStore store, Clock clock, Lab lab, ExperimentRunner runner, Map<String, MaintenanceTask> tasks, SchedulingSettings settings) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.runner = runner;
        this.tasks = tasks;
        this.settings = settings;
        db(() -> {
            List<Long> left = store.interruptLeftovers(settings.runtimeId(), clock.instant());
            if (!left.isEmpty()) LOG.warn("Queued runs {} were going when the lab stopped: marked interrupted, not retried", left);
            return null;
        });
        refreshIndex();
    }

    /**
     * The scheduler is going away (bundle stopping, reconfigured): nobody would stop its runs at their slot's end, so
     * they are cancelled now (rig to its safe state) and marked interrupted, like runs of a lab that died.
     */
    synchronized void close() {
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

    // ---- bookings -----------------------------------------------------------------------------------------

    @Override
    public Reservation book(BookingRequest in) {
        // the databases keep microseconds: what is returned is what is stored
        BookingRequest request = new BookingRequest(in.user(), in.target(), in.start().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                in.end().truncatedTo(java.time.temporal.ChronoUnit.MICROS), in.purpose());
        Instant now = clock.instant();
        Target t = resolve(request.target());
        if (!request.end().isAfter(now))
            throw new IllegalArgumentException("the slot " + request.start() + " .. " + request.end() + " is in the past (now is " + now + ")");
        if (request.start().isBefore(now.minus(PAST_GRACE)))
            throw new IllegalArgumentException("the slot starts in the past (" + request.start() + ", now is " + now + "): book from now on");
        Duration length = Duration.between(request.start(), request.end());
        if (length.compareTo(settings.maxSlot()) > 0)
            throw new IllegalArgumentException("a slot may last at most " + hours(settings.maxSlot()) + "; this one lasts " + exactly(length)
                    + ", " + exactly(length.minus(settings.maxSlot())) + " too long");
        refuseHeld(t);
        Reservation r = db(() -> store.book(new ScheduleStore.NewReservation(request.user(), t.kind, t.id, t.meaId, request.start(), request.end(),
                request.purpose(), now), view -> {
            for (Reservation other : view.overlappingOnMea())
                if (other.claimsSameCultureAs(t.kind, t.id, t.meaId))
                    throw new SchedulingConflictException(request.target() + " is already booked then: the slot overlaps " + other.describe(),
                            "reservation " + other.id());
            for (MaintenanceJob job : view.jobsOnMea()) {
                if (t.kind == TargetKind.ORGANOID && !job.organoidId().equals(t.id)) continue;
                Instant occurrence = job.firstOccurrenceOverlapping(request.start(), request.end());
                if (occurrence != null)
                    throw new SchedulingConflictException("the slot overlaps maintenance job " + job.id() + " (" + job.task() + " of " + job.organoidId() + ") from "
                            + occurrence + " to " + occurrence.plus(job.window()) + "; maintenance comes first: book around it", "maintenance " + job.id());
            }
            Duration held = Duration.ZERO;
            for (Reservation mineOpen : view.usersOpen()) held = held.plus(Duration.between(mineOpen.start(), mineOpen.end()));
            Duration quota = settings.quotaOf(request.user());
            if (held.plus(length).compareTo(quota) > 0)
                throw new SchedulingConflictException("user " + request.user() + " already holds " + hours(held) + " of bookings that have not ended; "
                        + hours(length) + " more would exceed their quota of " + hours(quota), "quota");
        }));
        LOG.info("Booked {}", r.describe());
        refreshIndex();
        return r;
    }

    private record Target(TargetKind kind, String id, String meaId) {
    }

    private Target resolve(String target) {
        Optional<Organoid> o = lab.culture(target);
        if (o.isPresent()) return new Target(TargetKind.ORGANOID, target, o.get().meaId());
        if (lab.cultures().stream().anyMatch(c -> c.meaId().equals(target)) || lab.hasLocalMea(target)) return new Target(TargetKind.MEA, target, target);
        throw new IllegalArgumentException("unknown culture '" + target + "': neither an organoid nor an MEA of this lab (organoids: "
                + lab.cultures().stream().map(Organoid::id).sorted().limit(8).toList() + (lab.cultures().size() > 8 ? " ..." : "") + ")");
    }

    private void refuseHeld(Target t) {
        List<Organoid> concerned = t.kind == TargetKind.ORGANOID ? List.of(lab.culture(t.id).orElseThrow())
                : lab.cultures().stream().filter(c -> c.meaId().equals(t.meaId)).toList();
        Map<String, String> holds = lab.holds();
        for (Organoid o : concerned) {
            if (o.state() == CultureState.RETIRED)
                throw new SchedulingConflictException("organoid " + o.id() + " is past its end of life (RETIRED) and cannot be booked", "");
            if (o.state() == CultureState.ON_HOLD || holds.containsKey(o.id()))
                throw new SchedulingConflictException("organoid " + o.id() + " is on hold" + (holds.containsKey(o.id()) ? " (" + holds.get(o.id()) + ")" : "")
                        + " and cannot be booked until the ethics office releases it", "");
        }
    }

    @Override
    public Reservation cancel(long reservationId, Caller by) {
        Reservation r = reservation(reservationId).orElseThrow(() -> new IllegalArgumentException("no reservation " + reservationId));
        if (!mayManage(by, r.user()))
            throw new SchedulingConflictException("reservation " + reservationId + " is held by " + r.user() + "; only they, an operator or an admin may cancel it",
                    "reservation " + reservationId);
        if (r.state() == ReservationState.CANCELLED) return r;
        db(() -> store.cancelReservation(reservationId, by.user()));
        refreshIndex();
        for (QueuedRun q : db(store::open))
            if (q.reservationId() == reservationId) stopQueued(q, QueueState.CANCELLED, "cancelled", "reservation " + reservationId + " was cancelled by " + by.user());
        LOG.info("Reservation {} cancelled by {}", reservationId, by.user());
        return reservation(reservationId).orElseThrow();
    }

    @Override
    public Optional<Reservation> reservation(long id) {
        return db(() -> store.reservation(id));
    }

    @Override
    public List<Reservation> reservations(Instant from, Instant to) {
        if (!to.isAfter(from)) throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        return db(() -> store.reservations(from, to));
    }

    @Override
    public boolean enforcesReservations() {
        return settings.enforceReservations();
    }

    @Override
    public Optional<Reservation> liveReservation(String organoidId, Instant at) {
        Organoid o = lab.culture(organoidId).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoidId + "'"));
        return db(() -> store.reservations(at, at.plusMillis(1))).stream().filter(r -> r.isLiveAt(at) && r.holds(o.id(), o.meaId())).findFirst();
    }

    /** Reloads the reservations around now into the guard's index (also done on every tick, for bookings made by other runtimes). */
    void refreshIndex() {
        Instant now = clock.instant();
        index = new ReservationIndex(db(() -> store.reservations(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)))));
    }

    // ---- the guard ------------------------------------------------------------------------------------------

    @Override
    public GuardDecision check(CommandRequest request) {
        if (!settings.enforceReservations()) return GuardDecision.allow();
        Caller caller = request.caller();
        boolean staff = caller.hasRole("operator") || caller.hasRole("admin");
        if (staff && (request.command() instanceof ExchangeMedium || MaintenanceTask.PURPOSE.equals(caller.purpose())))
            return GuardDecision.allow(List.of("scheduling.maintenance"));
        Organoid o = request.organoid();
        Instant now = clock.instant();
        Reservation live = index.live(o.id(), o.meaId(), now);
        if (live == null)
            return GuardDecision.deny("organoid " + o.id() + " has no reservation live now (" + now + "): book it first (neurolab book)", POLICY);
        if (!live.user().equals(caller.user()))
            return GuardDecision.deny("organoid " + o.id() + " is reserved by " + live.user() + " until " + live.end() + " (reservation " + live.id()
                    + "); only the holder's commands reach it", POLICY);
        return GuardDecision.allow(List.of(POLICY));
    }

    // ---- the queue ------------------------------------------------------------------------------------------

    @Override
    public QueuedRun submit(long reservationId, String user, ScriptSource script) {
        if (script == null) throw new IllegalArgumentException("a run needs a script");
        Reservation r = reservation(reservationId).orElseThrow(() -> new IllegalArgumentException("no reservation " + reservationId));
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
            throw new SchedulingConflictException("the dry run of " + script.name() + " took " + micros(estimate) + " of lab time, " + micros(needed)
                    + " with the margin a real run may need; the slot of reservation " + reservationId + " has " + micros(Math.max(0, leftMicros)) + " left"
                    + (before.isEmpty() ? "" : " after the runs queued before it " + before) + ": it does not fit", "reservation " + reservationId);
        long id = db(() -> store.insertQueued(reservationId, user, script.name(), script.code(), script.sha256(), estimate, now));
        LOG.info("Queued run {} ({}) in reservation {}", id, script.name(), reservationId);
        return queuedRun(id).orElseThrow();
    }

    private long dryRunMicros(Reservation r, ScriptSource script) {
        RunRecord dry;
        try {
            dry = runner.dryRun(new RunRequest(script, new Caller(r.user(), Set.of("researcher"), r.purpose()), organoidsOf(r), null));
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

    @Override
    public boolean cancelRun(long queuedRunId, Caller by) {
        QueuedRun q = queuedRun(queuedRunId).orElseThrow(() -> new IllegalArgumentException("no queued run " + queuedRunId));
        if (!mayManage(by, q.user()))
            throw new SchedulingConflictException("queued run " + queuedRunId + " belongs to " + q.user() + "; only they, an operator or an admin may cancel it", "");
        if (q.state().isFinal()) return false;
        return stopQueued(q, QueueState.CANCELLED, "cancelled", "cancelled by " + by.user());
    }

    @Override
    public Optional<QueuedRun> queuedRun(long id) {
        return db(() -> store.queued(id));
    }

    @Override
    public List<QueuedRun> queue() {
        return db(store::queue);
    }

    // ---- maintenance ----------------------------------------------------------------------------------------

    @Override
    public List<MaintenanceJob> maintenance() {
        return db(store::jobs).stream().map(this::withStatus).toList();
    }

    @Override
    public MaintenanceJob addMaintenance(MaintenanceSchedule s) {
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

    @Override
    public boolean removeMaintenance(long jobId) {
        return db(() -> store.deleteJob(jobId));
    }

    private MaintenanceJob withStatus(MaintenanceJob j) {
        String status = tasks.containsKey(j.task()) ? "ok"
                : "cannot run: no maintenance task service '" + j.task() + "' is installed"
                + ("impedance-check".equals(j.task()) ? " (no MEA driver of this lab offers an impedance check yet)" : "");
        return new MaintenanceJob(j.id(), j.task(), j.organoidId(), j.meaId(), j.firstAt(), j.every(), j.window(), j.nextAt(), j.lastRunAt(), j.lastOutcome(), status);
    }

    // ---- the clock's work -------------------------------------------------------------------------------------

    /** One pass: maintenance due, runs to stop, to start, to suspend and to resume. */
    synchronized void tick() {
        Instant now = clock.instant();
        refreshIndex();
        for (MaintenanceJob job : db(store::jobs)) if (!job.nextAt().isAfter(now)) runMaintenance(job, now);
        Map<Long, Reservation> reservations = new HashMap<>();
        List<QueuedRun> open = db(store::open);
        Set<Long> busy = new java.util.HashSet<>();
        for (QueuedRun q : open) {
            Reservation r = reservations.computeIfAbsent(q.reservationId(), id -> reservation(id).orElseThrow());
            switch (q.state()) {
                case WAITING -> {
                    if (r.state() == ReservationState.CANCELLED) stopQueued(q, QueueState.CANCELLED, "cancelled", "reservation " + r.id() + " was cancelled");
                    else if (!now.isBefore(r.end())) stopQueued(q, QueueState.MISSED_SLOT, "missed-slot", "the slot closed at " + r.end() + " before the run could start");
                }
                case RUNNING, SUSPENDED -> {
                    if (!mine.containsKey(q.id()) || follow(q, r, now)) busy.add(r.id());
                }
                default -> {
                }
            }
        }
        // start the oldest waiting run of each open slot that has nothing going
        for (QueuedRun q : open) {
            if (q.state() != QueueState.WAITING || busy.contains(q.reservationId())) continue;
            Reservation r = reservations.get(q.reservationId());
            if (r.isLiveAt(now) && lab.hasLocalMea(r.meaId())) {
                busy.add(r.id());
                start(q, r, now);
            }
        }
    }

    private void start(QueuedRun q, Reservation r, Instant now) {
        if (!db(() -> store.claim(q.id(), settings.runtimeId(), now))) return;
        try {
            ScriptSource script = ScriptSource.of(q.scriptName(), db(() -> store.code(q.id())));
            Duration left = Duration.between(now, r.end()).plusMinutes(1); // the slot's end stops it first; this bounds it if the scheduler is gone
            RunRecord run = runner.submit(new RunRequest(script, new Caller(r.user(), Set.of("researcher"), r.purpose()), organoidsOf(r),
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
            auditRun(q, "failed", "could not start: " + e.getMessage());
        }
    }

    /** A run of this runtime: ended? past its slot? conditions? True while it is still going. */
    private boolean follow(QueuedRun q, Reservation r, Instant now) {
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
            db(() -> store.transition(q.id(), end, end.name().toLowerCase(java.util.Locale.ROOT), detail, now));
            auditRun(q, end.name().toLowerCase(java.util.Locale.ROOT), detail);
            forget(q.id());
            return false;
        }
        if (!now.isBefore(r.end())) {
            stopQueued(q, QueueState.STOPPED_AT_SLOT_END, "stopped-at-slot-end",
                    "the slot of reservation " + r.id() + " ended at " + r.end() + ": run cancelled, its rig returned to the safe state");
            return false;
        }
        watchConditions(q, r, runId, now);
        return true;
    }

    private void watchConditions(QueuedRun q, Reservation r, String runId, Instant now) {
        String problem = conditionProblem(r.meaId());
        Suspension s = suspensions.get(q.id());
        if (q.state() == QueueState.RUNNING && problem != null) {
            if (runner.suspend(runId, problem)) {
                suspensions.put(q.id(), new Suspension("conditions"));
                db(() -> store.transition(q.id(), QueueState.SUSPENDED, "suspended", problem, now));
                auditRun(q, "suspended", problem);
                LOG.warn("Queued run {} ({}) suspended: {}", q.id(), runId, problem);
            }
        } else if (q.state() == QueueState.SUSPENDED && s != null && s.cause.equals("conditions")) {
            if (problem != null) {
                s.goodSince = null;
            } else if (s.goodSince == null) {
                s.goodSince = now;
            } else if (Duration.between(s.goodSince, now).compareTo(settings.resumeAfter()) >= 0) {
                String why = "conditions back in range for " + settings.resumeAfter().toSeconds() + " s";
                if (runner.resume(runId, why)) {
                    suspensions.remove(q.id());
                    db(() -> store.transition(q.id(), QueueState.RUNNING, "resumed", why, now));
                    auditRun(q, "resumed", why);
                    LOG.info("Queued run {} ({}) resumed: {}", q.id(), runId, why);
                }
            }
        }
    }

    /** What is wrong with the array's rig now (incubator out of range, medium flow stopped), or null. */
    String conditionProblem(String meaId) {
        Optional<String> rig = lab.rigOf(meaId);
        if (rig.isEmpty()) return null;
        Optional<EnvironmentReading> env = lab.environment(rig.get());
        if (env.isPresent()) {
            EnvironmentReading e = env.get();
            if (e.temperatureCelsius() < settings.temperatureMinCelsius() || e.temperatureCelsius() > settings.temperatureMaxCelsius())
                return String.format(java.util.Locale.ROOT, "incubator of rig %s at %.2f °C, outside its safe range %.1f..%.1f °C", rig.get(), e.temperatureCelsius(),
                        settings.temperatureMinCelsius(), settings.temperatureMaxCelsius());
            if (e.co2Percent() < settings.co2MinPercent() || e.co2Percent() > settings.co2MaxPercent())
                return String.format(java.util.Locale.ROOT, "incubator of rig %s at %.2f %% CO2, outside its safe range %.1f..%.1f %%", rig.get(), e.co2Percent(),
                        settings.co2MinPercent(), settings.co2MaxPercent());
        }
        String pump = settings.pumpOf(meaId, lab.pumpIds(rig.get()));
        if (pump != null) {
            OptionalDouble flow = lab.flow(pump);
            if (flow.isPresent() && flow.getAsDouble() < settings.minFlowMicrolitresPerMinute())
                return String.format(java.util.Locale.ROOT, "medium flow of %s is %.2f µL/min, below %.2f µL/min", pump, flow.getAsDouble(),
                        settings.minFlowMicrolitresPerMinute());
        }
        return null;
    }

    /** Maintenance first: runs on the culture are suspended while the task works, then resumed. */
    private void runMaintenance(MaintenanceJob job, Instant now) {
        if (!lab.hasLocalMea(job.meaId())) return; // the runtime next to the array does it
        long period = job.every().toMillis();
        long behind = Duration.between(job.nextAt(), now).toMillis() / period + 1; // occurrences missed while the lab was off run once
        Instant next = job.nextAt().plusMillis(behind * period);
        MaintenanceTask task = tasks.get(job.task());
        String skipped = "not run at " + now + ": no maintenance task service '" + job.task() + "' is installed";
        if (!db(() -> store.jobDone(job.id(), job.nextAt(), next, now, task == null ? skipped : "running"))) return;
        if (task == null) {
            LOG.warn("Maintenance job {} ({} of {}) {}", job.id(), job.task(), job.organoidId(), skipped);
            return;
        }
        List<QueuedRun> preempted = new ArrayList<>();
        for (QueuedRun q : db(store::open)) {
            if (q.state() != QueueState.RUNNING || !mine.containsKey(q.id())) continue;
            Reservation r = reservation(q.reservationId()).orElseThrow();
            if (!r.holds(job.organoidId(), job.meaId())) continue;
            String why = "maintenance job " + job.id() + " (" + job.task() + ") takes precedence";
            if (runner.suspend(mine.get(q.id()), why)) {
                suspensions.put(q.id(), new Suspension("maintenance"));
                db(() -> store.transition(q.id(), QueueState.SUSPENDED, "suspended", why, now));
                auditRun(q, "suspended", why);
                preempted.add(q);
            }
        }
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
        for (QueuedRun q : preempted) {
            String why = "maintenance job " + job.id() + " (" + job.task() + ") done";
            if (runner.resume(mine.get(q.id()), why)) {
                suspensions.remove(q.id());
                db(() -> store.transition(q.id(), QueueState.RUNNING, "resumed", why, after));
                auditRun(q, "resumed", why);
            }
        }
    }

    /** Ends a waiting or going run in {@code to}; a going run of this runtime is cancelled (its session closes: safe state). */
    private boolean stopQueued(QueuedRun q, QueueState to, String event, String detail) {
        Instant now = clock.instant();
        boolean moved = db(() -> store.transition(q.id(), to, event, detail, now));
        auditRun(q, event, detail);
        String runId = mine.get(q.id());
        if (runId != null) runner.cancel(runId);
        forget(q.id());
        if (moved) LOG.info("Queued run {} {}: {}", q.id(), to, detail);
        return moved;
    }

    private void forget(long id) {
        mine.remove(id);
        suspensions.remove(id);
    }

    List<String> organoidsOf(Reservation r) {
        if (r.kind() == TargetKind.ORGANOID) return List.of(r.target());
        return lab.cultures().stream().filter(o -> o.meaId().equals(r.meaId())).map(Organoid::id).sorted().toList();
    }

    private static boolean mayManage(Caller by, String owner) {
        return by.user().equals(owner) || by.hasRole("operator") || by.hasRole("admin");
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : String.format(java.util.Locale.ROOT, "%.2f h", minutes / 60.0);
    }

    /** A length as written to the last unit it has (24 h 0 min 0.000001 s), so a refusal never reads like an allowance. */
    static String exactly(Duration d) {
        StringBuilder b = new StringBuilder();
        if (d.toHours() > 0) b.append(d.toHours()).append(" h ");
        if (d.toMinutesPart() > 0 || (b.length() > 0 && (d.toSecondsPart() > 0 || d.toNanosPart() > 0))) b.append(d.toMinutesPart()).append(" min ");
        if (d.toSecondsPart() > 0 || d.toNanosPart() > 0 || b.length() == 0)
            b.append(new java.math.BigDecimal(d.toSecondsPart()).add(java.math.BigDecimal.valueOf(d.toNanosPart(), 9)).stripTrailingZeros().toPlainString()).append(" s");
        return b.toString().strip();
    }

    private static String micros(long us) {
        return String.format(java.util.Locale.ROOT, "%.1f s", us / 1e6);
    }

    private void auditRun(QueuedRun q, String event, String detail) {
        try {
            lab.audit("run." + event, "queued run " + q.id() + " (" + q.scriptName() + ", reservation " + q.reservationId() + ", " + q.user() + ")", detail);
        } catch (RuntimeException e) {
            LOG.error("Queued run {}: '{}' could not be put in the audit trail: {}", q.id(), event, e.getMessage());
        }
    }

    @FunctionalInterface
    interface Db<T> {
        T run() throws SQLException;
    }

    private static <T> T db(Db<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("the schedule's database failed: " + e.getMessage(), e);
        }
    }
}
