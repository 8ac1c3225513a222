package org.neurolab.recording.internal;

import org.neurolab.api.clock.LabClock;

/** A virtual lab clock a test moves by hand. */
final class ManualClock implements LabClock {
    private long now;

    @Override
    public synchronized long nowMicros() {
        return now;
    }

    synchronized void set(long micros) {
        now = micros;
        notifyAll();
    }

    @Override
    public long epochMillis() {
        return 0;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public synchronized void awaitMicros(long labTimeMicros) throws InterruptedException {
        while (now < labTimeMicros) wait();
    }
}
