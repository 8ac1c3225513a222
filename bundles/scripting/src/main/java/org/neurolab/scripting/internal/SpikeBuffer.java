package org.neurolab.scripting.internal;

import org.neurolab.api.signal.SpikeBatch;

/**
 * The recent spikes of one culture, in a fixed ring of primitive arrays: scripts ask for windows of it;
 * the oldest are overwritten, never an unbounded list.
 */
final class SpikeBuffer {
    private final long[] times;
    private final int[] electrodes;
    private final float[] amplitudes;
    private long written;

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

    /** Spikes with fromMicros <= t < toMicros still in the ring, oldest first. */
    synchronized Window window(long fromMicros, long toMicros) {
        long first = Math.max(0, written - times.length);
        int n = 0;
        for (long k = first; k < written; k++) {
            long t = times[(int) (k % times.length)];
            if (t >= fromMicros && t < toMicros) n++;
        }
        Window w = new Window(new long[n], new int[n], new float[n]);
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

    record Window(long[] timesMicros, int[] electrodes, float[] amplitudes) {
    }
}
