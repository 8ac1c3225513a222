package org.neurolab.simulator.culture;

import org.neurolab.simulator.internal.engine.Network;

/**
 * Short-term depression of excitatory synapses (Tsodyks–Markram, depression only): each spike of an
 * excitatory neuron uses a fraction U of its synaptic resource x, which recovers towards 1 with
 * τ_rec. The engine's weight of a synapse is its long-term (STDP) weight times its source's resource.
 * Depression is what ends a network burst after a few spikes per neuron and spaces bursts by seconds.
 *
 * <p>The engine delivers a spike with the weights as last written, so a neuron's weights are
 * rewritten after each of its spikes (depleted) and, while it recovers, by a round-robin refresh
 * that visits every neuron every {@link #REFRESH_STEPS} steps: cost per spike and per refreshed
 * depleted neuron, not per synapse per step.
 */
final class Synapses {

    static final int REFRESH_STEPS = 400;

    private final Network network;
    private final boolean[] excitatory;
    /** long-term weight per synapse (what STDP changes) */
    private final float[] base;
    private final float[] resource;
    private final long[] resourceStep;
    /** the resource as last written into the engine's weights */
    private final float[] written;
    private final float use;
    private final double tauSteps;
    private final int n;
    private final int slice;

    Synapses(Network network, boolean[] excitatory, Tuning t) {
        this.network = network;
        this.excitatory = excitatory;
        this.n = network.neuronCount();
        int synapses = (int) network.synapseCount();
        base = new float[synapses];
        for (int s = 0; s < synapses; s++) {
            base[s] = network.synapseWeight(s);
        }
        resource = new float[n];
        written = new float[n];
        java.util.Arrays.fill(resource, 1f);
        java.util.Arrays.fill(written, 1f);
        resourceStep = new long[n];
        use = (float) t.depressionUse;
        tauSteps = t.depressionRecoveryMillis / MeaModel.DT_MILLIS;
        slice = (n + REFRESH_STEPS - 1) / REFRESH_STEPS;
    }

    float base(int synapse) {
        return base[synapse];
    }

    /** Sets a synapse's long-term weight (its source must be excitatory). */
    void setBase(int synapse, int source, float weight) {
        base[synapse] = weight;
        network.setSynapseWeight(synapse, weight * written[source]);
    }

    private float resourceAt(int neuron, long step) {
        float x = resource[neuron];
        if (x >= 1f) {
            return 1f;
        }
        return (float) (1 - (1 - x) * Math.exp(-(step - resourceStep[neuron]) / tauSteps));
    }

    void onSpikes(long step, int[] neurons, int count) {
        for (int k = 0; k < count; k++) {
            int i = neurons[k];
            if (!excitatory[i]) {
                continue;
            }
            float x = resourceAt(i, step);
            x -= use * x;
            resource[i] = x;
            resourceStep[i] = step;
            write(i, x);
        }
    }

    /** Rewrites the weights of this step's share of recovering neurons. */
    void refresh(long step) {
        int from = (int) (step % REFRESH_STEPS) * slice;
        int to = Math.min(n, from + slice);
        for (int i = from; i < to; i++) {
            if (written[i] < 1f && excitatory[i]) {
                float x = resourceAt(i, step);
                if (x > 0.98f) {
                    x = 1f;
                    resource[i] = 1f;
                }
                resource[i] = x;
                resourceStep[i] = step;
                write(i, x);
            }
        }
    }

    private void write(int neuron, float x) {
        written[neuron] = x;
        for (int s = network.outgoingStart(neuron), end = network.outgoingEnd(neuron); s < end; s++) {
            network.setSynapseWeight(s, base[s] * x);
        }
    }
}
