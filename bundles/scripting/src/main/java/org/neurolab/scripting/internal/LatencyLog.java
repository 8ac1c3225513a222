package org.neurolab.scripting.internal;

import java.util.Arrays;

/** Latencies in nanoseconds, the first {@code capacity} kept in a primitive array, reported as percentiles in µs. */
final class LatencyLog {
    private final long[] nanos;
    private int count;

    LatencyLog(int capacity) {
        nanos = new long[capacity];
    }

    void add(long latencyNanos) {
        if (count < nanos.length) nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** The p-th percentile in µs (nearest rank), 0 when empty. */
    double percentileMicros(double p) {
        if (count == 0) return 0;
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1000.0;
    }
}
