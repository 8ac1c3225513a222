package org.neurolab.recording;

/**
 * What a recording has acknowledged: committed to the store, in the same transaction as these counts, so it survives
 * a crash of the lab.
 *
 * @param spikes       spikes stored
 * @param stimulations stimulations stored
 * @param doses        doses given to its cultures while it recorded
 * @param telemetry    incubator readings of its rigs while it recorded
 * @param untilMicros  lab time of the newest acknowledged spike or stimulation, or null before the first
 */
public record Acknowledged(long spikes, long stimulations, long doses, long telemetry, Long untilMicros) {
    public static final Acknowledged NONE = new Acknowledged(0, 0, 0, 0, null);
}
