package org.neurolab.testsupport;

import org.neurolab.api.clock.LabClock;

/** The lab's real-time clock as control gives it to drivers, for tests without control: µs since it was made. */
public final class RealTimeLabClock implements LabClock {
    private final long originNanos = System.nanoTime();
    private final long epochMillis = System.currentTimeMillis();

    @Override
    public long nowMicros() {
        return (System.nanoTime() - originNanos) / 1000;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean isVirtual() {
        return false;
    }

    @Override
    public void awaitMicros(long labTimeMicros) throws InterruptedException {
        long wait = labTimeMicros - nowMicros();
        if (wait > 0) Thread.sleep(wait / 1000, (int) (wait % 1000) * 1000);
    }
}
