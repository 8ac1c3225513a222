package org.neurolab.console.internal.rest;

import java.util.ArrayDeque;
import java.util.Deque;
import org.neurolab.api.signal.SpikeBatch;

/**
 * The recent spikes of a remote session's culture in a fixed ring of primitive arrays (never an unbounded list), with
 * how far the array's data is complete (its watermark) and where data is missing for good (gaps): count windows and
 * spike reads are answered from complete data only, as the in-lab scripts' are. Clients waiting for spikes or for a
 * window's end are woken when a batch or a watermark arrives. The driver's thread only copies into it.
 */
final class RemoteSpikeRing {
    static final int GAPS_KEPT = 1_000;

    /**
     * What a read returns: spikes in time order, whether the ring had already overwritten part of the window, and how
     * much of the window (µs) is a gap in the array's data, with the last gap's reason.
     */
    record Window(long[] timesMicros, int[] electrodes, float[] amplitudes, boolean truncated, long gapMicros, String gapReason) {
    }

    private final long[] times;
    private final int[] electrodes;
    private final float[] amplitudes;
    private final java.util.Set<Integer> keep;
    private final Deque<long[]> gaps = new ArrayDeque<>();
    private String lastGapReason = "";
    private long written;
    private long watermark = Long.MIN_VALUE;

    RemoteSpikeRing(int capacity, java.util.Collection<Integer> keep) {
        times = new long[capacity];
        electrodes = new int[capacity];
        amplitudes = new float[capacity];
        this.keep = java.util.Set.copyOf(keep);
    }

    synchronized void add(SpikeBatch b) {
        boolean any = false;
        for (int i = 0; i < b.count(); i++) {
            if (!keep.contains(b.electrodes()[i])) continue;
            int slot = (int) (written++ % times.length);
            times[slot] = b.timesMicros()[i];
            electrodes[slot] = b.electrodes()[i];
            amplitudes[slot] = b.amplitudesMicrovolts()[i];
            any = true;
        }
        if (any) notifyAll();
    }

    /** The array's data is complete up to this lab time (watermarks never go back). */
    synchronized void watermark(long completeUpToMicros) {
        if (completeUpToMicros <= watermark) return;
        watermark = completeUpToMicros;
        notifyAll();
    }

    /** Lab time up to which the culture's data is complete ({@link Long#MIN_VALUE}: nothing reported yet). */
    synchronized long watermark() {
        return watermark;
    }

    synchronized void gap(long fromMicros, long toMicros, String reason) {
        if (toMicros <= fromMicros) return;
        gaps.addLast(new long[] {fromMicros, toMicros});
        if (gaps.size() > GAPS_KEPT) gaps.removeFirst();
        lastGapReason = reason == null ? "" : reason;
    }

    /** Spikes with from <= t < to still in the ring, oldest first, and how much of [from, to) is a gap. */
    synchronized Window window(long fromMicros, long toMicros) {
        long first = Math.max(0, written - times.length);
        boolean truncated = written > times.length && times[(int) (first % times.length)] > fromMicros;
        int n = 0;
        for (long k = first; k < written; k++) {
            long t = times[(int) (k % times.length)];
            if (t >= fromMicros && t < toMicros) n++;
        }
        long gap = gapWithin(fromMicros, toMicros);
        Window w = new Window(new long[n], new int[n], new float[n], truncated, gap, gap > 0 ? lastGapReason : "");
        int j = 0;
        for (long k = first; k < written; k++) {
            int slot = (int) (k % times.length);
            if (times[slot] >= fromMicros && times[slot] < toMicros) {
                w.timesMicros()[j] = times[slot];
                w.electrodes()[j] = electrodes[slot];
                w.amplitudes()[j++] = amplitudes[slot];
            }
        }
        return w;
    }

    private long gapWithin(long from, long to) {
        long missing = 0;
        for (long[] g : gaps) missing += Math.max(0, Math.min(to, g[1]) - Math.max(from, g[0]));
        return Math.min(missing, Math.max(0, to - from));
    }

    /** Waits up to {@code waitMillis} of wall time until the data is complete up to {@code labMicros}; true if it is. */
    synchronized boolean awaitComplete(long labMicros, long waitMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + waitMillis;
        while (watermark < labMicros) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    /**
     * Waits up to {@code waitMillis} of wall time until a spike later than {@code afterMicros} is in the ring and, when
     * {@code complete}, below the watermark (so it will not be followed by an earlier one).
     */
    synchronized void awaitAfter(long afterMicros, long waitMillis, boolean complete) throws InterruptedException {
        long end = System.currentTimeMillis() + waitMillis;
        while (!hasAfter(afterMicros, complete)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }

    private boolean hasAfter(long afterMicros, boolean complete) {
        if (written == 0 || times[(int) ((written - 1) % times.length)] <= afterMicros) return false;
        if (!complete) return true;
        // the oldest spike later than afterMicros must be complete: look back from the newest
        long first = Math.max(0, written - times.length);
        for (long k = written - 1; k >= first; k--) {
            long t = times[(int) (k % times.length)];
            if (t <= afterMicros) break;
            if (t < watermark) return true;
        }
        return false;
    }
}
