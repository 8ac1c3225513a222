package org.neurolab.scheduling.internal;

import static org.neurolab.scheduling.internal.StoreCalls.db;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.scheduling.QueueState;
import org.neurolab.scheduling.QueuedRun;
import org.neurolab.scheduling.Reservation;
import org.neurolab.scheduling.ReservationState;

/**
 * One pass of the schedule's clock: the guard's index reloaded, maintenance that is due, then each open run: waiting
 * runs whose slot was cancelled or closed end, runs of this runtime are followed (ended, slot over, conditions), and
 * the oldest waiting run of each open slot with nothing going starts.
 */
final class SchedulePass {
    private final ScheduleStore store;
    private final Clock clock;
    private final ScheduleLab lab;
    private final Bookings bookings;
    private final MaintenanceJobs maintenance;
    private final RunKeeper runs;
    private final ConditionWatch conditions;

    SchedulePass(ScheduleStore store, Clock clock, ScheduleLab lab, Bookings bookings, MaintenanceJobs maintenance, RunKeeper runs, ConditionWatch conditions) {
        this.store = store;
        this.clock = clock;
        this.lab = lab;
        this.bookings = bookings;
        this.maintenance = maintenance;
        this.runs = runs;
        this.conditions = conditions;
    }

    void run() {
        Instant now = clock.instant();
        bookings.refreshIndex();
        maintenance.runDue(now);
        Map<Long, Reservation> reservations = new HashMap<>();
        List<QueuedRun> open = db(store::open);
        Set<Long> busy = new HashSet<>(); // reservations with a run going (here or in another runtime)
        for (QueuedRun q : open) {
            Reservation r = reservations.computeIfAbsent(q.reservationId(), id -> bookings.reservation(id).orElseThrow());
            switch (q.state()) {
                case WAITING -> {
                    if (r.state() == ReservationState.CANCELLED) runs.stop(q, QueueState.CANCELLED, "cancelled", "reservation " + r.id() + " was cancelled");
                    else if (!now.isBefore(r.end())) runs.stop(q, QueueState.MISSED_SLOT, "missed-slot", "the slot closed at " + r.end() + " before the run could start");
                }
                case RUNNING, SUSPENDED -> {
                    if (!runs.isMine(q.id())) {
                        busy.add(r.id());
                    } else if (runs.follow(q, r, now)) {
                        conditions.watch(q, r, now);
                        busy.add(r.id());
                    }
                }
                default -> {
                }
            }
        }
        for (QueuedRun q : open) {
            if (q.state() != QueueState.WAITING || busy.contains(q.reservationId())) continue;
            Reservation r = reservations.get(q.reservationId());
            if (r.isLiveAt(now) && lab.hasLocalMea(r.meaId())) {
                busy.add(r.id());
                runs.start(q, r, now);
            }
        }
    }
}
