package org.neurolab.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** The default rig outside OSGi: the lab's default configuration, paced on a real-time lab clock. */
class StandaloneRigTest {
    @Test
    void the_defaults_are_the_configurations_declared_defaults() throws Exception {
        SimulatedRigConfig c = StandaloneRig.defaults();
        for (var m : SimulatedRigConfig.class.getDeclaredMethods()) assertEquals(m.getDefaultValue(), m.invoke(c), m.getName());
        assertEquals("paced", c.mode());
        assertEquals(SimulatedRigConfig.class, c.annotationType());
    }

    @Test
    void the_default_rig_runs_paced_on_the_lab_clock_and_applies_stimulation_on_the_datas_time_base() throws Exception {
        PacedRigTest.RealClock lab = new PacedRigTest.RealClock();
        try (StandaloneRig rig = StandaloneRig.pacedDefault(lab)) {
            List<MeaDriver> meas = rig.meas();
            assertEquals(4, meas.size());
            assertEquals(16, rig.cultures().size());
            Organoid first = rig.cultures().get(0);
            assertEquals("sim-mea0-o0", first.id());
            assertEquals("sim/mea0", first.meaId());
            assertTrue(rig.sizing().contains("neurons per organoid"), rig.sizing());

            PacedRigTest.Watch w = new PacedRigTest.Watch();
            meas.get(0).addSignalListener(w, false);
            long t0 = lab.nowMicros();
            while (w.watermark.get() < t0 + 200_000) Thread.sleep(20); // paced: the data follows lab time
            long before = w.watermark.get();
            long applied = meas.get(0).stimulate(List.of(first.electrodes().get(0)),
                    PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 1.0, 100, 0)));
            long after = lab.nowMicros();
            assertTrue(applied >= before, "applied at or after the data already delivered: " + applied + " < " + before);
            assertTrue(applied <= after + SimulatedMea.CHUNK_MICROS, "never ahead of lab time by more than a chunk: " + applied + " vs " + after);
            assertEquals(0, applied % 500, "applied on the model's 0.5 ms step grid: " + applied);
        }
    }
}
