package org.neurolab.scripting;

import java.time.Instant;

/**
 * A moment in a run's history: queued, started, suspended (and why), resumed, stopped at slot end, ended.
 *
 * @param at     wall-clock time
 * @param event  short name, e.g. {@code suspended}
 * @param detail why, in words
 */
public record RunEvent(Instant at, String event, String detail) {
}
