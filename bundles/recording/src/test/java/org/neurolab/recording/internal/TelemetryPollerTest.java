package org.neurolab.recording.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.EnvironmentReading;
import org.neurolab.recording.TelemetryRecord;
import org.neurolab.testsupport.ManualLabClock;

class TelemetryPollerTest {
    static final List<DeviceInfo> DEVICES = List.of(
            new DeviceInfo("rig1/mea0", DeviceKind.MEA, "rig1", "v", "m", "1"),
            new DeviceInfo("rig1/incubator", DeviceKind.ENVIRONMENT_SENSOR, "rig1", "v", "m", "1"),
            new DeviceInfo("rig2/incubator", DeviceKind.ENVIRONMENT_SENSOR, "rig2", "v", "m", "1"),
            new DeviceInfo("rig3/incubator", DeviceKind.ENVIRONMENT_SENSOR, "rig3", "v", "m", "1"));

    final ManualLabClock clock = new ManualLabClock();
    final Map<String, EnvironmentReading> readings = new ConcurrentHashMap<>();
    final List<TelemetryRecord> stored = new CopyOnWriteArrayList<>();

    TelemetryPoller poller(long periodMicros) {
        return new TelemetryPoller(() -> DEVICES, rig -> {
            if (rig.equals("rig3")) throw new IllegalStateException("sensor unplugged");
            return Optional.ofNullable(readings.get(rig));
        }, clock, periodMicros, stored::add);
    }

    @Test
    void each_rig_sensor_is_stored_once_per_new_reading() {
        TelemetryPoller p = poller(10_000_000);
        readings.put("rig1", new EnvironmentReading(1_000, 37.0, 5.0, 95.0));
        assertEquals(1, p.pollOnce(), "rig2 has no reading now and rig3 fails: both skipped, rig1 stored");
        assertEquals(new TelemetryRecord(1_000, "rig1/incubator", 37.0, 5.0, 95.0), stored.get(0));
        assertEquals(0, p.pollOnce(), "the same reading again (the clock did not move) is not stored twice");
        readings.put("rig1", new EnvironmentReading(2_000, 37.2, 5.1, 94.0));
        readings.put("rig2", new EnvironmentReading(2_000, 36.5, 4.9, 90.0));
        assertEquals(2, p.pollOnce());
        assertEquals(List.of("rig1/incubator", "rig1/incubator", "rig2/incubator"), stored.stream().map(TelemetryRecord::deviceId).toList());
    }

    @Test
    void polls_every_period_of_lab_time() throws Exception {
        readings.put("rig1", new EnvironmentReading(0, 37.0, 5.0, 95.0));
        try (TelemetryPoller p = poller(10_000_000)) {
            p.start();
            awaitStored(1); // at once
            for (long t = 1; t <= 3; t++) {
                long at = t * 10_000_000;
                clock.set(at - 1);
                readings.put("rig1", new EnvironmentReading(at - 1, 37.0, 5.0, 95.0));
                Thread.sleep(100);
                assertEquals(t, stored.size(), "nothing before the period is over");
                readings.put("rig1", new EnvironmentReading(at, 37.0 + t, 5.0, 95.0));
                clock.set(at);
                awaitStored(t + 1);
            }
            readings.put("rig1", new EnvironmentReading(3_600_000_000L, 38.0, 5.0, 95.0));
            clock.set(3_600_000_000L); // a virtual clock leaps an hour: one reading, not 360
            awaitStored(5);
            Thread.sleep(100);
            assertEquals(5, stored.size());
        }
    }

    @Test
    void a_period_below_a_millisecond_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> poller(999));
    }

    private void awaitStored(long n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (stored.size() < n && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertEquals(n, stored.size());
    }
}
