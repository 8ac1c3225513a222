package org.neurolab.control.internal;

import org.neurolab.api.clock.LabClock;
import org.osgi.service.component.annotations.Component;

/**
 * Real time, for labs with hardware. The simulator registers a virtual clock with a higher ranking,
 * which then wins for every consumer that binds the best clock.
 */
@Component(property = {LabClock.KIND_PROPERTY + "=real", "service.ranking:Integer=0"})
public class SystemLabClock implements LabClock {
    private final long epochMillis = System.currentTimeMillis();
    private final long originNanos = System.nanoTime();

    @Override
    public long nowMicros() {
        return (System.nanoTime() - originNanos) / 1_000;
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
        long remaining;
        while ((remaining = labTimeMicros - nowMicros()) > 0) {
            // sleep for the bulk, spin-park the last stretch: closed loops care about sub-millisecond waits
            if (remaining > 2_000) Thread.sleep((remaining - 1_000) / 1_000);
            else java.util.concurrent.locks.LockSupport.parkNanos(remaining * 1_000);
            if (Thread.interrupted()) throw new InterruptedException("wait for lab time " + labTimeMicros + " µs interrupted");
        }
    }
}
