package org.neurolab.scheduling.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.scheduling.Reservation;

/** The reservations around now, by array, immutable: the guard decides from this, in memory, with no I/O. */
final class ReservationIndex {
    static final ReservationIndex EMPTY = new ReservationIndex(List.of());
    private final Map<String, List<Reservation>> byMea = new HashMap<>();

    ReservationIndex(List<Reservation> reservations) {
        for (Reservation r : reservations) byMea.computeIfAbsent(r.meaId(), k -> new ArrayList<>()).add(r);
    }

    /** The reservation holding the organoid at {@code at}, or null. */
    Reservation live(String organoidId, String meaId, Instant at) {
        for (Reservation r : byMea.getOrDefault(meaId, List.of()))
            if (r.isLiveAt(at) && r.holds(organoidId, meaId)) return r;
        return null;
    }
}
