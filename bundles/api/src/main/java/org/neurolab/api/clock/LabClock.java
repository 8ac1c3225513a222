package org.neurolab.api.clock;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The lab's one clock, in microseconds. On hardware it follows the wall clock; on the simulator it is
 * virtual, so a ten-minute experiment can run in seconds and give the same result for the same seed.
 * Scripts and schedulers wait on this clock, never on {@code Thread.sleep}.
 */
@ProviderType
public interface LabClock {
    /** Service property naming the kind: {@code real} or {@code virtual}. */
    String KIND_PROPERTY = "neurolab.clock.kind";

    /** Lab time now, µs since the clock's epoch. */
    long nowMicros();

    /** Wall-clock milliseconds since 1970 at lab time zero, to turn lab time into dates. */
    long epochMillis();

    boolean isVirtual();

    /** Returns when lab time has reached {@code labTimeMicros} (at once if it already has). */
    void awaitMicros(long labTimeMicros) throws InterruptedException;
}
