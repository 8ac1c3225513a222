package org.neurolab.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A recurring maintenance job to add: task {@code task} on {@code organoidId} at {@code firstAt}, then every
 * {@code every}; each occurrence blocks a window of {@code window} that bookings must plan around.
 *
 * @param task       the task's name, e.g. {@code medium-exchange} or {@code impedance-check}
 * @param organoidId the culture it maintains
 * @param firstAt    the first occurrence
 * @param every      the period (at least a minute)
 * @param window     how long each occurrence keeps the culture (at least a second, at most the period)
 */
public record MaintenanceSchedule(String task, String organoidId, Instant firstAt, Duration every, Duration window) {
    public MaintenanceSchedule {
        if (task == null || task.isBlank()) throw new IllegalArgumentException("a maintenance job needs a task name (e.g. medium-exchange)");
        if (organoidId == null || organoidId.isBlank()) throw new IllegalArgumentException("a maintenance job needs the organoid it maintains");
        Objects.requireNonNull(firstAt, "a maintenance job needs its first time");
        if (every == null || every.compareTo(Duration.ofMinutes(1)) < 0)
            throw new IllegalArgumentException("a maintenance job recurs at most once a minute; the period was " + every);
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(every) > 0)
            throw new IllegalArgumentException("a maintenance window must be 1 s .. the period (" + every + "), was " + window);
    }
}
