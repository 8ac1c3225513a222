package org.neurolab.scripting.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.signal.SpikeBatch;

/**
 * A lab for the scripting runtime's unit tests: a virtual clock, one culture, a session that records what
 * reaches it and emits one spike every 10 ms of lab time on electrode 1. (The integration tests use the
 * real control service and simulated rig.)
 */
final class FakeLab implements LabControl, CultureRegistry, LabClock {
    static final Organoid O1 = new Organoid("o1", "m/mea0", List.of(0, 1, 2, 3), new Provenance("L", "B", "C", LocalDate.of(2026, 1, 1)),
            CultureState.ACTIVE);

    final List<Stimulate> stimulations = new CopyOnWriteArrayList<>();
    final List<Dose> doses = new CopyOnWriteArrayList<>();
    final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    volatile String refuseWith;
    /** Batches each session emits at once when it is told to stimulate (as a burst the script must catch up with). */
    volatile int burstOnStimulate;
    /** Whether a listener said it was still answering (a closed loop's lockstep), at each stimulation and each emitted batch. */
    final List<Boolean> answeringAtStimulate = new CopyOnWriteArrayList<>(), answeringAtEmit = new CopyOnWriteArrayList<>();
    private volatile long now;

    @Override
    public List<DeviceInfo> devices() {
        return List.of();
    }

    @Override
    public Optional<MeaLayout> layout(String meaId) {
        if (!meaId.equals("m/mea0")) return Optional.empty();
        List<org.neurolab.api.lab.Electrode> electrodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) electrodes.add(new org.neurolab.api.lab.Electrode(i, i * 100.0, 0, 30));
        return Optional.of(new MeaLayout(meaId, electrodes, 30_000));
    }

    /** Narrower than the simulator's own stimulator, so dry-run tests see whose range applies. */
    static final org.neurolab.api.stimulation.StimulatorRange RANGE = new org.neurolab.api.stimulation.StimulatorRange(30.0, 20, 2_000, 500, 500);

    @Override
    public Optional<org.neurolab.api.stimulation.StimulatorRange> stimulatorRange(String meaId) {
        return meaId.equals("m/mea0") ? Optional.of(RANGE) : Optional.empty();
    }

    /** How long the fake array says it waits for a closed loop's answer (a simulated rig's lockstep). */
    volatile long holdMicros;

    @Override
    public long closedLoopHoldMicros(String meaId) {
        return meaId.equals("m/mea0") ? holdMicros : 0;
    }

    @Override
    public List<String> missingRequiredGuards() {
        return List.of();
    }

    @Override
    public LabSession openSession(Caller caller) {
        FakeSession s = new FakeSession(caller);
        sessions.add(s);
        return s;
    }

    @Override
    public List<Organoid> cultures() {
        return List.of(O1);
    }

    @Override
    public Optional<Organoid> culture(String id) {
        return id.equals("o1") ? Optional.of(O1) : Optional.empty();
    }

    @Override
    public long nowMicros() {
        return now;
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
    public synchronized void awaitMicros(long t) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        for (long next = (now / 10_000 + 1) * 10_000; next <= t; next += 10_000) {
            now = next;
            for (FakeSession s : sessions) s.emit(next);
        }
        now = Math.max(now, t);
        for (FakeSession s : sessions) s.complete(now); // a virtual rig's data is complete up to its time
    }

    final class FakeSession implements LabSession {
        final Caller caller;
        final List<SignalListener> listeners = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        FakeSession(Caller caller) {
            this.caller = caller;
        }

        void emit(long t) {
            answeringAtEmit.add(listeners.stream().anyMatch(SignalListener::answering));
            for (SignalListener l : listeners) l.onSpikes(new SpikeBatch("m/mea0", 1, new int[] {1}, new long[] {t}, new float[] {-80}));
        }

        void complete(long t) {
            for (SignalListener l : listeners) l.onWatermark("m/mea0", t);
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public CommandReceipt stimulate(Stimulate command) throws CommandRefusedException {
            if (refuseWith != null) throw new CommandRefusedException("ethics", refuseWith, List.of("stim.limit"));
            stimulations.add(command);
            answeringAtStimulate.add(listeners.stream().anyMatch(SignalListener::answering));
            for (int i = 0; i < burstOnStimulate; i++) emit(now);
            return new CommandReceipt("c" + stimulations.size(), "m/mea0", now);
        }

        @Override
        public CommandReceipt dose(Dose command) throws CommandRefusedException {
            if (refuseWith != null) throw new CommandRefusedException("dosing", refuseWith, List.of());
            doses.add(command);
            return new CommandReceipt("d" + doses.size(), command.delivery().deviceId(), now);
        }

        @Override
        public CommandReceipt exchangeMedium(ExchangeMedium command) throws CommandRefusedException {
            return new CommandReceipt("x", command.infusion().deviceId(), now);
        }

        @Override
        public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
            listeners.add(listener);
            listener.onWatermark("m/mea0", now);
            return () -> listeners.remove(listener);
        }

        @Override
        public void emergencyStop() {
        }

        @Override
        public void close() {
            closed = true;
            listeners.clear();
        }
    }

    List<FakeSession> openSessions() {
        List<FakeSession> open = new ArrayList<>();
        for (FakeSession s : sessions) if (!s.closed) open.add(s);
        return open;
    }
}
