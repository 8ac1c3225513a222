package org.neurolab.scripting.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.neurolab.api.signal.SpikeBatch;

/**
 * The recent spikes of one culture, in a fixed ring of primitive arrays: scripts ask for windows of it; the oldest are
 * overwritten, never an unbounded list. It also knows how far the culture's data is complete (the array's watermark) and
 * where data is missing for good (gaps), so a window is answered only from complete data.
 */
final class SpikeBuffer {
    private static final int GAPS_KEPT = 1_000;
    private final long[] times;
    private final int[] electrodes;
    private final float[] amplitudes;
    private long written;
    private volatile long watermark = Long.MIN_VALUE;
    private final Deque<long[]> gaps = new ArrayDeque<>();
    private String lastGapReason = "";

    SpikeBuffer(int capacity) {
        times = new long[capacity];
        electrodes = new int[capacity];
        amplitudes = new float[capacity];
    }

    synchronized void add(SpikeBatch b, java.util.Set<Integer> keep) {
        for (int i = 0; i < b.count(); i++) {
            if (!keep.contains(b.electrodes()[i])) continue;
            int slot = (int) (written++ % times.length);
            times[slot] = b.timesMicros()[i];
            electrodes[slot] = b.electrodes()[i];
            amplitudes[slot] = b.amplitudesMicrovolts()[i];
        }
    }

    void watermark(long completeUpToMicros) {
        if (completeUpToMicros > watermark) watermark = completeUpToMicros;
    }

    /** Lab time up to which the culture's data is complete ({@link Long#MIN_VALUE}: nothing yet). */
    long watermark() {
        return watermark;
    }

    synchronized void gap(long fromMicros, long toMicros, String reason) {
        gaps.addLast(new long[] {fromMicros, toMicros});
        if (gaps.size() > GAPS_KEPT) gaps.removeFirst();
        lastGapReason = reason;
    }

    synchronized String lastGapReason() {
        return lastGapReason;
    }

    /** Spikes with fromMicros <= t < toMicros still in the ring, oldest first, and how much of the window is a gap. */
    synchronized Window window(long fromMicros, long toMicros) {
        long first = Math.max(0, written - times.length);
        int n = 0;
        for (long k = first; k < written; k++) {
            long t = times[(int) (k % times.length)];
            if (t >= fromMicros && t < toMicros) n++;
        }
        Window w = new Window(new long[n], new int[n], new float[n], gapWithin(fromMicros, toMicros));
        int j = 0;
        for (long k = first; k < written; k++) {
            int slot = (int) (k % times.length);
            if (times[slot] >= fromMicros && times[slot] < toMicros) {
                w.timesMicros[j] = times[slot];
                w.electrodes[j] = electrodes[slot];
                w.amplitudes[j++] = amplitudes[slot];
            }
        }
        return w;
    }

    private long gapWithin(long from, long to) {
        long missing = 0;
        for (long[] g : gaps) missing += Math.max(0, Math.min(to, g[1]) - Math.max(from, g[0]));
        return missing;
    }

    record Window(long[] timesMicros, int[] electrodes, float[] amplitudes, long gapMicros) {
    }
}
