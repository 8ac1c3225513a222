package org.neurolab.scheduling;

/**
 * How much more lab time than its dry run a real run may take, and so how much the queue books beyond a dry run's
 * estimate. A dry run runs in virtual time: lab time moves only when the script waits. A real run on a paced rig also
 * spends lab time where the dry run spends none: getting its script context, the script's own computing between
 * waits, and, at every wait, the data's lag behind the clock (a wait returns once the data is complete, not when the
 * clock gets there).
 */
public final class DryRunMargin {
    /** Lab time every run may take beyond its estimate: context, recording start and stop, the first data. */
    public static final long FIXED_MICROS = 2_000_000;
    /** And this share of the estimate, for the script's computing and the data's lag at its waits. */
    public static final double PROPORTIONAL = 0.05;

    private DryRunMargin() {
    }

    /** The longest a real run may take, in µs of lab time, given its dry run's {@code estimateMicros}. */
    public static long boundMicros(long estimateMicros) {
        if (estimateMicros < 0) throw new IllegalArgumentException("a dry run's lab time is never negative: " + estimateMicros);
        return estimateMicros + FIXED_MICROS + Math.round(estimateMicros * PROPORTIONAL);
    }
}
