package org.neurolab.simulator.culture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurolab.api.stimulation.PulseTrain;

/** Paired stimulation (A then B, 10 ms apart) changes A's later evoked response, only with STDP on. */
class PlasticityTest {

    static final long SECOND = 1_000_000;
    static final int A = 1;
    static final int B = 2;
    static final int PROBES = 30;
    static final long PROBE_PERIOD = 700_000;

    /** Events of organoid 0 outside electrode A, 3–30 ms after each probe pulse on A. */
    private static int probe(MeaModel model) {
        long start = model.nowMicros() + 100_000;
        model.stimulate(new int[] {A}, CultureBehaviourTest.train(3, PROBES, PROBE_PERIOD), start);
        Recorder r = new Recorder();
        model.advanceTo(start + PROBES * PROBE_PERIOD, r, null);
        int n = 0;
        for (int k = 0; k < PROBES; k++) {
            long at = start + k * PROBE_PERIOD;
            n += r.count(0, 8, at + 3_000, at + 30_000) - r.count(A, 1, at + 3_000, at + 30_000);
        }
        return n;
    }

    /** Mean long-term weight of the synapses from excitatory neurons within 80 µm of one electrode to those near another. */
    static double pathwayWeight(MeaModel model, int from, int to) {
        Tissue tissue = model.tissue();
        var network = model.network();
        boolean[] target = new boolean[tissue.neuronCount];
        for (int i = 0; i < tissue.neuronCount; i++) target[i] = tissue.distanceToElectrode(i, to) < 80;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < tissue.neuronCount; i++) {
            if (!tissue.excitatory[i] || tissue.distanceToElectrode(i, from) >= 80) continue;
            for (int s = network.outgoingStart(i); s < network.outgoingEnd(i); s++) {
                if (target[network.synapseTarget(s)]) {
                    sum += model.synapses().base(s);
                    n++;
                }
            }
        }
        assertTrue(n > 5, "pathway " + from + " -> " + to + " has synapses: " + n);
        return sum / n;
    }

    private static double[] trainAndProbe(boolean plasticity) {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 51))) {
            model.setPlasticity(false);
            model.advanceTo(2 * SECOND, null, null);
            int before = probe(model);
            double forward = pathwayWeight(model, A, B);
            double backward = pathwayWeight(model, B, A);
            model.setPlasticity(plasticity);
            model.setConcentration("dopamine", 10);
            int pairs = 120;
            long period = 500_000;
            long start = model.nowMicros() + 100_000;
            PulseTrain pulses = CultureBehaviourTest.train(6, pairs, period);
            model.stimulate(new int[] {A}, pulses, start);
            model.stimulate(new int[] {B}, pulses, start + 10_000);
            model.advanceTo(start + pairs * period + 2 * SECOND, null, null);
            model.setPlasticity(false);
            model.setConcentration("dopamine", 0);
            int after = probe(model);
            return new double[] {before, after, pathwayWeight(model, A, B) / forward, pathwayWeight(model, B, A) / backward};
        }
    }

    @Test
    void pairedStimulationChangesTheEvokedResponseOnlyWithPlasticity() {
        double[] on = trainAndProbe(true);
        double[] off = trainAndProbe(false);
        String report = String.format("evoked events before/after: plastic %.0f/%.0f, frozen %.0f/%.0f; A->B weight x%.2f (frozen x%.2f),"
                + " B->A x%.2f (frozen x%.2f)", on[0], on[1], off[0], off[1], on[2], off[2], on[3], off[3]);
        System.out.println(report);
        assertEquals(on[0], off[0], "identical baselines: " + report);
        // the trained pathway strengthens, the reverse one does not; frozen weights stay put
        assertEquals(1.0, off[2], 1e-9, report);
        assertEquals(1.0, off[3], 1e-9, report);
        assertTrue(on[2] > 1.10, report);
        assertTrue(on[2] > on[3] + 0.1, report);
        // and A's probe now evokes more in its neighbourhood than the same history without learning gives
        assertTrue(on[1] > 1.4 * off[1] + 10, report);
        assertTrue(on[1] > 1.4 * on[0] + 10, report);
    }
}
