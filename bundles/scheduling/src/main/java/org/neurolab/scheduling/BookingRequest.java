package org.neurolab.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for a slot.
 *
 * @param user    who books (and will hold the reservation)
 * @param target  an organoid id (e.g. {@code sim-mea0-o1}) or an array id (e.g. {@code sim/mea0}: every organoid on it)
 * @param start   first instant of the slot
 * @param end     end of the slot (exclusive); after {@code start}
 * @param purpose what the runs in the slot are for (a consent scope, e.g. {@code research})
 */
public record BookingRequest(String user, String target, Instant start, Instant end, String purpose) {
    public BookingRequest {
        if (user == null || user.isBlank()) throw new IllegalArgumentException("a booking needs the user who books");
        if (target == null || target.isBlank()) throw new IllegalArgumentException("a booking needs what to book: an organoid id or an MEA id");
        Objects.requireNonNull(start, "a booking needs a start time");
        Objects.requireNonNull(end, "a booking needs an end time");
        if (!end.isAfter(start))
            throw new IllegalArgumentException("the slot ends (" + end + ") before or when it starts (" + start + "): the end must come after the start");
        purpose = purpose == null || purpose.isBlank() ? "research" : purpose;
    }
}
