package org.neurolab.control.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One caller's session: commands go culture → checks → guards → journal → driver; close returns every touched device to safety. */
final class ControlSession implements LabSession {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);

    private final String id;
    private final Caller caller;
    private final DeviceTable devices;
    private final GuardBoard guards;
    private final CultureRegistry cultures;
    private final Supplier<LabClock> clock;
    private final Consumer<String> onClose;
    private final Set<DeviceDriver> touched = ConcurrentHashMap.newKeySet();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong commandCounter = new AtomicLong();
    private volatile boolean closed;

    ControlSession(String id, Caller caller, DeviceTable devices, GuardBoard guards, CultureRegistry cultures, Supplier<LabClock> clock,
                   Consumer<String> onClose) {
        this.id = id;
        this.caller = caller;
        this.devices = devices;
        this.guards = guards;
        this.cultures = cultures;
        this.clock = clock;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public CommandReceipt stimulate(Stimulate command) throws CommandRefusedException {
        ensureOpen();
        Organoid organoid = cultures.culture(command.organoidId())
                .orElseThrow(() -> refused("unknown organoid '" + command.organoidId() + "'"));
        if (organoid.state() != CultureState.ACTIVE)
            throw refused("organoid " + organoid.id() + " is " + organoid.state() + "; only ACTIVE cultures can be stimulated");
        for (int e : command.electrodes())
            if (!organoid.covers(e))
                throw refused("electrode " + e + " is not under organoid " + organoid.id() + " (its electrodes: " + organoid.electrodes() + ")");
        MeaDriver mea = devices.mea(organoid.meaId())
                .orElseThrow(() -> refused("no driver for MEA " + organoid.meaId() + " of organoid " + organoid.id() + " is running"));
        String outOfRange = mea.stimulatorRange().check(command.train());
        if (outOfRange != null) throw refused(outOfRange);

        long now = clock.get().nowMicros();
        CommandRequest request = new CommandRequest(id + "-c" + commandCounter.incrementAndGet(), id, caller, command, organoid, now);
        CommandRecord decision = guards.decide(request);
        if (!decision.allowed()) {
            guards.journalRefusal(decision);
            throw new CommandRefusedException(decision.decidedBy(), decision.reason(), decision.policyIds());
        }
        guards.journal(decision);
        touched.add(mea);
        try {
            mea.stimulate(command.electrodes(), command.train());
        } catch (DeviceException e) {
            throw new CommandRefusedException(mea.info().deviceId(), e.getMessage(), List.of());
        }
        return new CommandReceipt(request.commandId(), mea.info().deviceId(), now);
    }

    @Override
    public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
        ensureOpen();
        Organoid organoid = cultures.culture(organoidId).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoidId + "'"));
        MeaDriver mea = devices.mea(organoid.meaId())
                .orElseThrow(() -> new IllegalStateException("no driver for MEA " + organoid.meaId() + " is running"));
        mea.addSignalListener(listener, wantsRaw);
        Subscription s = new Subscription(mea, listener);
        subscriptions.add(s);
        return s;
    }

    @Override
    public void emergencyStop() {
        LOG.warn("Emergency stop in session {} by {}", id, caller.user());
        safeState();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Subscription s : subscriptions) s.close();
        safeState();
        onClose.accept(id);
        LOG.info("Session {} closed; {} device(s) returned to safe state", id, touched.size());
    }

    private void safeState() {
        for (DeviceDriver d : touched) {
            try {
                d.enterSafeState();
            } catch (DeviceException | RuntimeException e) {
                LOG.error("Device {} did not reach its safe state after session {}: {}", d.info().deviceId(), id, e.getMessage(), e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("session " + id + " is closed");
    }

    private static CommandRefusedException refused(String reason) {
        return new CommandRefusedException("control", reason, List.of());
    }

    private final class Subscription implements AutoCloseable {
        private final MeaDriver mea;
        private final SignalListener listener;

        Subscription(MeaDriver mea, SignalListener listener) {
            this.mea = mea;
            this.listener = listener;
        }

        @Override
        public void close() {
            if (subscriptions.remove(this)) mea.removeSignalListener(listener);
        }
    }
}
