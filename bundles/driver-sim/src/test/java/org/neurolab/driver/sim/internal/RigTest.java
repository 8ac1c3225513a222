package org.neurolab.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

class RigTest {
    @Test
    void bad_configuration_is_refused_with_what_is_wrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rig.build(TestRigs.config(1, -5, "virtual", 1), "t", null))
                .getMessage().contains("neurons per organoid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rig.build(TestRigs.config(0, 100, "virtual", 1), "t", null))
                .getMessage().contains("1..16 MEAs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rig.build(TestRigs.config(1, 100, "fast", 1), "t", null))
                .getMessage().contains("'paced' or 'virtual'"));
    }

    @Test
    void the_rig_announces_its_cultures_on_the_default_layout() {
        try (Rig rig = Rig.build(TestRigs.config(2, 100, "virtual", 1), "t", null)) {
            assertEquals(8, rig.cultures.size());
            assertEquals("test-mea1-o3", rig.cultures.get(7).id());
            assertEquals(List.of(24, 25, 26, 27, 28, 29, 30, 31), rig.cultures.get(3).electrodes());
            assertEquals(32, rig.meas.get(0).layout().electrodeCount());
            assertEquals(30_000, rig.meas.get(0).layout().sampleRateHz());
        }
    }

    @Test
    void stimulating_outside_the_array_or_the_hardware_range_is_refused() throws Exception {
        try (Rig rig = TestRigs.virtualRig()) {
            SimulatedMea mea = rig.meas.get(0);
            PulseTrain ok = PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0));
            assertTrue(assertThrows(DeviceException.class, () -> mea.stimulate(List.of(32), ok)).getMessage()
                    .contains("electrode 32 is outside test/mea0 (0..31)"));
            PulseTrain huge = PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 300, 200, 0));
            assertTrue(assertThrows(DeviceException.class, () -> mea.stimulate(List.of(0), huge)).getMessage().contains("amplitude 300.0"));
        }
    }

    @Test
    void virtual_time_moves_only_when_waited_on() throws Exception {
        try (Rig rig = TestRigs.virtualRig()) {
            assertEquals(0, rig.clock.nowMicros());
            Thread.sleep(20);
            assertEquals(0, rig.clock.nowMicros());
            TestRigs.letTimePass(rig, 1_000_000);
            assertEquals(1_000_000, rig.clock.nowMicros());
            assertEquals(1_000_000, rig.meas.get(0).model().nowMicros());
        }
    }

    @Test
    void a_stuck_pump_moves_nothing_whatever_it_is_told() throws Exception {
        try (Rig rig = TestRigs.virtualRig()) {
            SimulatedPump pump = rig.pumps.get(0);
            pump.setFlowMicrolitresPerMinute(20);
            pump.setStuck(true);
            assertEquals(0.0, pump.measuredFlowMicrolitresPerMinute());
            assertTrue(assertThrows(DeviceException.class, () -> pump.inject(10, 20)).getMessage().contains("stuck"));
            pump.setStuck(false);
            assertEquals(20.0, pump.measuredFlowMicrolitresPerMinute());
        }
    }

    @Test
    void sixty_seconds_of_virtual_time_take_a_small_fraction_of_a_minute() throws Exception {
        // a behaviour check of virtual time (decoupled from the wall clock), with a wide margin: the
        // benchmark measures ~20x real time for a full MEA; this asserts only better than 2x
        try (Rig rig = Rig.build(TestRigs.config(1, 1000, "virtual", 11), "t", null)) {
            long t0 = System.nanoTime();
            TestRigs.letTimePass(rig, 60_000_000);
            double wallSeconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(60_000_000, rig.clock.nowMicros());
            assertTrue(wallSeconds < 30, "60 s of virtual time took " + wallSeconds + " s");
        }
    }

    @Test
    void the_same_seed_gives_the_same_spikes_through_the_driver() throws Exception {
        assertEquals(spikeTimes(5), spikeTimes(5));
        assertTrue(!spikeTimes(5).equals(spikeTimes(6)), "a different seed gives different spikes");
    }

    private static List<Long> spikeTimes(long seed) throws Exception {
        List<Long> times = new java.util.ArrayList<>();
        try (Rig rig = Rig.build(TestRigs.config(1, 300, "virtual", seed), "t", null)) {
            rig.meas.get(0).addSignalListener((SpikeBatch b) -> {
                for (int i = 0; i < b.count(); i++) times.add(b.timesMicros()[i] * 100 + b.electrodes()[i]);
            }, false);
            TestRigs.letTimePass(rig, 3_000_000);
        }
        return times;
    }

    @Test
    void a_closed_loop_can_stimulate_from_inside_a_spike_callback() throws Exception {
        try (Rig rig = TestRigs.virtualRig()) {
            SimulatedMea mea = rig.meas.get(0);
            AtomicInteger triggered = new AtomicInteger();
            PulseTrain pulse = PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0));
            mea.addSignalListener((SpikeBatch b) -> {
                if (triggered.get() < 5) {
                    try {
                        mea.stimulate(List.of(0), pulse);
                        triggered.incrementAndGet();
                    } catch (DeviceException e) {
                        throw new AssertionError(e);
                    }
                }
            }, false);
            TestRigs.letTimePass(rig, 5_000_000);
            assertEquals(5, triggered.get(), "spikes arrived and each stimulation was accepted");
        }
    }

    @Test
    void a_stimulation_from_another_thread_does_not_wait_for_the_rigs_advance() throws Exception {
        try (Rig rig = TestRigs.virtualRig()) {
            SimulatedMea mea = rig.meas.get(0);
            java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
            mea.addSignalListener(new org.neurolab.api.driver.SignalListener() {
                @Override
                public void onSpikes(SpikeBatch b) {
                    inside.countDown();
                    try {
                        release.await(); // the advancing thread holds the rig's lock here
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, false);
            Thread advancer = Thread.ofPlatform().start(() -> {
                try {
                    rig.clock.awaitMicros(30_000_000);
                } catch (InterruptedException ignored) {
                    // test ends
                }
            });
            assertTrue(inside.await(60, java.util.concurrent.TimeUnit.SECONDS), "the culture fired");
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                var done = pool.submit(() -> {
                    mea.stimulate(List.of(1), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 20, 200, 0)));
                    return true;
                });
                assertTrue(done.get(10, java.util.concurrent.TimeUnit.SECONDS), "accepted while the rig was still advancing");
            } finally {
                release.countDown();
                pool.shutdown();
            }
            advancer.join();
            assertEquals(30_000_000, rig.clock.nowMicros());
        }
    }
}
