package org.neurolab.scripting.internal;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, the first {@code capacity} kept in primitive arrays with the time each was counted from
 * ({@link System#nanoTime()}), reported as percentiles in µs, of all or of those counted from a given time on.
 */
final class LatencyLog {
    private final long[] nanos;
    private final long[] from;
    private int count;

    LatencyLog(int capacity) {
        nanos = new long[capacity];
        from = new long[capacity];
    }

    /** A latency that began at {@code fromNanos} and ended now. */
    void since(long fromNanos) {
        add(fromNanos, System.nanoTime() - fromNanos);
    }

    void add(long fromNanos, long latencyNanos) {
        if (count < nanos.length) {
            from[count] = fromNanos;
            nanos[count++] = latencyNanos;
        }
    }

    int count() {
        return count;
    }

    /** How many began at {@code fromNanos} or later. */
    int count(long fromNanos) {
        int n = 0;
        for (int i = 0; i < count; i++) if (from[i] - fromNanos >= 0) n++;
        return n;
    }

    /** The p-th percentile in µs (nearest rank), 0 when empty. */
    double percentileMicros(double p) {
        return percentileMicros(p, Long.MIN_VALUE);
    }

    /** The same over the latencies that began at {@code fromNanos} or later ({@code Long.MIN_VALUE}: all). */
    double percentileMicros(double p, long fromNanos) {
        long[] sorted = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) if (fromNanos == Long.MIN_VALUE || from[i] - fromNanos >= 0) sorted[n++] = nanos[i];
        if (n == 0) return 0;
        Arrays.sort(sorted, 0, n);
        int rank = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1000.0;
    }
}
