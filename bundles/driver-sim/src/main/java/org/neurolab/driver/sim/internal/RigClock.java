package org.neurolab.driver.sim.internal;

import java.util.function.LongConsumer;
import org.neurolab.api.clock.LabClock;

/**
 * The simulated rig's time. Paced: the lab's own clock (real time, continuous across restarts); a pacer thread keeps the
 * models up with it, and their data is complete only as far as they have run (the arrays' watermarks say how far).
 * Virtual: lab time stands still until someone waits for a later time; the waiter's thread then runs the models up to it
 * as fast as the machine can, so lab time never passes the data.
 */
final class RigClock implements LabClock {
    private final LabClock lab;
    private final LongConsumer advanceRig;
    private final long epochMillis = System.currentTimeMillis();
    private volatile long virtualNowMicros;
    private volatile boolean stopped;

    /** A virtual clock that runs the rig forward when waited on. */
    RigClock(LongConsumer advanceRig) {
        this.lab = null;
        this.advanceRig = advanceRig;
    }

    /** Paced on the lab's real-time clock. */
    RigClock(LabClock lab) {
        this.lab = java.util.Objects.requireNonNull(lab, "a paced rig needs the lab's clock");
        this.advanceRig = null;
    }

    @Override
    public long nowMicros() {
        return lab == null ? virtualNowMicros : lab.nowMicros();
    }

    @Override
    public long epochMillis() {
        return lab == null ? epochMillis : lab.epochMillis();
    }

    @Override
    public boolean isVirtual() {
        return lab == null;
    }

    @Override
    public void awaitMicros(long labTimeMicros) throws InterruptedException {
        if (stopped) throw new IllegalStateException("the simulated rig has stopped; its clock no longer runs");
        if (lab != null) {
            lab.awaitMicros(labTimeMicros);
            return;
        }
        // the models move in whole chunks: run to the chunk that holds the instant, so the data is complete up to it
        if (labTimeMicros > virtualNowMicros) advanceRig.accept(Math.ceilDiv(labTimeMicros, SimulatedMea.VIRTUAL_CHUNK_MICROS) * SimulatedMea.VIRTUAL_CHUNK_MICROS);
    }

    /** Called by a virtual rig once its models have reached {@code micros}. */
    void reached(long micros) {
        if (lab == null) virtualNowMicros = micros;
    }

    void stop() {
        stopped = true;
    }
}
