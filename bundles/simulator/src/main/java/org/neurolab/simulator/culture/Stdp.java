package org.neurolab.simulator.culture;

import org.neurolab.simulator.internal.engine.Network;

/**
 * Pair-based STDP on the synapses of excitatory neurons, with soft bounds: a synapse potentiates by
 * {@code η·A+·x_pre·(wmax − w)} when its target fires and depresses by {@code η·A−·x_post·w} when its
 * source fires, where x is a neuron's spike trace (+1 per spike, decaying with τ = 20 ms) and wmax is
 * a multiple of the synapse's initial weight. Soft bounds keep uncorrelated activity near the initial
 * weights; consistent pre-before-post timing (as in paired stimulation) drives weights towards wmax.
 *
 * <p>Traces decay lazily (value and step of the last spike, a decay table), so the cost is per spike
 * and per synapse touched, never per neuron per step.
 */
final class Stdp {

    private final Network network;
    private final Synapses synapses;
    private final boolean[] excitatory;
    private final float potentiation;
    private final float depression;
    private final float[] maxWeight;
    /** incoming plastic synapses of neuron j: inSynapse/inSource[k], k in [inStart[j], inStart[j+1]) */
    private final int[] inStart;
    private final int[] inSynapse;
    private final int[] inSource;
    private final float[] trace;
    private final long[] lastStep;
    private final float[] decay;

    Stdp(Network network, Synapses synapses, boolean[] excitatory, Tuning t) {
        this.network = network;
        this.synapses = synapses;
        this.excitatory = excitatory;
        this.potentiation = (float) t.stdpPotentiation;
        this.depression = (float) t.stdpDepression;
        int n = network.neuronCount();
        maxWeight = new float[(int) network.synapseCount()];
        inStart = new int[n + 1];
        int plastic = 0;
        for (int i = 0; i < n; i++) {
            if (!excitatory[i]) {
                continue;
            }
            for (int s = network.outgoingStart(i), end = network.outgoingEnd(i); s < end; s++) {
                maxWeight[s] = (float) (t.stdpMaxWeightFactor * network.synapseWeight(s));
                inStart[network.synapseTarget(s) + 1]++;
                plastic++;
            }
        }
        for (int i = 0; i < n; i++) {
            inStart[i + 1] += inStart[i];
        }
        inSynapse = new int[plastic];
        inSource = new int[plastic];
        int[] cursor = java.util.Arrays.copyOf(inStart, n);
        for (int i = 0; i < n; i++) {
            if (!excitatory[i]) {
                continue;
            }
            for (int s = network.outgoingStart(i), end = network.outgoingEnd(i); s < end; s++) {
                int at = cursor[network.synapseTarget(s)]++;
                inSynapse[at] = s;
                inSource[at] = i;
            }
        }
        trace = new float[n];
        lastStep = new long[n];
        java.util.Arrays.fill(lastStep, Long.MIN_VALUE / 2);
        int window = (int) Math.ceil(8 * t.stdpTauMillis / MeaModel.DT_MILLIS);
        decay = new float[window];
        for (int k = 0; k < window; k++) {
            decay[k] = (float) Math.exp(-k * MeaModel.DT_MILLIS / t.stdpTauMillis);
        }
    }

    private float traceAt(int neuron, long step) {
        long age = step - lastStep[neuron];
        return age < decay.length ? trace[neuron] * decay[(int) age] : 0f;
    }

    /** Applies the weight changes of one step's spikes; {@code gain} scales the learning rate (dopamine). */
    void onSpikes(long step, int[] neurons, int count, float gain) {
        float aPlus = potentiation * gain;
        float aMinus = depression * gain;
        Network network = this.network;
        Synapses synapses = this.synapses;
        // traces are read before this step's spikes are added: simultaneous spikes do not pair
        for (int k = 0; k < count; k++) {
            int j = neurons[k];
            for (int q = inStart[j], end = inStart[j + 1]; q < end; q++) {
                float x = traceAt(inSource[q], step);
                if (x > 0f) {
                    int s = inSynapse[q];
                    float w = synapses.base(s);
                    synapses.setBase(s, w + aPlus * x * (maxWeight[s] - w));
                }
            }
            if (excitatory[j]) {
                for (int s = network.outgoingStart(j), end = network.outgoingEnd(j); s < end; s++) {
                    float y = traceAt(network.synapseTarget(s), step);
                    if (y > 0f) {
                        float w = synapses.base(s);
                        synapses.setBase(s, w - aMinus * y * w);
                    }
                }
            }
        }
        for (int k = 0; k < count; k++) {
            int j = neurons[k];
            trace[j] = traceAt(j, step) + 1f;
            lastStep[j] = step;
        }
    }
}
