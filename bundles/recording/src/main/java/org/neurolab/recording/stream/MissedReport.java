package org.neurolab.recording.stream;

/**
 * What one subscriber lost because its buffer was full (since the previous report).
 *
 * @param batches        batches not delivered
 * @param spikes         spike events in them
 * @param stimulations   stimulation events in them
 * @param traceBlocks    trace blocks not delivered
 * @param fromMicros     earliest lab time missed
 * @param toMicros       latest lab time missed
 */
public record MissedReport(long batches, long spikes, long stimulations, long traceBlocks, long fromMicros, long toMicros) {
}
