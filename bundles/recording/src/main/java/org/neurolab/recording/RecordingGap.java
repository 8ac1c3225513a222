package org.neurolab.recording;

/**
 * Data of one recorded array missing for good between {@code fromMicros} (inclusive) and {@code toMicros} (exclusive)
 * of lab time, as the array reported it: no spikes or samples exist there, which is not the same as a silent culture.
 *
 * @param reason what the source said, e.g. "the simulation fell 2.4 s behind: model time shed"
 */
public record RecordingGap(String meaId, long fromMicros, long toMicros, String reason) {
    public RecordingGap {
        if (meaId == null || meaId.isBlank()) throw new IllegalArgumentException("a gap belongs to an array: give its id");
        if (toMicros < fromMicros) throw new IllegalArgumentException("a gap ends before it starts: " + fromMicros + ".." + toMicros);
        reason = reason == null ? "" : reason;
    }

    public long durationMicros() {
        return toMicros - fromMicros;
    }

    /** Whether it overlaps [from, to). */
    public boolean overlaps(long from, long to) {
        return fromMicros < to && toMicros > from;
    }
}
