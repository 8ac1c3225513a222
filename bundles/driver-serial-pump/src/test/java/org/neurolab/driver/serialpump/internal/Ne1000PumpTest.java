package org.neurolab.driver.serialpump.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DeviceInfo;

/** The driver over a real pty pair against the emulated NE-1000. */
class Ne1000PumpTest {
    PumpFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new PumpFixture(Map.of("syringeDiameterMillimetres", 14.43));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void connecting_identifies_the_pump_sets_the_syringe_and_stops_it() throws Exception {
        DeviceInfo info = f.driver.connect();
        assertEquals("NE1000V3.928", info.firmwareVersion());
        assertEquals("rig5/pump0", info.deviceId());
        assertEquals(14.43, f.pump.diameter, 1e-9, "the configured syringe");
        assertEquals(List.of("VER", "DIA", "DIA 14.43", "DIA", "STP"), f.pump.received);
    }

    @Test
    void a_configured_base_flow_starts_once_the_pump_is_identified_and_stopped() throws Exception {
        try (PumpFixture g = new PumpFixture(Map.of("address", 2, "baseFlowMicrolitresPerMinute", 4.0))) {
            g.driver.connect();
            assertEquals(List.of("VER", "DIA", "DIA 14.43", "DIA", "STP"), g.pump.received.subList(0, 5));
            assertTrue(g.pump.running());
            assertEquals(4, g.driver.measuredFlowMicrolitresPerMinute(), 1e-9);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PumpSettings.from(PumpFixture.config(Map.of("baseFlowMicrolitresPerMinute", 5000.0))));
        assertTrue(e.getMessage().contains("baseFlowMicrolitresPerMinute 5000.0 is neither 0 nor within the rates"), e.getMessage());
    }

    @Test
    void the_base_flow_is_a_continuous_infusion_at_the_set_rate() throws Exception {
        f.driver.connect();
        f.driver.setFlowMicrolitresPerMinute(5);
        assertTrue(f.pump.running());
        assertEquals(5, f.pump.rateMicrolitresPerMinute(), 1e-9);
        assertEquals(0, f.pump.volumeTargetMicrolitres(), "no volume target: until stopped");
        assertEquals(5, f.driver.measuredFlowMicrolitresPerMinute(), 1e-9);
        f.driver.setFlowMicrolitresPerMinute(12.5);
        assertEquals(12.5, f.driver.measuredFlowMicrolitresPerMinute(), 1e-9, "rate changed while pumping");
        f.driver.setFlowMicrolitresPerMinute(0);
        assertFalse(f.pump.running());
        assertEquals(0, f.driver.measuredFlowMicrolitresPerMinute());
    }

    @Test
    void rates_and_volumes_outside_the_range_are_refused_before_anything_is_sent() throws Exception {
        f.driver.connect();
        int before = f.pump.received.size();
        assertRefused(() -> f.driver.setFlowMicrolitresPerMinute(600), "flow 600.0 µL/min is outside this pump's range 1.0..500.0 µL/min");
        assertRefused(() -> f.driver.setFlowMicrolitresPerMinute(0.5), "outside this pump's range");
        assertRefused(() -> f.driver.setFlowMicrolitresPerMinute(Double.NaN), "is not a rate");
        assertRefused(() -> f.driver.inject(250, 10), "injection of 250.0 µL is outside (0, 200.0] µL");
        assertRefused(() -> f.driver.inject(10, 1000), "injection rate 1000.0 µL/min is outside");
        assertEquals(before, f.pump.received.size(), "nothing reached the pump");
    }

    @Test
    void the_pumps_own_refusal_is_named() throws Exception {
        f.driver.connect();
        f.pump.maxRate = 100; // a smaller syringe than the configuration says
        assertRefused(() -> f.driver.setFlowMicrolitresPerMinute(200), "the pump refused 'RAT 200.0 UM': value out of the pump's range");
    }

    @Test
    void an_injection_dispenses_its_volume_and_the_base_flow_resumes() throws Exception {
        f.driver.connect();
        f.driver.setFlowMicrolitresPerMinute(2);
        f.driver.inject(1, 120); // 1 µL at 2 µL/s: half a second
        assertTrue(f.driver.injecting());
        assertEquals(120, f.pump.rateMicrolitresPerMinute(), 1e-9);
        assertEquals(1, f.pump.volumeTargetMicrolitres(), 1e-9);
        await("volume dispensed", () -> !f.pump.running());
        assertEquals(1, f.pump.infusedMicrolitres(), 1e-9);
        f.driver.poll();
        assertFalse(f.driver.injecting());
        assertTrue(f.pump.running(), "base flow again");
        assertEquals(2, f.driver.measuredFlowMicrolitresPerMinute(), 1e-9);
    }

    @Test
    void safe_state_stops_an_injection_and_keeps_the_base_flow_or_stops_the_pump() throws Exception {
        f.driver.connect();
        f.driver.inject(100, 10);
        f.driver.enterSafeState();
        assertFalse(f.pump.running(), "no base flow set: safe state is the pump stopped");
        f.driver.setFlowMicrolitresPerMinute(3);
        f.driver.inject(100, 10);
        f.driver.enterSafeState();
        assertTrue(f.pump.running());
        assertEquals(3, f.pump.rateMicrolitresPerMinute(), 1e-9, "the base flow, not the injection");
        assertEquals(0, f.pump.volumeTargetMicrolitres());
    }

    @Test
    void an_alarm_is_named_and_acknowledged() throws Exception {
        f.driver.connect();
        f.driver.inject(100, 10);
        f.pump.stall();
        DeviceException e = assertThrows(DeviceException.class, () -> f.driver.measuredFlowMicrolitresPerMinute());
        assertTrue(e.getMessage().contains("pump alarm: pump motor stalled"), e.getMessage());
        assertFalse(f.driver.injecting(), "an alarm stops the pump");
        assertEquals(0, f.driver.measuredFlowMicrolitresPerMinute(), "acknowledged: the next command is answered");
        f.pump.pendingAlarm = 'R';
        e = assertThrows(DeviceException.class, () -> f.driver.setFlowMicrolitresPerMinute(5));
        assertTrue(e.getMessage().contains("power was interrupted"), e.getMessage());
    }

    @Test
    void a_pump_that_stops_answering_fails_commands_clearly_within_the_timeout_and_is_checked_when_back() throws Exception {
        f.driver.connect();
        f.driver.setFlowMicrolitresPerMinute(5);
        f.pump.silent = true;
        long t0 = System.nanoTime();
        DeviceException e = assertThrows(DeviceException.class, () -> f.driver.setFlowMicrolitresPerMinute(6));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("no answer to the status query within 1000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("check the cable, the pump's power, its address (3) and baud rate (19200)"), e.getMessage());
        assertTrue(ms < 10_000, "fails after the reply timeout, not hanging: " + ms + " ms");
        f.pump.silent = false;
        f.pump.received.clear();
        f.driver.setFlowMicrolitresPerMinute(6);
        assertEquals(List.of("VER", "DIA"), f.pump.received.subList(0, 2), "back: identified again before anything moves the syringe");
        assertEquals(6, f.pump.rateMicrolitresPerMinute(), 1e-9);
    }

    @Test
    void a_syringe_changed_at_the_keypad_is_refused() throws Exception {
        f.driver.connect();
        f.pump.silent = true;
        assertThrows(DeviceException.class, () -> f.driver.measuredFlowMicrolitresPerMinute());
        f.pump.silent = false;
        f.pump.diameter = 26.59;
        DeviceException e = assertThrows(DeviceException.class, () -> f.driver.setFlowMicrolitresPerMinute(5));
        assertTrue(e.getMessage().contains("syringe diameter is 26.59 mm, configured 14.43 mm"), e.getMessage());
        assertFalse(f.pump.running());
    }

    @Test
    void an_answer_cut_short_is_an_error_not_a_value() throws Exception {
        f.driver.connect();
        f.pump.cutShort = true;
        DeviceException e = assertThrows(DeviceException.class, () -> f.driver.measuredFlowMicrolitresPerMinute());
        assertTrue(e.getMessage().contains("an unfinished answer"), e.getMessage());
        f.pump.cutShort = false;
        assertEquals(0, f.driver.measuredFlowMicrolitresPerMinute());
    }

    @Test
    void other_pumps_on_the_line_are_not_addressed() throws Exception {
        try (PumpFixture other = new PumpFixture(Map.of("address", 7))) {
            other.pump.silent = false;
            f.close();
            f = new PumpFixture(Map.of("address", 3));
            assertEquals(3, f.pump.address);
        }
        // the emulator answers its own address only; a driver for address 3 gets nothing from a pump at 7
        try (PumpFixture wrong = new PumpFixture(Map.of("address", 4))) {
            PumpSettings s = PumpSettings.from(PumpFixture.config(Map.of("port", wrong.pty.driverEnd.toString(), "address", 5, "replyTimeoutMillis", 300)));
            try (PumpLink l = new PumpLink(s.port(), s.baud(), s.address(), s.replyTimeoutMillis())) {
                DeviceException e = assertThrows(DeviceException.class, () -> new Ne1000Pump(s, l).connect());
                assertTrue(e.getMessage().contains("no answer to 'VER' within 300 ms"), e.getMessage());
            }
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String says) {
        DeviceException e = assertThrows(DeviceException.class, call);
        assertTrue(e.getMessage().contains(says), "'" + e.getMessage() + "' says " + says);
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
