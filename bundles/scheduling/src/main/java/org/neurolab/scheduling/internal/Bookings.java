package org.neurolab.scheduling.internal;

import static org.neurolab.scheduling.internal.Lengths.exactly;
import static org.neurolab.scheduling.internal.Lengths.hours;
import static org.neurolab.scheduling.internal.StoreCalls.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurolab.api.control.Caller;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.BookingRequest;
import org.neurolab.scheduling.MaintenanceJob;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;
import org.neurolab.scheduling.SchedulingConflictException;
import org.neurolab.scheduling.TargetKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations: booked (checked for overlaps, maintenance and quota inside the database's booking transaction, so two
 * runtimes on one database cannot double-book), cancelled, looked up; and the {@link ReservationIndex} of the ones
 * around now, from which the guard decides.
 */
final class Bookings {
    private static final Logger LOG = LoggerFactory.getLogger(Bookings.class);
    /** A slot may start this much before now (the time it takes to type the command). */
    static final Duration PAST_GRACE = Duration.ofMinutes(1);

    private final ScheduleStore store;
    private final Clock clock;
    private final ScheduleLab lab;
    private final SchedulingSettings settings;
    private final RunKeeper runs;
    private volatile ReservationIndex index = ReservationIndex.EMPTY;

    private record Target(TargetKind kind, String id, String meaId) {
    }

    Bookings(ScheduleStore store, Clock clock, ScheduleLab lab, SchedulingSettings settings, RunKeeper runs) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.settings = settings;
        this.runs = runs;
    }

    Reservation book(BookingRequest in) {
        // the databases keep microseconds: what is returned is what is stored
        BookingRequest request = new BookingRequest(in.user(), in.target(), in.start().truncatedTo(ChronoUnit.MICROS), in.end().truncatedTo(ChronoUnit.MICROS),
                in.purpose());
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
                request.purpose(), now), view -> refuseConflicts(request, t, length, view)));
        LOG.info("Booked {}", r.describe());
        refreshIndex();
        return r;
    }

    /** Inside the booking transaction: another booking of the culture, maintenance on it, or the user's quota refuses. */
    private void refuseConflicts(BookingRequest request, Target t, Duration length, ScheduleStore.BookingView view) {
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
        for (Reservation open : view.usersOpen()) held = held.plus(Duration.between(open.start(), open.end()));
        Duration quota = settings.quotaOf(request.user());
        if (held.plus(length).compareTo(quota) > 0)
            throw new SchedulingConflictException("user " + request.user() + " already holds " + hours(held) + " of bookings that have not ended; "
                    + hours(length) + " more would exceed their quota of " + hours(quota), "quota");
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

    /** Cancels a reservation (its holder or staff); its waiting runs are cancelled and a run going in it is stopped. */
    Reservation cancel(long reservationId, Caller by) {
        Reservation r = reservation(reservationId).orElseThrow(() -> new IllegalArgumentException("no reservation " + reservationId));
        if (!Permissions.mayManage(by, r.user()))
            throw new SchedulingConflictException("reservation " + reservationId + " is held by " + r.user() + "; only they, an operator or an admin may cancel it",
                    "reservation " + reservationId);
        if (r.state() == ReservationState.CANCELLED) return r;
        db(() -> store.cancelReservation(reservationId, by.user()));
        refreshIndex();
        for (QueuedRun q : db(store::open))
            if (q.reservationId() == reservationId) runs.stop(q, QueueState.CANCELLED, "cancelled", "reservation " + reservationId + " was cancelled by " + by.user());
        LOG.info("Reservation {} cancelled by {}", reservationId, by.user());
        return reservation(reservationId).orElseThrow();
    }

    Optional<Reservation> reservation(long id) {
        return db(() -> store.reservation(id));
    }

    List<Reservation> reservations(Instant from, Instant to) {
        if (!to.isAfter(from)) throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        return db(() -> store.reservations(from, to));
    }

    Optional<Reservation> liveReservation(String organoidId, Instant at) {
        Organoid o = lab.culture(organoidId).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoidId + "'"));
        return db(() -> store.reservations(at, at.plusMillis(1))).stream().filter(r -> r.isLiveAt(at) && r.holds(o.id(), o.meaId())).findFirst();
    }

    /** Reloads the reservations around now into the guard's index (also done on every tick, for bookings made by other runtimes). */
    void refreshIndex() {
        Instant now = clock.instant();
        index = new ReservationIndex(db(() -> store.reservations(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)))));
    }

    ReservationIndex index() {
        return index;
    }
}
