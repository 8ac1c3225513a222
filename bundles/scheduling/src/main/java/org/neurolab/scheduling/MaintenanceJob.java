package org.neurolab.scheduling;

import java.time.Duration;
import java.time.Instant;

/**
 * A recurring maintenance job as scheduled, with how it went last.
 *
 * @param id          unique job id
 * @param task        the task's name; run by the {@link MaintenanceTask} service registered with that name
 * @param organoidId  the culture
 * @param meaId       its array
 * @param firstAt     first occurrence
 * @param every       period
 * @param window      how long each occurrence keeps the culture
 * @param nextAt      the next occurrence not yet carried out
 * @param lastRunAt   when it last ran (null if never)
 * @param lastOutcome what the task reported last time, or why it failed
 * @param status      {@code ok}, or what stops it from running (e.g. its task service is not installed)
 */
public record MaintenanceJob(long id, String task, String organoidId, String meaId, Instant firstAt, Duration every, Duration window,
                             Instant nextAt, Instant lastRunAt, String lastOutcome, String status) {

    /** The occurrence window that holds {@code at}, if any: [start, start + window). */
    public Instant occurrenceCovering(Instant at) {
        if (at.isBefore(firstAt)) return null;
        long periods = Duration.between(firstAt, at).toMillis() / every.toMillis();
        Instant start = firstAt.plusMillis(periods * every.toMillis());
        return at.isBefore(start.plus(window)) ? start : null;
    }

    /** The first occurrence whose window overlaps [from, to), if any. */
    public Instant firstOccurrenceOverlapping(Instant from, Instant to) {
        long periodMillis = every.toMillis();
        long k = from.isBefore(firstAt) ? 0 : Math.max(0, (Duration.between(firstAt, from).toMillis() - window.toMillis()) / periodMillis);
        for (Instant s = firstAt.plusMillis(k * periodMillis); s.isBefore(to); s = s.plusMillis(periodMillis))
            if (s.plus(window).isAfter(from)) return s;
        return null;
    }
}
