package org.neurolab.driver.sim.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.neurolab.api.clock.LabClock;

/**
 * The simulated rig's lab clock. Paced: lab time is wall time since the rig started, and a pacer thread
 * keeps the models up with it. Virtual: lab time stands still until someone waits for a later time;
 * the waiter's thread then runs the models up to it as fast as the machine can.
 */
final class RigClock implements LabClock {
    private final boolean virtual;
    private final LongConsumer advanceRig;
    private final long originNanos = System.nanoTime();
    private final long epochMillis = System.currentTimeMillis();
    private volatile long virtualNowMicros;
    private volatile boolean stopped;

    RigClock(boolean virtual, LongConsumer advanceRig) {
        this.virtual = virtual;
        this.advanceRig = advanceRig;
    }

    @Override
    public long nowMicros() {
        return virtual ? virtualNowMicros : (System.nanoTime() - originNanos) / 1_000;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean isVirtual() {
        return virtual;
    }

    @Override
    public void awaitMicros(long labTimeMicros) throws InterruptedException {
        if (stopped) throw new IllegalStateException("the simulated rig has stopped; its clock no longer runs");
        if (virtual) {
            if (labTimeMicros > virtualNowMicros) advanceRig.accept(labTimeMicros);
            return;
        }
        long remaining;
        while ((remaining = labTimeMicros - nowMicros()) > 0) {
            if (remaining > 2_000) Thread.sleep((remaining - 1_000) / 1_000);
            else LockSupport.parkNanos(remaining * 1_000);
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    /** Called by the rig once its models have reached {@code micros}. */
    void reached(long micros) {
        if (virtual) virtualNowMicros = micros;
    }

    void stop() {
        stopped = true;
    }
}
