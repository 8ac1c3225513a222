package org.neurolab.ethics.internal.tripwire;

/**
 * When a culture is held for human review.
 *
 * @param windowMicros               activity is judged over this much lab time
 * @param minEventsPerWindow         loss of activity: fewer events than this in a whole window, once the culture has shown activity
 * @param synchronyBinMicros         events closer than this count as simultaneous
 * @param synchronousFraction        a bin is hypersynchronous when at least this fraction of the culture's electrodes fire in it
 * @param maxSynchronousBinsPerWindow abnormal synchrony: more hypersynchronous bins than this in a window (normal network bursts stay far below)
 */
public record TripwireLimits(long windowMicros, int minEventsPerWindow, long synchronyBinMicros, double synchronousFraction,
                             int maxSynchronousBinsPerWindow) {
    public static final TripwireLimits DEFAULT = new TripwireLimits(60_000_000L, 3, 10_000L, 0.75, 120);

    public TripwireLimits {
        if (windowMicros < 1_000_000) throw new IllegalArgumentException("tripwire window must be >= 1 s");
        if (minEventsPerWindow < 0) throw new IllegalArgumentException("minimum events must be >= 0");
        if (synchronyBinMicros < 100 || synchronyBinMicros > windowMicros) throw new IllegalArgumentException("synchrony bin must be 100 µs .. window");
        if (!(synchronousFraction > 0 && synchronousFraction <= 1)) throw new IllegalArgumentException("synchronous fraction must be in (0, 1]");
        if (maxSynchronousBinsPerWindow < 1) throw new IllegalArgumentException("maximum synchronous bins must be >= 1");
    }
}
