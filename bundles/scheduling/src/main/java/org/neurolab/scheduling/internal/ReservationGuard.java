package org.neurolab.scheduling.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandGuard;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.GuardDecision;
import org.neurolab.api.lab.Organoid;
import org.neurolab.scheduling.MaintenanceTask;
import org.neurolab.scheduling.Reservation;

/**
 * The {@code scheduling} guard: a command reaches a culture only inside its holder's live reservation. It decides from
 * the in-memory {@link ReservationIndex} the bookings keep fresh, with no I/O on the command path. Staff may feed a
 * culture (exchange medium) and carry out maintenance at any time.
 */
final class ReservationGuard implements CommandGuard {
    static final String POLICY = "scheduling.reservation";
    static final String MAINTENANCE_POLICY = "scheduling.maintenance";

    private final boolean enforce;
    private final Clock clock;
    private final Supplier<ReservationIndex> index;

    ReservationGuard(boolean enforceReservations, Clock clock, Supplier<ReservationIndex> index) {
        this.enforce = enforceReservations;
        this.clock = clock;
        this.index = index;
    }

    @Override
    public GuardDecision check(CommandRequest request) {
        if (!enforce) return GuardDecision.allow();
        Caller caller = request.caller();
        if (Permissions.isStaff(caller) && (request.command() instanceof ExchangeMedium || MaintenanceTask.PURPOSE.equals(caller.purpose())))
            return GuardDecision.allow(List.of(MAINTENANCE_POLICY));
        Organoid o = request.organoid();
        Instant now = clock.instant();
        Reservation live = index.get().live(o.id(), o.meaId(), now);
        if (live == null)
            return GuardDecision.deny("organoid " + o.id() + " has no reservation live now (" + now + "): book it first (neurolab book)", POLICY);
        if (!live.user().equals(caller.user()))
            return GuardDecision.deny("organoid " + o.id() + " is reserved by " + live.user() + " until " + live.end() + " (reservation " + live.id()
                    + "); only the holder's commands reach it", POLICY);
        return GuardDecision.allow(List.of(POLICY));
    }
}
