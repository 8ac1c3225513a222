package org.neurolab.recording;

/**
 * Which spikes: a time range [fromMicros, toMicros) and optional filters (null = any).
 *
 * @param limit at most this many, oldest first
 */
public record SpikeQuery(Long recordingId, long fromMicros, long toMicros, String organoidId, String meaId, Integer electrode, int limit) {
    public SpikeQuery {
        if (toMicros < fromMicros) throw new IllegalArgumentException("time range ends before it starts: " + fromMicros + ".." + toMicros);
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
    }

    public static SpikeQuery of(long recordingId, long fromMicros, long toMicros) {
        return new SpikeQuery(recordingId, fromMicros, toMicros, null, null, null, 1_000_000);
    }

    public SpikeQuery organoid(String id) {
        return new SpikeQuery(recordingId, fromMicros, toMicros, id, meaId, electrode, limit);
    }

    public SpikeQuery electrode(String mea, int index) {
        return new SpikeQuery(recordingId, fromMicros, toMicros, organoidId, mea, index, limit);
    }
}
