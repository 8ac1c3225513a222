package org.neurolab.recording.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.recording.TelemetryRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every rig's incubator sensors through the command path's read side (drivers stay hidden) every
 * {@code periodMicros} of lab time, and hands each new reading to the store. A reading the sensor repeats
 * (same lab time: a virtual clock that did not move) is stored once; a sensor that cannot be read is skipped
 * this round and logged by the control service.
 */
final class TelemetryPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPoller.class);

    private final Supplier<List<DeviceInfo>> devices;
    private final Function<String, Optional<EnvironmentReading>> environment;
    private final LabClock clock;
    private final long periodMicros;
    private final Consumer<TelemetryRecord> sink;
    private final Map<String, Long> lastStoredMicros = new HashMap<>();
    private volatile Thread thread;
    private long stored;

    TelemetryPoller(Supplier<List<DeviceInfo>> devices, Function<String, Optional<EnvironmentReading>> environment, LabClock clock, long periodMicros,
                    Consumer<TelemetryRecord> sink) {
        if (periodMicros < 1_000) throw new IllegalArgumentException("telemetry period must be >= 1 ms of lab time, was " + periodMicros + " µs");
        this.devices = devices;
        this.environment = environment;
        this.clock = clock;
        this.periodMicros = periodMicros;
        this.sink = sink;
    }

    void start() {
        // assigned before it runs: the loop goes on while the field names a thread
        Thread t = Thread.ofPlatform().daemon().name("recording-telemetry").unstarted(this::loop);
        thread = t;
        t.start();
    }

    /**
     * Looks at the lab clock every tick of wall time and reads when a period of lab time has passed. It never
     * waits on the lab clock: on a virtual clock a wait is what drives the simulation forward.
     */
    private void loop() {
        long tickMillis = Math.max(1, Math.min(250, periodMicros / 1_000));
        long next = Long.MIN_VALUE;
        while (thread != null) {
            try {
                long now = clock.nowMicros();
                if (now >= next) {
                    pollOnce();
                    next = next == Long.MIN_VALUE ? now + periodMicros : next + periodMicros;
                    if (next <= now) next = now + periodMicros; // fell behind (a virtual clock leapt): one reading, then the period again
                }
            } catch (RuntimeException e) {
                LOG.warn("Telemetry round failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round over the rigs that have incubator sensors. @return readings stored this round */
    int pollOnce() {
        Map<String, String> sensorOfRig = new LinkedHashMap<>(); // the control service reads a rig's first sensor
        for (DeviceInfo d : devices.get()) if (d.kind() == DeviceKind.ENVIRONMENT_SENSOR) sensorOfRig.putIfAbsent(d.rigId(), d.deviceId());
        int n = 0;
        for (var e : sensorOfRig.entrySet()) {
            try {
                Optional<EnvironmentReading> r = environment.apply(e.getKey());
                if (r.isEmpty()) continue;
                EnvironmentReading x = r.get();
                Long last = lastStoredMicros.get(e.getValue());
                if (last != null && last == x.timeMicros()) continue;
                sink.accept(new TelemetryRecord(x.timeMicros(), e.getValue(), x.temperatureCelsius(), x.co2Percent(), x.humidityPercent()));
                lastStoredMicros.put(e.getValue(), x.timeMicros());
                n++;
                stored++;
            } catch (RuntimeException ex) {
                LOG.warn("Telemetry of rig {} not stored: {}", e.getKey(), ex.getMessage());
            }
        }
        return n;
    }

    long stored() {
        return stored;
    }

    @Override
    public void close() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
