package org.neurolab.control.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.driver.DeviceDriver;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.CultureRegistry;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.stimulation.StimulatorRange;

/**
 * One command path: its devices, their signal fan-out, its guards and journals, and the sessions open on it. The lab has
 * one over its drivers; each dry run has its own over its private rig's devices — the same code, so a dry run refuses
 * what the lab refuses.
 */
final class CommandPath {
    final DeviceTable devices;
    final SignalHub signals;
    final GuardBoard guards;
    private final Supplier<CultureRegistry> cultures;
    private final Supplier<LabClock> clock;
    private final String sessionPrefix;
    private final Map<String, ControlSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionCounter = new AtomicLong();

    CommandPath(String sessionPrefix, Supplier<CultureRegistry> cultures, Supplier<LabClock> clock, GuardBoard guards, boolean announce) {
        this.sessionPrefix = sessionPrefix;
        this.cultures = cultures;
        this.clock = clock;
        this.guards = guards;
        this.devices = new DeviceTable(announce);
        this.signals = new SignalHub(this::labNow);
    }

    void add(DeviceDriver device) {
        devices.add(device);
        if (device instanceof MeaDriver mea) signals.add(mea);
    }

    void remove(DeviceDriver device) {
        if (device instanceof MeaDriver mea) signals.remove(mea);
        devices.remove(device);
    }

    ControlSession openSession(Caller caller) {
        String id = sessionPrefix + sessionCounter.incrementAndGet();
        ControlSession session = new ControlSession(id, caller, devices, signals, guards, cultures.get(), clock, sessions::remove);
        sessions.put(id, session);
        return session;
    }

    /** Every open session closed: their devices to the safe state. */
    void closeSessions() {
        for (ControlSession s : List.copyOf(sessions.values())) s.close();
    }

    void close() {
        closeSessions();
        for (DeviceInfo info : devices.infos()) devices.device(info.deviceId()).ifPresent(this::remove);
    }

    List<DeviceInfo> deviceInfos() {
        return devices.infos();
    }

    Optional<MeaLayout> layout(String meaId) {
        return devices.mea(meaId).map(MeaDriver::layout);
    }

    Optional<StimulatorRange> stimulatorRange(String meaId) {
        return devices.mea(meaId).map(MeaDriver::stimulatorRange);
    }

    boolean detectsSpikes(String meaId) {
        return devices.mea(meaId).map(MeaDriver::detectsSpikes).orElse(true);
    }

    long closedLoopHoldMicros(String meaId) {
        return devices.mea(meaId).map(MeaDriver::closedLoopHoldMicros).orElse(0L);
    }

    Optional<DetectionSettings> detection(String meaId) {
        return signals.of(meaId).flatMap(MeaSignal::detection);
    }

    List<DataSourceHealth> dataHealth() {
        return signals.health();
    }

    private long labNow() {
        LabClock c = clock.get();
        return c == null ? Long.MIN_VALUE : c.nowMicros();
    }
}
