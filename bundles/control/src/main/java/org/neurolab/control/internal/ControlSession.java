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
import org.neurolab.api.control.Command;
import org.neurolab.api.control.Delivery;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.CommandChecks;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.LightDriver;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.PumpDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.Organoid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One caller's session: commands go culture → checks → guards → journal → driver; close returns every touched device to safety. */
final class ControlSession implements LabSession {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSession.class);

    private final String id;
    private final Caller caller;
    private final DeviceTable devices;
    private final SignalHub signals;
    private final GuardBoard guards;
    private final CultureRegistry cultures;
    private final Supplier<LabClock> clock;
    private final Consumer<String> onClose;
    private final Set<DeviceDriver> touched = ConcurrentHashMap.newKeySet();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong commandCounter = new AtomicLong();
    private volatile boolean closed;

    ControlSession(String id, Caller caller, DeviceTable devices, SignalHub signals, GuardBoard guards, CultureRegistry cultures,
                   Supplier<LabClock> clock, Consumer<String> onClose) {
        this.id = id;
        this.caller = caller;
        this.devices = devices;
        this.signals = signals;
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
        Organoid organoid = actionable(command, command.organoidId(), false);
        String notUnder = CommandChecks.notUnder(organoid, command.electrodes());
        if (notUnder != null) throw refused(command, organoid, notUnder);
        MeaDriver mea = meaOf(command, organoid);
        String outOfRange = mea.stimulatorRange().check(command.train());
        if (outOfRange != null) throw refused(command, organoid, outOfRange);
        return carryOut(command, organoid, mea, () -> {
            long applied = mea.stimulate(command.electrodes(), command.train());
            // the lab's detector (raw-only arrays) ignores the artifact: blanked from the applied time, for every consumer
            signals.of(organoid.meaId()).ifPresent(s -> s.stimulated(applied < 0 ? clock.get().nowMicros() : applied, command.train()));
            return applied;
        });
    }

    @Override
    public CommandReceipt dose(Dose command) throws CommandRefusedException {
        ensureOpen();
        Organoid organoid = actionable(command, command.organoidId(), false);
        DeviceDriver device = deliveryDevice(command, organoid, command.delivery());
        return carryOut(command, organoid, device, () -> deliver(device, command.delivery(), clock.get()));
    }

    @Override
    public CommandReceipt exchangeMedium(ExchangeMedium command) throws CommandRefusedException {
        ensureOpen();
        Organoid organoid = actionable(command, command.organoidId(), true);
        DeviceDriver pump = deliveryDevice(command, organoid, command.infusion());
        return carryOut(command, organoid, pump, () -> deliver(pump, command.infusion(), clock.get()));
    }

    /** Guards, journals, then the device: the one path every command takes. */
    private CommandReceipt carryOut(Command command, Organoid organoid, DeviceDriver device, DeviceAction action) throws CommandRefusedException {
        long now = clock.get().nowMicros();
        CommandRequest request = new CommandRequest(id + "-c" + commandCounter.incrementAndGet(), id, caller, command, organoid, now);
        CommandRecord decision = guards.decide(request);
        if (!decision.allowed()) {
            guards.journalRefusal(decision);
            throw new CommandRefusedException(decision.decidedBy(), decision.reason(), decision.policyIds());
        }
        guards.journal(decision);
        touched.add(device);
        long applied;
        try {
            applied = action.run();
        } catch (DeviceException e) {
            throw new CommandRefusedException(device.info().deviceId(), e.getMessage(), List.of());
        }
        CommandReceipt receipt = new CommandReceipt(request.commandId(), device.info().deviceId(), now, applied < 0 ? now : applied);
        guards.carriedOut(decision, receipt);
        return receipt;
    }

    /** The culture, if it may be acted on; maintenance (feeding) is allowed on a culture on hold, never on a retired one. */
    private Organoid actionable(Command command, String organoidId, boolean maintenance) throws CommandRefusedException {
        Organoid organoid = cultures.culture(organoidId).orElseThrow(() -> refused(command, null, "unknown organoid '" + organoidId + "'"));
        String why = CommandChecks.notActionable(organoid, maintenance);
        if (why != null) throw refused(command, organoid, why);
        return organoid;
    }

    private MeaDriver meaOf(Command command, Organoid organoid) throws CommandRefusedException {
        return devices.mea(organoid.meaId())
                .orElseThrow(() -> refused(command, organoid, "no driver for MEA " + organoid.meaId() + " of organoid " + organoid.id() + " is running"));
    }

    /** The delivery's device must be present, of the right kind, and on the rig the culture's array sits in. */
    private DeviceDriver deliveryDevice(Command command, Organoid organoid, Delivery delivery) throws CommandRefusedException {
        String rig = meaOf(command, organoid).info().rigId();
        DeviceDriver device = devices.device(delivery.deviceId())
                .orElseThrow(() -> refused(command, organoid, "no device '" + delivery.deviceId() + "' is running"));
        boolean rightKind = switch (delivery) {
            case Delivery.Uncaging u -> device instanceof LightDriver;
            case Delivery.Infusion i -> device instanceof PumpDriver;
        };
        if (!rightKind)
            throw refused(command, organoid, "device " + delivery.deviceId() + " is a " + device.info().kind() + ", which cannot carry out "
                    + (delivery instanceof Delivery.Uncaging ? "uncaging (needs a LIGHT)" : "an infusion (needs a PUMP)"));
        if (!device.info().rigId().equals(rig))
            throw refused(command, organoid, "device " + delivery.deviceId() + " is on rig " + device.info().rigId() + ", organoid " + organoid.id() + " on rig " + rig);
        return device;
    }

    /** Light and pump drivers start at once: the applied time is lab time when they return. */
    private static long deliver(DeviceDriver device, Delivery delivery, LabClock clock) throws DeviceException {
        switch (delivery) {
            case Delivery.Uncaging u -> ((LightDriver) device).pulse(u.irradianceMilliwattsPerSquareMillimetre(), u.durationMicros());
            case Delivery.Infusion i -> ((PumpDriver) device).inject(i.volumeMicrolitres(), i.rateMicrolitresPerMinute());
        }
        return clock.nowMicros();
    }

    /** Carries the command out on the device; returns the lab time the device applies it at. */
    @FunctionalInterface
    private interface DeviceAction {
        long run() throws DeviceException;
    }

    @Override
    public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
        ensureOpen();
        Organoid organoid = cultures.culture(organoidId).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoidId + "'"));
        MeaSignal signal = signals.of(organoid.meaId())
                .orElseThrow(() -> new IllegalStateException("no driver for MEA " + organoid.meaId() + " is running"));
        Subscription s = new Subscription(signal.subscribe(listener, wantsRaw));
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

    /**
     * A refusal by control's own checks (before any guard): journaled like every decision — who, what and why are in
     * the audit trail — and logged. An unknown culture is journaled under the id the caller gave (or "invalid-id").
     */
    private CommandRefusedException refused(Command command, Organoid organoid, String reason) {
        Organoid subject = organoid != null ? organoid : standIn(command.organoidId());
        CommandRequest request = new CommandRequest(id + "-c" + commandCounter.incrementAndGet(), id, caller, command, subject, clock.get().nowMicros());
        guards.journalRefusal(new CommandRecord(request, false, "control", reason, List.of()));
        LOG.info("Refused {} by {} on {}: {}", command.action(), caller.user(), subject.id(), reason);
        return new CommandRefusedException("control", reason, List.of());
    }

    private static Organoid standIn(String organoidId) {
        String safe;
        try {
            safe = org.neurolab.api.lab.Ids.require(organoidId, "organoid id");
        } catch (IllegalArgumentException e) {
            safe = "invalid-id";
        }
        return new Organoid(safe, "unknown", List.of(0), new org.neurolab.api.lab.Provenance("unknown", "unknown", "unknown", java.time.LocalDate.EPOCH),
                org.neurolab.api.lab.CultureState.RETIRED);
    }

    private final class Subscription implements AutoCloseable {
        private final AutoCloseable handle;

        Subscription(AutoCloseable handle) {
            this.handle = handle;
        }

        @Override
        public void close() {
            if (!subscriptions.remove(this)) return;
            try {
                handle.close();
            } catch (Exception e) {
                LOG.warn("Closing a subscription of session {} failed: {}", id, e.getMessage());
            }
        }
    }
}
