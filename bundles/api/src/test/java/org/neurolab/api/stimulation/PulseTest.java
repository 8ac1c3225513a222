package org.neurolab.api.stimulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PulseTest {
    @Test
    void charge_per_phase_is_computed_from_amplitude_and_duration() {
        Pulse p = Pulse.biphasic(Polarity.CATHODIC_FIRST, 4.0, 200, 50);
        assertEquals(0.8, p.first().chargeNanocoulombs(), 1e-12, "4 µA × 200 µs = 800 pC");
        assertEquals(0.8, p.maxChargePerPhaseNanocoulombs(), 1e-12);
        assertEquals(0.0, p.netChargeNanocoulombs(), 1e-12, "symmetric biphasic is balanced");
        assertEquals(450, p.totalDurationMicros());
        assertEquals(-4.0, p.firstPhaseSignedMicroamps());
    }

    @Test
    void asymmetric_pulse_leaves_net_charge() {
        Pulse p = new Pulse(PulseShape.BIPHASIC, Polarity.ANODIC_FIRST, new Phase(6, 100), new Phase(2, 200), 0);
        assertEquals(0.2, p.netChargeNanocoulombs(), 1e-12);
        assertEquals(0.6, p.maxChargePerPhaseNanocoulombs(), 1e-12);
        assertEquals(6.0, p.firstPhaseSignedMicroamps());
    }

    @Test
    void bad_values_are_refused_with_what_was_wrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Phase(-1, 100)).getMessage().contains("polarity gives the sign"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Phase(Double.NaN, 100)).getMessage().contains("finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Phase(1, 0)).getMessage().contains("duration must be > 0"));
        assertThrows(IllegalArgumentException.class, () -> new Pulse(PulseShape.BIPHASIC, Polarity.CATHODIC_FIRST, new Phase(1, 1), null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Pulse(PulseShape.MONOPHASIC, Polarity.CATHODIC_FIRST, new Phase(1, 1), null, 10));
    }

    @Test
    void train_period_must_leave_room_for_the_pulse() {
        Pulse p = Pulse.biphasic(Polarity.CATHODIC_FIRST, 1, 200, 50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PulseTrain(p, 2, 400));
        assertTrue(e.getMessage().contains("shorter than the pulse itself (450 µs)"), e.getMessage());
        PulseTrain t = new PulseTrain(p, 10, 10_000);
        assertEquals(100.0, t.rateHz(), 1e-9);
        assertEquals(9 * 10_000 + 450, t.durationMicros());
        assertEquals(0, PulseTrain.single(p).rateHz());
        assertThrows(IllegalArgumentException.class, () -> new PulseTrain(p, 0, 1000));
    }

    @Test
    void stimulator_range_names_what_is_out_of_range() {
        StimulatorRange range = new StimulatorRange(10, 20, 1000, 500, 200);
        assertNull(range.check(PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 10, 1000, 500))), "the largest pulse fits");
        assertTrue(range.check(PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 10.01, 200, 0))).contains("amplitude 10.01"));
        assertTrue(range.check(PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 1, 1001, 0))).contains("phase duration 1001"));
        assertTrue(range.check(PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 1, 10, 0))).contains("phase duration 10"));
        assertTrue(range.check(new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, 1, 100, 0), 5, 4_000)).contains("pulse rate 250.0 Hz"));
    }
}
