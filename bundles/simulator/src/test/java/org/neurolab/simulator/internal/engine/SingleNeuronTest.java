package org.neurolab.simulator.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SingleNeuronTest {

    private static int spikesOfRegularSpikingNeuron(double current, double seconds) {
        try (Network network = new NetworkBuilder(1).timeStepMillis(0.5).build()) {
            network.externalCurrent()[0] = (float) current;
            network.runMillis(seconds * 1000);
            return (int) network.totalSpikes();
        }
    }

    /**
     * Izhikevich's regular-spiking cell (a=0.02, b=0.2, c=−65, d=8) under constant current, forward
     * Euler at dt = 0.5 ms. The expected counts come from an independent double-precision script of
     * the same equations (v=−65, u=b·v, 10 s): I=10 → 218 spikes, I=15 → 319, I=5 → 106; below the
     * rheobase of (5−b)²/0.16 − 140 = 4 only the onset transient fires (1 spike at I=3.5).
     */
    @Test
    void regularSpikingNeuronFiresAtTheModelsRate() {
        assertEquals(218, spikesOfRegularSpikingNeuron(10, 10), 3);
        assertEquals(319, spikesOfRegularSpikingNeuron(15, 10), 4);
        assertEquals(106, spikesOfRegularSpikingNeuron(5, 10), 2);
        assertTrue(spikesOfRegularSpikingNeuron(3.5, 10) <= 1, "below rheobase: no tonic firing");
        assertEquals(0, spikesOfRegularSpikingNeuron(0, 10));
    }

    /** A spike at step t reaches the target after step t+delay's threshold test, so v crosses at t+delay+1. */
    @Test
    void synapticInputArrivesAfterTheConductionDelay() {
        for (int delay : new int[] {0, 1, 7}) {
            try (Network network = new NetworkBuilder(2).synapse(0, 1, 200, delay).build()) {
                List<long[]> events = new ArrayList<>();
                network.setSpikeListener((step, neurons, count) -> {
                    for (int i = 0; i < count; i++) {
                        events.add(new long[] {step, neurons[i]});
                    }
                });
                network.externalCurrent()[0] = 40;
                network.run(200);
                assertTrue(events.size() >= 2, "delay " + delay + ": " + events.size() + " spikes");
                long first = events.get(0)[1] == 0 ? events.get(0)[0] : -1;
                long[] firstOfTarget = events.stream().filter(e -> e[1] == 1).findFirst().orElseThrow();
                assertEquals(first + delay + 1, firstOfTarget[0], "delay " + delay);
                assertEquals(delay, network.maxDelaySteps());
                assertEquals(1, network.synapseTarget(0));
                assertEquals(delay, network.synapseDelaySteps(0));
            }
        }
    }

    /**
     * Input delivered in the step a neuron fires is lost to its reset, as in Brian2 (synapses run
     * before resets): two identical neurons under identical drive fire in the same steps, so neuron
     * 0, which gets a strong synapse from neuron 1, only ever receives input in its own spike steps
     * and must stay in lockstep with neuron 1. Were the input kept, 0 would fire again at once.
     */
    @Test
    void inputArrivingInTheSpikeStepIsOverriddenByTheReset() {
        try (Network network = new NetworkBuilder(2).synapse(1, 0, 50, 0).build()) {
            float[] current = network.externalCurrent();
            current[0] = 12;
            current[1] = 12;
            int[] counts = new int[3];
            network.setSpikeListener((step, neurons, count) -> counts[count]++);
            network.run(4000);
            assertTrue(counts[2] > 50, "they fire, together: " + counts[2]);
            assertEquals(0, counts[1], "no step with one neuron alone");
            assertEquals(network.membranePotential(1), network.membranePotential(0));
        }
    }
}
