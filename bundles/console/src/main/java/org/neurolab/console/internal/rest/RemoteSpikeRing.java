package org.neurolab.console.internal.rest;

import org.neurolab.api.signal.SpikeBatch;

/**
 * The recent spikes of a remote session's culture in a fixed ring of primitive arrays (never an unbounded list): count
 * windows read it, and clients waiting for spikes (a closed loop over HTTP) are woken when a batch arrives. The driver's
 * thread only copies into it.
 */
final class RemoteSpikeRing {
    /** What a read returns: spikes in time order, and the count of spikes the ring had already overwritten. */
    record Window(long[] timesMicros, int[] electrodes, float[] amplitudes, boolean truncated) {
    }

    private final long[] times;
    private final int[] electrodes;
    private final float[] amplitudes;
    private final java.util.Set<Integer> keep;
    private long written;
    /** The culture's array is complete up to here (Long.MIN_VALUE: its driver has reported no watermark). */
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

    /** The array's data is complete up to {@code completeUpToMicros}: wakes count windows waiting for it. */
    synchronized void watermark(long completeUpToMicros) {
        if (completeUpToMicros <= watermark) return;
        watermark = completeUpToMicros;
        notifyAll();
    }

    /** Lab time up to which the ring holds all the culture's spikes, or Long.MIN_VALUE when its driver says nothing of it. */
    synchronized long watermark() {
        return watermark;
    }

    /**
     * Waits up to {@code waitMillis} of wall time until the data is complete up to {@code upToMicros}; returns whether it
     * is. A driver that has never reported a watermark is read as its data comes (as scripts read it).
     */
    synchronized boolean awaitComplete(long upToMicros, long waitMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + waitMillis;
        while (watermark != Long.MIN_VALUE && watermark < upToMicros) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    /** Spikes with from <= t < to still in the ring, oldest first. */
    synchronized Window window(long fromMicros, long toMicros) {
        long first = Math.max(0, written - times.length);
        boolean truncated = written > times.length && times[(int) (first % times.length)] > fromMicros;
        int n = 0;
        for (long k = first; k < written; k++) {
            long t = times[(int) (k % times.length)];
            if (t >= fromMicros && t < toMicros) n++;
        }
        Window w = new Window(new long[n], new int[n], new float[n], truncated);
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

    /** Waits up to {@code waitMillis} of wall time until a spike later than {@code afterMicros} is in the ring. */
    synchronized void awaitAfter(long afterMicros, long waitMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + waitMillis;
        while (!hasAfter(afterMicros)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }

    private boolean hasAfter(long afterMicros) {
        return written > 0 && times[(int) ((written - 1) % times.length)] > afterMicros;
    }
}
