package org.neurolab.simulator.internal.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The neuron update with the Vector API (the incubating {@code jdk.incubator.vector}): synaptic input, Euler step,
 * threshold test and reset in one pass over a range, a full vector of neurons at a time. Each lane computes exactly the
 * scalar update's floats, operation by operation in the same order (no fused multiply-add), so results are bit for bit
 * those of {@link Network}'s scalar loops. Only referenced once {@link Kernels#VECTOR} found the module.
 */
final class VectorUpdate {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorUpdate() {
    }

    static int lanes() {
        return LANES;
    }

    /**
     * Updates neurons [from, to): v += input (input cleared), Euler with noise and, when {@code external} is non-null, the
     * external current; then every neuron at or above threshold is reset and appended to {@code spikes} from
     * {@code spikeAt}, ascending.
     *
     * @return the number of spikes appended
     */
    static int update(float[] v, float[] u, float[] a, float[] b, float[] c, float[] d, float[] noise, float[] external,
            float[] input, float dt, int from, int to, int[] spikes, int spikeAt) {
        // two loops rather than one with a branch on external: a vector that merges from two branches may be boxed by C2
        final int vectorEnd = from + SPECIES.loopBound(to - from);
        int found = external == null
                ? vectors(v, u, a, b, c, d, noise, input, dt, from, vectorEnd, spikes, spikeAt)
                : vectorsWithExternal(v, u, a, b, c, d, noise, external, input, dt, from, vectorEnd, spikes, spikeAt);
        for (int i = vectorEnd; i < to; i++) {
            float vv = v[i] + input[i];
            input[i] = 0f;
            float uu = u[i];
            float drive = (0.04f * vv + 5f) * vv + 140f - uu + noise[i];
            if (external != null) {
                drive += external[i];
            }
            float vn = vv + dt * drive;
            u[i] = uu + dt * a[i] * (b[i] * vv - uu);
            v[i] = vn;
            if (vn >= Network.THRESHOLD) {
                v[i] = c[i];
                u[i] += d[i];
                spikes[spikeAt + found++] = i;
            }
        }
        return found;
    }

    private static int vectors(float[] v, float[] u, float[] a, float[] b, float[] c, float[] d, float[] noise,
            float[] input, float dt, int from, int to, int[] spikes, int spikeAt) {
        int found = 0;
        final FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = from; i < to; i += LANES) {
            FloatVector vi = FloatVector.fromArray(SPECIES, v, i).add(FloatVector.fromArray(SPECIES, input, i));
            zero.intoArray(input, i);
            FloatVector ui = FloatVector.fromArray(SPECIES, u, i);
            FloatVector drive = vi.mul(0.04f).add(5f).mul(vi).add(140f).sub(ui).add(FloatVector.fromArray(SPECIES, noise, i));
            FloatVector vNew = vi.add(drive.mul(dt));
            FloatVector uNew = ui.add(FloatVector.fromArray(SPECIES, a, i).mul(dt)
                    .mul(FloatVector.fromArray(SPECIES, b, i).mul(vi).sub(ui)));
            vNew.intoArray(v, i);
            uNew.intoArray(u, i);
            VectorMask<Float> fired = vNew.compare(VectorOperators.GE, Network.THRESHOLD);
            if (fired.anyTrue()) {
                found = reset(fired.toLong(), i, v, u, c, d, spikes, spikeAt, found);
            }
        }
        return found;
    }

    private static int vectorsWithExternal(float[] v, float[] u, float[] a, float[] b, float[] c, float[] d, float[] noise,
            float[] external, float[] input, float dt, int from, int to, int[] spikes, int spikeAt) {
        int found = 0;
        final FloatVector zero = FloatVector.zero(SPECIES);
        for (int i = from; i < to; i += LANES) {
            FloatVector vi = FloatVector.fromArray(SPECIES, v, i).add(FloatVector.fromArray(SPECIES, input, i));
            zero.intoArray(input, i);
            FloatVector ui = FloatVector.fromArray(SPECIES, u, i);
            FloatVector drive = vi.mul(0.04f).add(5f).mul(vi).add(140f).sub(ui).add(FloatVector.fromArray(SPECIES, noise, i))
                    .add(FloatVector.fromArray(SPECIES, external, i));
            FloatVector vNew = vi.add(drive.mul(dt));
            FloatVector uNew = ui.add(FloatVector.fromArray(SPECIES, a, i).mul(dt)
                    .mul(FloatVector.fromArray(SPECIES, b, i).mul(vi).sub(ui)));
            vNew.intoArray(v, i);
            uNew.intoArray(u, i);
            VectorMask<Float> fired = vNew.compare(VectorOperators.GE, Network.THRESHOLD);
            if (fired.anyTrue()) {
                found = reset(fired.toLong(), i, v, u, c, d, spikes, spikeAt, found);
            }
        }
        return found;
    }

    /** Resets the fired lanes of the vector at {@code base}, in ascending order (rare: most vectors have none). */
    private static int reset(long lanes, int base, float[] v, float[] u, float[] c, float[] d, int[] spikes, int spikeAt,
            int found) {
        for (long bits = lanes; bits != 0; bits &= bits - 1) {
            int n = base + Long.numberOfTrailingZeros(bits);
            v[n] = c[n];
            u[n] += d[n];
            spikes[spikeAt + found++] = n;
        }
        return found;
    }
}
