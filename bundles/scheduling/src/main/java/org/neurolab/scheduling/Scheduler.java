package org.neurolab.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurolab.api.control.Caller;
import org.neurolab.scripting.ScriptSource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The lab's schedule. Bad input (a slot ending before it starts, in the past, an unknown culture) is refused with
 * {@link IllegalArgumentException}; a request the schedule cannot take (overlap, quota, hold, a run that does not
 * fit) with {@link SchedulingConflictException} naming what is in the way.
 */
@ProviderType
public interface Scheduler {
    /** Books a slot. Two runtimes sharing one database cannot double-book a culture: the database decides. */
    Reservation book(BookingRequest request);

    /**
     * Cancels a reservation; runs waiting for it are cancelled, a run going in it is stopped (rig to its safe state).
     * Only its holder, an operator or an admin may.
     */
    Reservation cancel(long reservationId, Caller by);

    Optional<Reservation> reservation(long id);

    /** Booked reservations whose slots overlap [from, to), by start. */
    List<Reservation> reservations(Instant from, Instant to);

    /** The reservation holding the organoid at {@code at} (directly or through its array), if any. */
    Optional<Reservation> liveReservation(String organoidId, Instant at);

    /** Whether the scheduling guard refuses commands outside their holder's live reservation (configuration {@code enforceReservations}). */
    default boolean enforcesReservations() {
        return true;
    }

    /**
     * Queues a run in a reservation: checked by a dry run to fit what is left of the slot after the runs queued before
     * it; it starts when the slot opens, after them.
     */
    QueuedRun submit(long reservationId, String user, ScriptSource script);

    /** Cancels a waiting or running queued run (its holder, an operator or an admin). False if it had ended. */
    boolean cancelRun(long queuedRunId, Caller by);

    Optional<QueuedRun> queuedRun(long id);

    /** Every queued run, newest first. */
    List<QueuedRun> queue();

    List<MaintenanceJob> maintenance();

    /** Adds a recurring job; it takes precedence over bookings made before it (their runs are suspended while it works). */
    MaintenanceJob addMaintenance(MaintenanceSchedule schedule);

    boolean removeMaintenance(long jobId);
}
