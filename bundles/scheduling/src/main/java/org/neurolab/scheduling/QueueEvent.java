package org.neurolab.scheduling;

import java.time.Instant;

/**
 * A moment in a queued run's life: submitted, started, suspended (why), resumed, stopped at slot end, ended.
 *
 * @param at     wall-clock instant
 * @param event  short name
 * @param detail why, in words
 */
public record QueueEvent(Instant at, String event, String detail) {
}
