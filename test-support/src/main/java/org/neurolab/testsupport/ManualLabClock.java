package org.neurolab.testsupport;

import org.neurolab.api.clock.LabClock;

/**
 * A virtual lab clock a test moves by hand. A wait either blocks until the test has moved the clock far enough
 * ({@link #ManualLabClock()}: code under test on another thread waits for the test), or moves the clock to the
 * instant waited for ({@link #jumpingOnWait}: nobody else moves it, as in a virtual rig that skips idle time).
 */
public final class ManualLabClock implements LabClock {
    private final long epochMillis;
    private final boolean jumpOnWait;
    private long now;

    private ManualLabClock(long epochMillis, boolean jumpOnWait) {
        this.epochMillis = epochMillis;
        this.jumpOnWait = jumpOnWait;
    }

    /** At lab time 0, epoch 0; a wait blocks until the test moves the clock. */
    public ManualLabClock() {
        this(0, false);
    }

    /** At lab time 0 on the given epoch; a wait moves the clock to the instant waited for (never back). */
    public static ManualLabClock jumpingOnWait(long epochMillis) {
        return new ManualLabClock(epochMillis, true);
    }

    @Override
    public synchronized long nowMicros() {
        return now;
    }

    /** Moves the clock to {@code micros} (tests may move it back: it is theirs) and wakes the waits it reaches. */
    public synchronized void set(long micros) {
        now = micros;
        notifyAll();
    }

    public synchronized void advance(long micros) {
        set(now + micros);
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public synchronized void awaitMicros(long labTimeMicros) throws InterruptedException {
        if (jumpOnWait) {
            if (labTimeMicros > now) set(labTimeMicros);
            return;
        }
        while (now < labTimeMicros) wait();
    }
}
