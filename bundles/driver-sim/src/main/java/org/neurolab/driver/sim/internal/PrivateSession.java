package org.neurolab.driver.sim.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.Command;
import org.neurolab.api.control.CommandChecks;
import org.neurolab.api.control.CommandReceipt;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.CommandRequest;
import org.neurolab.api.control.Dose;
import org.neurolab.api.control.ExchangeMedium;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Organoid;

/**
 * A session on a dry run's private rig. Checks what the lab's control checks before its guards — the culture is known
 * and ACTIVE, the electrodes are under it, the train fits the array's (real) stimulator range — with the same
 * wording, asks the guards the dry run gave the rig, then drives the private model. Nothing is journaled: a dry run
 * leaves no trace in the lab's audit trail.
 */
final class PrivateSession implements LabSession {
    private final String id;
    private final Caller caller;
    private final PrivateRig rig;
    private final Runnable onClose;
    private final AtomicLong commands = new AtomicLong();
    private final Set<SimulatedMea> touched = ConcurrentHashMap.newKeySet();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    PrivateSession(String id, Caller caller, PrivateRig rig, Runnable onClose) {
        this.id = id;
        this.caller = caller;
        this.rig = rig;
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
        Organoid organoid = actionable(command.organoidId(), false);
        String notUnder = CommandChecks.notUnder(organoid, command.electrodes());
        if (notUnder != null) throw refused(notUnder);
        SimulatedMea mea = rig.mea(organoid.meaId()).orElseThrow(() -> refused("no MEA " + organoid.meaId() + " in this dry run"));
        String outOfRange = mea.stimulatorRange().check(command.train());
        if (outOfRange != null) throw refused(outOfRange);
        long now = rig.clock().nowMicros();
        String commandId = id + "-c" + commands.incrementAndGet();
        rig.judge(new CommandRequest(commandId, id, caller, command, organoid, now));
        touched.add(mea);
        try {
            mea.stimulate(rig.map(mea.info().deviceId()).toModel(command.electrodes()), command.train());
        } catch (DeviceException e) {
            throw new CommandRefusedException(mea.info().deviceId(), e.getMessage(), List.of());
        }
        rig.stimulations.incrementAndGet();
        return new CommandReceipt(commandId, mea.info().deviceId(), now);
    }

    /**
     * Taken as given: the dry run's dosing rehearsal planned and judged it and books it, and the private cultures feel it
     * through that rehearsal's chemistry. The light or pump it names is the real rig's and is not simulated here.
     */
    @Override
    public CommandReceipt dose(Dose command) throws CommandRefusedException {
        return delivered(command, actionable(command.organoidId(), false), command.delivery().deviceId());
    }

    @Override
    public CommandReceipt exchangeMedium(ExchangeMedium command) throws CommandRefusedException {
        return delivered(command, actionable(command.organoidId(), true), command.infusion().deviceId());
    }

    private CommandReceipt delivered(Command command, Organoid organoid, String deviceId) throws CommandRefusedException {
        long now = rig.clock().nowMicros();
        String commandId = id + "-c" + commands.incrementAndGet();
        rig.judge(new CommandRequest(commandId, id, caller, command, organoid, now));
        return new CommandReceipt(commandId, deviceId, now);
    }

    /** The culture, if it may be acted on (the lab's rule: a medium exchange may reach a culture on hold). */
    private Organoid actionable(String organoidId, boolean maintenance) throws CommandRefusedException {
        ensureOpen();
        Organoid organoid = rig.culture(organoidId).orElseThrow(() -> refused("unknown organoid '" + organoidId + "'"));
        String why = CommandChecks.notActionable(organoid, maintenance);
        if (why != null) throw refused(why);
        return organoid;
    }

    @Override
    public AutoCloseable subscribe(String organoidId, SignalListener listener, boolean wantsRaw) {
        ensureOpen();
        Organoid organoid = rig.culture(organoidId).orElseThrow(() -> new IllegalArgumentException("unknown organoid '" + organoidId + "'"));
        SimulatedMea mea = rig.mea(organoid.meaId()).orElseThrow(() -> new IllegalStateException("no MEA " + organoid.meaId() + " in this dry run"));
        SignalListener renumbered = rig.map(mea.info().deviceId()).toReal(mea.info().deviceId(), listener);
        mea.addSignalListener(renumbered, wantsRaw);
        Subscription s = new Subscription(mea, renumbered);
        subscriptions.add(s);
        return s;
    }

    @Override
    public void emergencyStop() {
        safeState();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Subscription s : subscriptions) s.close();
        safeState();
        onClose.run();
    }

    private void safeState() {
        for (SimulatedMea m : touched) m.enterSafeState();
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("session " + id + " is closed");
    }

    private static CommandRefusedException refused(String reason) {
        return new CommandRefusedException("control", reason, List.of());
    }

    private final class Subscription implements AutoCloseable {
        private final SimulatedMea mea;
        private final SignalListener listener;

        Subscription(SimulatedMea mea, SignalListener listener) {
            this.mea = mea;
            this.listener = listener;
        }

        @Override
        public void close() {
            if (subscriptions.remove(this)) mea.removeSignalListener(listener);
        }
    }
}
