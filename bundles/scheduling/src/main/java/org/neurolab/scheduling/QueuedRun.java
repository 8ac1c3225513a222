package org.neurolab.scheduling;

import java.time.Instant;
import java.util.List;

/**
 * A run submitted for a reservation.
 *
 * @param id                   unique queue entry id
 * @param reservationId        the slot it runs in
 * @param user                 who submitted it (the reservation's holder)
 * @param scriptName           the script's file name
 * @param scriptSha256         hash of the script as submitted
 * @param state                where it is
 * @param submittedAt          when it was submitted
 * @param startedAt            when it started (null until then)
 * @param endedAt              when it ended (null until then)
 * @param estimatedLabMicros   the dry run's duration, checked against the slot at submission
 * @param runId                the experiment runner's run id (empty until started)
 * @param detail               the latest reason (why it failed, was suspended, stopped...)
 * @param history              oldest first
 */
public record QueuedRun(long id, long reservationId, String user, String scriptName, String scriptSha256, QueueState state, Instant submittedAt,
                        Instant startedAt, Instant endedAt, long estimatedLabMicros, String runId, String detail, List<QueueEvent> history) {
    public QueuedRun {
        history = List.copyOf(history);
    }
}
