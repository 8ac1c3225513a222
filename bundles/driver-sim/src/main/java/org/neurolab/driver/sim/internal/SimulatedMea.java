package org.neurolab.driver.sim.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.simulator.culture.MeaModel;

/** An MEA whose culture is a {@link MeaModel}. All model access happens under the rig's lock. */
final class SimulatedMea implements MeaDriver {
    /** A stimulator like the Intan RHS family's: up to 250 µA, phases 10 µs..10 ms. */
    static final StimulatorRange RANGE = new StimulatorRange(250.0, 10, 10_000, 10_000, 1_000);

    private record Registration(SignalListener listener, boolean raw) {
    }

    private final DeviceInfo info;
    private final StimulatorRange range;
    private final MeaModel model;
    private final RigClock clock;
    private final Object lock;
    /**
     * The model runs in chunks of this much lab time, and its spikes are delivered at the end of each: the most a closed
     * loop waits between a spike and its delivery.
     */
    static final long CHUNK_MICROS = 1_000;
    /**
     * A virtual rig (dry runs) runs in chunks of this much: its closed-loop callbacks run every 2 ms of virtual time
     * anyway, and fewer, longer chunks make a dry run faster.
     */
    static final long VIRTUAL_CHUNK_MICROS = 2_000;

    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean advancing;
    /** True only while the model computes a chunk (ending at {@link #chunkEndMicros}); guarded by {@link #chunkLock}. */
    private volatile boolean computing;
    private long chunkEndMicros;
    private final Object chunkLock = new Object();
    /** Set when a chunk's spikes went to listeners (the pacer's thread only). */
    private boolean spikesDelivered;
    private volatile long holdNanos;
    /**
     * Lockstep may let this array's data fall this many holds behind lab time: a burst answers chunk after chunk, each
     * a little slower than real time, and the wait one hold allows would be used up after a few chunks (then the rig
     * catches up at full speed while the script answers, which puts answers later on the data's time base, not earlier).
     */
    static final long HOLD_LAG_FACTOR = 10;
    /** An emergency stop asked for while the rig advances: taken at the next chunk boundary. */
    private volatile boolean cancelRequested;
    private volatile java.util.function.BooleanSupplier rigAdvancing = () -> false;
    private volatile boolean stopped;
    /**
     * Lab time minus model time. The model starts at 0; a paced rig starts it at the lab's now, and time shed when the
     * rig fell behind moves it on (the data skips that stretch, reported as a gap).
     */
    private volatile long offsetMicros;
    private long shedSamples;

    SimulatedMea(DeviceInfo info, MeaModel model, RigClock clock, Object lock) {
        this(info, RANGE, model, clock, lock);
    }

    /** With another stimulator's range: a dry run's private rig stands in for the real array. */
    SimulatedMea(DeviceInfo info, StimulatorRange range, MeaModel model, RigClock clock, Object lock) {
        this.info = info;
        this.range = range;
        this.model = model;
        this.clock = clock;
        this.lock = lock;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public MeaLayout layout() {
        return model.layout();
    }

    @Override
    public StimulatorRange stimulatorRange() {
        return range;
    }

    @Override
    public long stimulate(List<Integer> electrodes, PulseTrain train) throws DeviceException {
        if (stopped) throw new DeviceException(info.deviceId() + " is stopped");
        if (electrodes == null || electrodes.isEmpty()) throw new DeviceException("stimulate needs at least one electrode");
        int n = model.layout().electrodeCount();
        int[] list = new int[electrodes.size()];
        for (int i = 0; i < list.length; i++) {
            int e = electrodes.get(i);
            if (e < 0 || e >= n) throw new DeviceException("electrode " + e + " is outside " + info.deviceId() + " (0.." + (n - 1) + ")");
            list[i] = e;
        }
        String outOfRange = range.check(train);
        if (outOfRange != null) throw new DeviceException(info.deviceId() + ": " + outOfRange);
        if (advancing || rigAdvancing.getAsBoolean()) {
            // the rig is running its models forward (the pacer, or a closed loop's callback inside the model): do not wait
            // for its lock. Decided under the chunk lock, so that what is returned is when the pulse really starts: while
            // this array computes a chunk, at that chunk's end; between chunks (another array computing, or this one
            // waiting for a closed loop's answer) where this array's data is, as on an idle rig
            long at;
            synchronized (chunkLock) {
                at = computing ? chunkEndMicros : labNowMicros();
                requested.add(new Requested(list, train, at));
            }
            if (advancing || rigAdvancing.getAsBoolean()) return at;
            // the advance ended meanwhile and may not have seen it: apply what is waiting ourselves
            synchronized (lock) {
                applyRequested();
            }
            return at;
        }
        synchronized (lock) {
            applyRequested();
            // on the data's time base: where the model is (a paced rig that lags applies it at its own time, so the
            // response lies where the data says it does)
            long at = labNowMicros();
            model.stimulate(list, train, at - offsetMicros);
            return at;
        }
    }

    /** Tells this array when its rig is advancing (all arrays under one lock): stimulation then queues instead of waiting. */
    void rigAdvancing(java.util.function.BooleanSupplier advancing) {
        this.rigAdvancing = advancing;
    }

    /** Applies stimulation that queued during the rig's advance; the rig calls it, holding its lock, when the advance ends. */
    void applyQueued() {
        synchronized (lock) {
            applyRequested();
        }
    }

    /** A stimulation asked for at lab time {@code atMicros}; applied no earlier than the model has reached. */
    private record Requested(int[] electrodes, PulseTrain train, long atMicros) {
    }

    /** Stimulation asked for while the models ran, from any thread, applied at a chunk boundary under the rig's lock. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Requested> requested = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Caller holds the rig's lock. */
    private void applyRequested() {
        Requested r;
        while ((r = requested.poll()) != null) model.stimulate(r.electrodes(), r.train(), Math.max(r.atMicros() - offsetMicros, model.nowMicros()));
    }

    /**
     * Safe at once, not after the rig's step: while the rig advances (holding its lock for a step of model time), the
     * cancellation is taken at this array's next chunk boundary, and the caller waits only for that.
     */
    @Override
    public void enterSafeState() {
        requested.clear();
        // the rig's own thread (a subscriber called from inside the advance) holds the lock already: at once, as before
        if (!Thread.holdsLock(lock) && (advancing || rigAdvancing.getAsBoolean())) {
            cancelRequested = true;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cancelRequested && (advancing || rigAdvancing.getAsBoolean()) && System.nanoTime() < deadline) LockSupport.parkNanos(50_000);
            if (!cancelRequested) return;
        }
        synchronized (lock) {
            requested.clear();
            model.cancelStimulation();
            cancelRequested = false;
        }
    }

    /** Under the rig's lock, between chunks: a safe state asked for meanwhile. */
    private void takeCancellation() {
        if (!cancelRequested) return;
        requested.clear();
        model.cancelStimulation();
        cancelRequested = false;
    }

    @Override
    public void addSignalListener(SignalListener listener, boolean wantsRaw) {
        if (stopped) return;
        listeners.add(new Registration(listener, wantsRaw));
        listener.onWatermark(info.deviceId(), labNowMicros()); // the model's data is complete up to where it is
    }

    @Override
    public void removeSignalListener(SignalListener listener) {
        listeners.removeIf(r -> r.listener() == listener);
    }

    /**
     * Runs the model to {@code micros} in chunks of {@link #CHUNK_MICROS}, so that stimulation asked for
     * from a signal callback lands within a chunk of the spike that caused it. The caller holds the rig's lock.
     */
    void advanceTo(long micros) {
        boolean raw = listeners.stream().anyMatch(Registration::raw);
        advancing = true;
        try {
            for (long t = labNowMicros(); t < micros; ) {
                t = Math.min(micros, t + chunkMicros());
                takeCancellation();
                synchronized (chunkLock) { // what was asked for up to here starts before this chunk
                    applyRequested();
                    chunkEndMicros = t;
                    computing = true;
                }
                spikesDelivered = false;
                try {
                    model.advanceTo(t - offsetMicros, this::deliverSpikes, raw ? this::deliverSamples : null);
                } finally {
                    computing = false;
                }
                takeCancellation();
                applyRequested();
                deliverWatermark(labNowMicros()); // the model moves in whole steps: as far as it really got
                if (spikesDelivered && holdNanos > 0) awaitAnswer();
            }
        } finally {
            advancing = false;
            applyRequested(); // anything that arrived after the last chunk
        }
    }

    /**
     * Lockstep with a closed loop (paced only): after a chunk whose spikes a listener is still answering, the model waits
     * for that answer up to the hold, so the stimulation starts where the spikes' data ends, as on a machine fast
     * enough to answer within the chunk. Bounded twice: by the hold in wall time per chunk, and by never letting this
     * array's data fall more than {@link #HOLD_LAG_FACTOR} holds behind lab time (a burst's answers add up; the rig, with
     * its headroom, catches up between bursts; a script that is slow all the time makes the model wait at most that, in
     * all, and then runs on at real time). A safe state asked for meanwhile is taken at once.
     */
    private void awaitAnswer() {
        long maxLagMicros = HOLD_LAG_FACTOR * holdNanos / 1_000;
        long deadline = System.nanoTime() + holdNanos;
        while (anyAnswering() && System.nanoTime() < deadline && clock.nowMicros() - labNowMicros() < maxLagMicros && !stopped) {
            takeCancellation();
            LockSupport.parkNanos(10_000);
        }
    }

    private boolean anyAnswering() {
        for (Registration r : listeners) {
            try {
                if (r.listener().answering()) return true;
            } catch (RuntimeException e) {
                return false; // a listener that cannot say is not waited for
            }
        }
        return false;
    }

    /**
     * How long (wall time) a chunk with spikes may wait for a closed loop's answer; 0 = never (a virtual rig's closed
     * loop runs on the waiting thread between chunks anyway, so it never waits).
     */
    void closedLoopHold(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("the closed-loop hold must be >= 0, was " + nanos + " ns");
        this.holdNanos = clock.isVirtual() ? 0 : nanos;
    }

    @Override
    public long closedLoopHoldMicros() {
        return holdNanos / 1_000;
    }

    private long chunkMicros() {
        return clock.isVirtual() ? VIRTUAL_CHUNK_MICROS : CHUNK_MICROS;
    }

    /** Lab time the model has reached: its data is complete up to here. */
    long labNowMicros() {
        return model.nowMicros() + offsetMicros;
    }

    /** Lab time of the model's start: a paced rig starts its models at the lab's now. The caller holds the rig's lock. */
    void startAt(long labMicros) {
        offsetMicros = aligned(labMicros) - model.nowMicros();
    }

    /** Lab times on the chunk grid, so that lab chunks fall on the model's whole steps. */
    private static long aligned(long labMicros) {
        return Math.floorDiv(labMicros, CHUNK_MICROS) * CHUNK_MICROS;
    }

    /**
     * Skips the data from where the model is to {@code labMicros}: the rig fell too far behind lab time. The model goes on
     * from where it was (its neurons do not notice); the skipped stretch is reported as a gap. The caller holds the lock.
     */
    void shedTo(long labMicros, String reason) {
        labMicros = aligned(labMicros);
        long from = labNowMicros();
        if (labMicros <= from) return;
        long shed = labMicros - from;
        synchronized (chunkLock) { // a command deciding its start between chunks sees the data's time before or after, never half
            offsetMicros += shed;
        }
        shedSamples += shed * model.layout().sampleRateHz() / 1_000_000L;
        for (Registration r : listeners) {
            try {
                r.listener().onGap(info.deviceId(), from, labMicros, reason);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SimulatedMea.class).warn("Signal listener failed on a gap of {}", info.deviceId(), e);
            }
        }
        deliverWatermark(labMicros);
    }

    private void deliverWatermark(long labMicros) {
        for (Registration r : listeners) {
            try {
                r.listener().onWatermark(info.deviceId(), labMicros);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SimulatedMea.class).warn("Signal listener failed on a watermark of {}", info.deviceId(), e);
            }
        }
    }

    private void deliverSpikes(SpikeBatch modelBatch) {
        if (modelBatch.count() == 0) return;
        SpikeBatch batch = onLabTime(modelBatch);
        spikesDelivered |= !listeners.isEmpty();
        for (Registration r : listeners) {
            try {
                r.listener().onSpikes(batch);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SimulatedMea.class).warn("Signal listener failed on {}; it stays registered", info.deviceId(), e);
            }
        }
    }

    private SpikeBatch onLabTime(SpikeBatch b) {
        long offset = offsetMicros;
        if (offset == 0) return b;
        long[] times = new long[b.count()];
        for (int i = 0; i < times.length; i++) times[i] = b.timesMicros()[i] + offset;
        return new SpikeBatch(b.meaId(), b.count(), b.electrodes(), times, b.amplitudesMicrovolts());
    }

    private void deliverSamples(RawSampleBlock modelBlock) {
        RawSampleBlock block = offsetMicros == 0 ? modelBlock : new RawSampleBlock(modelBlock.meaId(), modelBlock.firstSampleIndex() + shedSamples,
                modelBlock.startMicros() + offsetMicros, modelBlock.sampleRateHz(), modelBlock.channelCount(), modelBlock.sampleCount(),
                modelBlock.samplesMicrovolts());
        for (Registration r : listeners) {
            if (!r.raw()) continue;
            try {
                r.listener().onSamples(block);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SimulatedMea.class).warn("Raw listener failed on {}", info.deviceId(), e);
            }
        }
    }

    @Override
    public double[] electrodeImpedancesKilohms() {
        synchronized (lock) {
            double[] out = new double[model.layout().electrodeCount()];
            for (int e = 0; e < out.length; e++) out[e] = model.electrodeImpedanceKilohms(e);
            return out;
        }
    }

    MeaModel model() {
        return model;
    }

    void stop() {
        stopped = true;
        listeners.clear();
    }
}
