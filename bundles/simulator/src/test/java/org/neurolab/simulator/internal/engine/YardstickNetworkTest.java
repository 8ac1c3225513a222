package org.neurolab.simulator.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class YardstickNetworkTest {

    @Test
    void structureFollowsTheReference() {
        int n = 1000;
        int k = 100;
        try (Network network = YardstickNetwork.build(n, k, 5)) {
            assertEquals((long) n * k, network.synapseCount());
            assertEquals(0, network.maxDelaySteps());
            assertEquals(0.5, network.timeStepMillis());
            int excitatory = YardstickNetwork.excitatoryCount(n);
            assertEquals(800, excitatory);
            for (int i = 0; i < n; i++) {
                BitSet targets = new BitSet(n);
                assertEquals(k, network.outgoingEnd(i) - network.outgoingStart(i));
                for (int s = network.outgoingStart(i); s < network.outgoingEnd(i); s++) {
                    assertTrue(!targets.get(network.synapseTarget(s)), "distinct targets");
                    targets.set(network.synapseTarget(s));
                    float w = network.synapseWeight(s);
                    if (i < excitatory) {
                        assertTrue(w >= 0 && w < 0.5 * 1000 / k, "excitatory weight " + w);
                    } else {
                        assertTrue(w <= 0 && w > -1000.0 / k, "inhibitory weight " + w);
                    }
                }
                float a = network.parameterA()[i];
                float c = network.parameterC()[i];
                if (i < excitatory) {
                    assertEquals(0.02f, a);
                    assertTrue(c >= -65 && c < -50);
                    assertEquals(5f, network.noiseAmplitude()[i]);
                } else {
                    assertTrue(a >= 0.02f && a < 0.1f);
                    assertEquals(-65f, c);
                    assertEquals(2f, network.noiseAmplitude()[i]);
                }
            }
        }
    }

    private static double meanRateHz(int n, int k, long seed, double seconds) {
        try (Network network = YardstickNetwork.build(n, k, seed)) {
            network.runMillis(seconds * 1000);
            return network.totalSpikes() / (double) n / seconds;
        }
    }

    /** Brian2 2.5.1 on the same network (docs/bench/izhikevich.md): 8.1 Hz at 1000 × 1000. */
    @Test
    void classicAllToAllNetworkFiresNearTheReferenceRate() {
        double rate = meanRateHz(1000, 1000, 1, 3);
        assertEquals(8.1, rate, 0.81, "mean rate " + rate);
    }

    /** Brian2: 30.1 Hz at 10k × 100 (30.6 Hz at 100k × 100). */
    @Test
    void sparseNetworkFiresNearTheReferenceRate() {
        double rate = meanRateHz(10_000, 100, 1, 1);
        assertEquals(30.1, rate, 3.0, "mean rate " + rate);
    }
}
