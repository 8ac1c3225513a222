package org.neurolab.scheduling;

import java.time.Instant;

/**
 * A booked slot. Times are instants (UTC); {@link TimeText#show} renders them in a user's zone.
 *
 * @param id          unique in the lab (shared by every runtime on one database)
 * @param user        the holder: the only one whose commands reach the culture while the slot is live
 * @param kind        an organoid or a whole array
 * @param target      the organoid id or the array id
 * @param meaId       the array the target sits on (or is)
 * @param start       slot start
 * @param end         slot end (exclusive)
 * @param purpose     the runs' purpose
 * @param state       booked or cancelled
 * @param createdAt   when it was booked
 * @param cancelledBy who cancelled it (empty unless cancelled)
 */
public record Reservation(long id, String user, TargetKind kind, String target, String meaId, Instant start, Instant end, String purpose,
                          ReservationState state, Instant createdAt, String cancelledBy) {

    /** Whether the slot holds at {@code at}: booked, started and not yet ended. */
    public boolean isLiveAt(Instant at) {
        return state == ReservationState.BOOKED && !at.isBefore(start) && at.isBefore(end);
    }

    /** Whether this reservation holds the organoid (directly or through its array). */
    public boolean holds(String organoidId, String organoidMeaId) {
        return kind == TargetKind.MEA ? meaId.equals(organoidMeaId) : target.equals(organoidId);
    }

    /** Whether two reservations claim the same culture: same organoid, or one of them the whole array. */
    public boolean claimsSameCultureAs(TargetKind otherKind, String otherTarget, String otherMeaId) {
        if (!meaId.equals(otherMeaId)) return false;
        return kind == TargetKind.MEA || otherKind == TargetKind.MEA || target.equals(otherTarget);
    }

    public String describe() {
        return "reservation " + id + " of " + target + " by " + user + " from " + start + " to " + end;
    }
}
