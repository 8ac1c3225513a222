package org.neurolab.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.CommandRefusedException;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.CultureState;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.lab.Provenance;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;
import org.neurolab.control.CommandPaths;
import org.neurolab.driver.sim.VirtualRig;
import org.neurolab.driver.sim.VirtualRigSpec;

class PrivateRigTest {
    static final Caller CALLER = new Caller("researcher", Set.of("researcher"), "research");
    /** A stimulator narrower than the simulator's own, so the test can tell whose range is applied. */
    static final StimulatorRange NARROW = new StimulatorRange(20.0, 50, 1_000, 100, 200);

    static Organoid culture(String id, List<Integer> electrodes, CultureState state) {
        return new Organoid(id, "rig7/mea2", electrodes, new Provenance("HUES-9", "B1", "consent-1", LocalDate.now().minusDays(100)), state);
    }

    static VirtualRig rig(long seed) {
        VirtualRigSpec spec = new VirtualRigSpec(seed,
                List.of(culture("rig7-o1", List.of(8, 9, 10, 11, 12, 13, 14, 15), CultureState.ACTIVE),
                        culture("rig7-o2", List.of(16, 17, 18, 19, 20, 21, 22, 23), CultureState.ON_HOLD)),
                List.of(new VirtualRigSpec.Mea("rig7/mea2", 32, 30_000, NARROW, "rig7")),
                List.of(new DeviceInfo("rig7/pump2", DeviceKind.PUMP, "rig7", "sim", "pump", "1")));
        return new VirtualRigFactoryComponent(TestRigs.config(1, 200, "virtual", 1), "t", CommandPaths.unguarded()).create(spec);
    }

    static Stimulate pulse(String organoid, int electrode, double microamps) {
        return new Stimulate(organoid, List.of(electrode), PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, microamps, 200, 0)));
    }

    @Test
    void the_copied_cultures_keep_their_ids_arrays_and_electrodes() {
        try (VirtualRig rig = rig(3)) {
            assertEquals(List.of(8, 9, 10, 11, 12, 13, 14, 15), rig.cultureRegistry().culture("rig7-o1").orElseThrow().electrodes());
            assertEquals(32, rig.control().layout("rig7/mea2").orElseThrow().electrodeCount());
            assertEquals(NARROW, rig.control().stimulatorRange("rig7/mea2").orElseThrow());
            assertTrue(rig.clock().isVirtual());
            assertEquals(0, rig.clock().nowMicros());
        }
    }

    @Test
    void its_command_path_applies_the_real_stimulator_range_and_the_culture_checks() throws Exception {
        try (VirtualRig rig = rig(3); LabSession s = rig.control().openSession(CALLER)) {
            s.stimulate(pulse("rig7-o1", 9, 15));
            assertEquals(1, rig.stimulationsCarriedOut());
            assertTrue(assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("rig7-o1", 9, 25)))
                    .getMessage().contains("exceeds the stimulator's maximum of 20.0"));
            assertTrue(assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("rig7-o1", 3, 5)))
                    .getMessage().contains("not under organoid rig7-o1"));
            assertTrue(assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("rig7-o2", 17, 5)))
                    .getMessage().contains("ON_HOLD"));
            assertTrue(assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("nope", 1, 5)))
                    .getMessage().contains("unknown organoid"));
            assertEquals(1, rig.stimulationsCarriedOut());
        }
    }

    /** Spikes of the culture's electrodes over a minute of virtual time, with a pulse every second. */
    static long[] minute(long seed) throws Exception {
        try (VirtualRig rig = rig(seed); LabSession s = rig.control().openSession(CALLER)) {
            AtomicLong spikes = new AtomicLong(), sum = new AtomicLong();
            s.subscribe("rig7-o1", new SignalListener() {
                @Override
                public void onSpikes(SpikeBatch b) {
                    spikes.addAndGet(b.count());
                    for (int i = 0; i < b.count(); i++)
                        if (b.electrodes()[i] < 8 || b.electrodes()[i] > 23)
                            throw new AssertionError("spike on electrode " + b.electrodes()[i] + ", not under the copied cultures (8..23)");
                    for (int i = 0; i < b.count(); i++) sum.addAndGet(b.timesMicros()[i] % 1_000_003);
                }
            }, false);
            for (int sec = 0; sec < 60; sec++) {
                s.stimulate(pulse("rig7-o1", 10, 18));
                rig.clock().awaitMicros((sec + 1) * 1_000_000L);
            }
            assertEquals(60_000_000L, rig.clock().nowMicros());
            assertEquals(60, rig.stimulationsCarriedOut());
            return new long[] {spikes.get(), sum.get()};
        }
    }

    @Test
    void virtual_time_runs_faster_than_the_wall_clock_and_is_deterministic_for_the_seed() throws Exception {
        long t0 = System.nanoTime();
        long[] a = minute(11);
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(wallSeconds < 30, "a lab minute took " + wallSeconds + " s of wall time");
        assertTrue(a[0] > 0, "the culture fired");
        long[] b = minute(11);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertNotEquals(a[1], minute(12)[1], "another seed, other spikes");
    }

    @Test
    void a_closed_rig_stops_its_clock_and_refuses_sessions() {
        VirtualRig rig = rig(3);
        rig.close();
        assertThrows(IllegalStateException.class, () -> rig.clock().awaitMicros(1_000));
        assertThrows(IllegalStateException.class, () -> rig.control().openSession(CALLER));
    }

    @Test
    void a_specification_that_does_not_fit_is_refused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VirtualRigSpec(1,
                List.of(culture("x", List.of(40), CultureState.ACTIVE)), List.of(new VirtualRigSpec.Mea("rig7/mea2", 32, 30_000, NARROW))))
                .getMessage().contains("outside MEA"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VirtualRigSpec(1,
                List.of(culture("x", List.of(4), CultureState.ACTIVE)), List.of()))
                .getMessage().contains("not in the specification"));
    }

    /** Spikes of culture rig7-o1 in 20 s of virtual time, 10 s after the start, with {@code medium} in the chamber (or plain medium). */
    static long spikesIn(org.neurolab.api.chemistry.MediumChemistry medium) throws Exception {
        try (VirtualRig rig = rig(11); LabSession s = rig.control().openSession(CALLER)) {
            if (medium != null) rig.useChemistry(medium);
            AtomicLong spikes = new AtomicLong();
            s.subscribe("rig7-o1", new SignalListener() {
                @Override
                public void onSpikes(SpikeBatch b) {
                    for (int i = 0; i < b.count(); i++) if (b.timesMicros()[i] >= 10_000_000L) spikes.incrementAndGet();
                }
            }, false);
            rig.clock().awaitMicros(30_000_000L);
            return spikes.get();
        }
    }

    /** A chamber that holds {@code um} of an inhibitory compound from 5 s of lab time on. */
    record Inhibited(double um) implements org.neurolab.api.chemistry.MediumChemistry {
        @Override
        public java.util.Map<String, Double> concentrationsMicromolar(String meaId, long t) {
            return t < 5_000_000L || !meaId.equals("rig7/mea2") ? java.util.Map.of() : java.util.Map.of("gaba", um);
        }

        @Override
        public java.util.Map<org.neurolab.api.chemistry.EffectClass, Double> effectiveMicromolar(String meaId, long t) {
            return concentrationsMicromolar(meaId, t).isEmpty() ? java.util.Map.of()
                    : java.util.Map.of(org.neurolab.api.chemistry.EffectClass.INHIBITORY, um);
        }
    }

    @Test
    void the_private_cultures_feel_what_the_chemistry_they_are_given_says_is_in_their_chamber() throws Exception {
        long plain = spikesIn(null);
        long inhibited = spikesIn(new Inhibited(40));
        assertTrue(plain > 50, "the culture fires in plain medium: " + plain);
        assertTrue(inhibited < plain / 4, "40 µM GABA silences most of it: " + inhibited + " spikes against " + plain);
        assertEquals(plain, spikesIn(new Inhibited(0)), "a chamber with nothing in it is plain medium, spike for spike");
    }

    @Test
    void doses_and_exchanges_are_taken_for_active_cultures_only() throws Exception {
        try (VirtualRig rig = rig(3); LabSession s = rig.control().openSession(CALLER)) {
            var delivery = new org.neurolab.api.control.Delivery.Infusion("rig7/pump2", 2, 10);
            var receipt = s.dose(new org.neurolab.api.control.Dose("rig7-o1", "gaba", 2, delivery, 10));
            assertEquals("rig7/pump2", receipt.deviceId());
            assertTrue(assertThrows(CommandRefusedException.class,
                    () -> s.dose(new org.neurolab.api.control.Dose("rig7-o2", "gaba", 2, delivery, 10))).getMessage().contains("ON_HOLD"));
            s.exchangeMedium(new org.neurolab.api.control.ExchangeMedium("rig7-o1", delivery));
            assertEquals(0, rig.stimulationsCarriedOut());
        }
    }

    @Test
    void guards_given_to_the_rig_judge_after_its_own_checks_and_their_refusal_names_them() throws Exception {
        try (VirtualRig rig = rig(3); LabSession s = rig.control().openSession(CALLER)) {
            List<String> asked = new java.util.ArrayList<>();
            rig.useGuard("ethics", request -> {
                asked.add(request.commandId() + " " + request.organoid().id());
                return request.command() instanceof Stimulate st && st.train().pulse().first().amplitudeMicroamps() > 12
                        ? org.neurolab.api.control.GuardDecision.deny("too strong for the policy", "stim.limit v1")
                        : org.neurolab.api.control.GuardDecision.allow();
            });
            s.stimulate(pulse("rig7-o1", 9, 10));
            CommandRefusedException e = assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("rig7-o1", 9, 15)));
            assertEquals("ethics", e.refusedBy());
            assertEquals(List.of("stim.limit v1"), e.policyIds());
            assertThrows(CommandRefusedException.class, () -> s.stimulate(pulse("rig7-o1", 3, 5))); // not under the culture: refused before the guard
            s.dose(new org.neurolab.api.control.Dose("rig7-o1", "gaba", 2, new org.neurolab.api.control.Delivery.Infusion("rig7/pump2", 2, 10), 10));
            assertEquals(3, asked.size(), "asked for the two pulses under the culture and the dose: " + asked);
            assertEquals(1, rig.stimulationsCarriedOut(), "the refused pulse never reached the model");
        }
    }
}
