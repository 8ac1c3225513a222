package org.neurolab.driver.intan.internal.rhx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** Pulse trains as RHX parameters, and what RHX cannot deliver refused with what it can. */
class StimPlanTest {
    @Test
    void a_biphasic_pulse_with_an_interphase_delay_anodic_first() {
        List<String> c = StimPlan.arm("B-012", PulseTrain.single(Pulse.biphasic(Polarity.ANODIC_FIRST, 2.5, 200, 100)), 0.5, 30_000, "KeyPressF3");
        assertTrue(c.contains("set B-012.Shape BiphasicWithInterphaseDelay"), c.toString());
        assertTrue(c.contains("set B-012.Polarity PositiveFirst"));
        assertTrue(c.contains("set B-012.InterphaseDelayMicroseconds 100"));
        assertTrue(c.contains("set B-012.FirstPhaseAmplitudeMicroAmps 2.5"));
        assertTrue(c.contains("set B-012.PulseOrTrain SinglePulse"));
        assertTrue(c.contains("set B-012.Source KeyPressF3"));
        assertEquals("set B-012.StimEnabled True", c.get(c.size() - 2));
        assertEquals("execute UploadStimParameters B-012", c.get(c.size() - 1), "enabled, then uploaded");
        assertEquals("execute ManualStimTriggerPulse F3", StimPlan.fire("KeyPressF3"));
    }

    @Test
    void a_train() {
        Pulse p = Pulse.triphasic(Polarity.CATHODIC_FIRST, new Phase(10, 100), new Phase(20, 100), 0);
        List<String> c = StimPlan.arm("A-000", new PulseTrain(p, 256, 1000), 1, 30_000, "DigitalIn02");
        assertTrue(c.containsAll(List.of("set A-000.Shape Triphasic", "set A-000.PulseOrTrain PulseTrain", "set A-000.NumberOfStimPulses 256",
                "set A-000.PulseTrainPeriodMicroseconds 1000", "set A-000.SecondPhaseAmplitudeMicroAmps 20", "set A-000.Source DigitalIn02")), c.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StimPlan.arm("A-000", new PulseTrain(p, 257, 1000), 1, 30_000, "KeyPressF1"));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void amplitudes_and_durations_must_be_deliverable() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> StimPlan.amplitude("first phase", 10.3, 0.5));
        assertEquals("first phase amplitude 10.3 µA is not a whole number of the controller's 0.5 µA steps (it can deliver 10 or 10.5 µA)", a.getMessage());
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> StimPlan.amplitude("first phase", 128, 0.5));
        assertTrue(max.getMessage().contains("maximum of 127.5 µA"), max.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> StimPlan.duration("first phase", 50, 30_000, 5000));
        assertTrue(d.getMessage().contains("33.3 or 66.7 µs"), d.getMessage());
        assertEquals("34", StimPlan.duration("first phase", 34, 30_000, 5000), "one sample period, within 1 µs");
        assertEquals("50", StimPlan.duration("first phase", 50, 20_000, 5000));
        assertThrows(IllegalArgumentException.class, () -> StimPlan.duration("first phase", 5100, 20_000, 5000));
        assertThrows(IllegalArgumentException.class, () -> StimPlan.requireTriggerSource("KeyPressF9"));
    }
}
