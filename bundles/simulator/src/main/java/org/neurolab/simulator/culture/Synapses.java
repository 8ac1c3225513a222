package org.neurolab.simulator.culture;

import org.neurolab.simulator.internal.engine.Network;

/**
 * Short-term depression of excitatory synapses (Tsodyks–Markram, depression only): each spike of an
 * excitatory neuron uses a fraction U of its synaptic resource x, which recovers towards 1 with
 * τ_rec. A spike delivers its synapse's long-term (STDP) weight, the engine's weight, times its source's resource,
 * the engine's {@link Network#sourceGain() source gain}. Depression is what ends a network burst after a few spikes per
 * neuron and spaces bursts by seconds.
 *
 * <p>The engine delivers a spike with the gain as last written, so a neuron's gain is rewritten after each of its spikes
 * (depleted) and, while it recovers, by a round-robin refresh that visits every neuron every {@link #REFRESH_STEPS}
 * steps: cost per spike and per refreshed depleted neuron, not per synapse (the engine multiplies weight and gain as it
 * delivers, the same float product a rewrite of each weight gave).
 */
final class Synapses {

    static final int REFRESH_STEPS = 400;

    private final Network network;
    private final boolean[] excitatory;
    private final float[] resource;
    private final long[] resourceStep;
    /** the resource as last written: the engine's live source gain */
    private final float[] written;
    private final float use;
    private final double tauSteps;
    private final int n;
    private final int slice;

    Synapses(Network network, boolean[] excitatory, Tuning t) {
        this.network = network;
        this.excitatory = excitatory;
        this.n = network.neuronCount();
        resource = new float[n];
        written = network.sourceGain();
        java.util.Arrays.fill(resource, 1f);
        resourceStep = new long[n];
        use = (float) t.depressionUse;
        tauSteps = t.depressionRecoveryMillis / MeaModel.DT_MILLIS;
        slice = (n + REFRESH_STEPS - 1) / REFRESH_STEPS;
    }

    /** A synapse's long-term weight. */
    float base(int synapse) {
        return network.synapseWeight(synapse);
    }

    /** Sets a synapse's long-term weight; a spike delivers it times the source's resource as last written. */
    void setBase(int synapse, float weight) {
        network.setSynapseWeight(synapse, weight);
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
    }
}
