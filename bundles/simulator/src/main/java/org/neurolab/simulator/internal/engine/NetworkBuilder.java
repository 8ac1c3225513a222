package org.neurolab.simulator.internal.engine;

import java.util.Arrays;

/**
 * Collects neurons and synapses, then lays them out for the engine ({@link #build()}).
 *
 * <p>Neuron i obeys, in ms and the model's voltage units,
 * {@code dv/dt = 0.04v² + 5v + 140 − u + I}, {@code du/dt = a(bv − u)}; when {@code v ≥ 30}:
 * {@code v ← c, u ← u + d}. {@code I} is the sum of the external current, a noise current
 * {@code noiseAmplitude × N(0,1)} redrawn every {@link #noiseIntervalSteps(int)} steps, and synaptic
 * input, which adds a synapse's weight straight to v of its target {@code delaySteps} after the
 * spike (0: in the spike's own step, as Brian2's {@code on_pre='v_post += w'} without delay).
 *
 * <p>Neurons default to regular spiking (a=0.02, b=0.2, c=−65, d=8), no noise, v=−65, u=b·v.
 */
public final class NetworkBuilder {

    /** Each delay step costs a ring-buffer row of N floats per partition. */
    private static final int MAX_DELAY_STEPS = Short.MAX_VALUE;

    final int neuronCount;
    final float[] a;
    final float[] b;
    final float[] c;
    final float[] d;
    final float[] noiseAmplitude;
    final float[] v;
    final float[] u;
    private final boolean[] initialUSet;

    double timeStepMillis = 0.5;
    int noiseIntervalSteps = 2;
    long seed = 1;
    int partitions = 2;
    int threads = -1;
    boolean vectorized = Kernels.VECTOR;
    /** null: touch rows ahead when the network is large enough to gain from it; tests force it either way */
    Boolean touchRowsAhead;

    private int synapseCount;
    private int[] synSource = new int[1024];
    private int[] synTarget = new int[1024];
    private float[] synWeight = new float[1024];
    private short[] synDelay = new short[1024];

    public NetworkBuilder(int neuronCount) {
        if (neuronCount < 1) {
            throw new IllegalArgumentException("neuronCount must be at least 1, was " + neuronCount);
        }
        this.neuronCount = neuronCount;
        a = filled(neuronCount, 0.02f);
        b = filled(neuronCount, 0.2f);
        c = filled(neuronCount, -65f);
        d = filled(neuronCount, 8f);
        noiseAmplitude = new float[neuronCount];
        v = filled(neuronCount, -65f);
        u = new float[neuronCount];
        initialUSet = new boolean[neuronCount];
    }

    private static float[] filled(int n, float value) {
        float[] array = new float[n];
        Arrays.fill(array, value);
        return array;
    }

    public int neuronCount() {
        return neuronCount;
    }

    /** Euler step in ms; 0.5 matches the yardstick and Brian2's reference. */
    public NetworkBuilder timeStepMillis(double dtMillis) {
        if (!(dtMillis > 0 && dtMillis <= 1)) {
            throw new IllegalArgumentException("time step must be in (0, 1] ms, was " + dtMillis);
        }
        this.timeStepMillis = dtMillis;
        return this;
    }

    /** How many steps one noise draw is held (2 at dt = 0.5 ms: a fresh draw every 1 ms). */
    public NetworkBuilder noiseIntervalSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("noise interval must be at least 1 step, was " + steps);
        }
        this.noiseIntervalSteps = steps;
        return this;
    }

    /** Seed of the noise streams; the same seed and partition count give the same spikes. */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Work split: the neurons are cut into this many ranges, each with its own noise stream and
     * its own synaptic input buffer. Results depend on it (noise streams, float summation order),
     * so it is fixed per model and not tied to the machine; default 2.
     */
    public NetworkBuilder partitions(int partitions) {
        if (partitions < 1 || partitions > neuronCount) {
            throw new IllegalArgumentException("partitions must be in [1, " + neuronCount + "], was " + partitions);
        }
        this.partitions = partitions;
        return this;
    }

    /**
     * Threads stepping the network (the caller's thread included), at most the partition count.
     * Does not change results. Default: one per partition for networks of 4096 neurons or more
     * when the machine has the cores, else 1.
     */
    public NetworkBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    public NetworkBuilder neuron(int index, double a, double b, double c, double d, double noiseAmplitude) {
        checkNeuron(index);
        this.a[index] = (float) a;
        this.b[index] = (float) b;
        this.c[index] = (float) c;
        this.d[index] = (float) d;
        this.noiseAmplitude[index] = (float) noiseAmplitude;
        return this;
    }

    /** Initial membrane state; without it v = −65 and u = b·v. */
    public NetworkBuilder initialState(int index, double v, double u) {
        checkNeuron(index);
        this.v[index] = (float) v;
        this.u[index] = (float) u;
        this.initialUSet[index] = true;
        return this;
    }

    /**
     * One synapse. {@code delaySteps} is the conduction delay in time steps (0 to 32767): input
     * reaches the target after the threshold test of step {@code spikeStep + delaySteps}.
     */
    public NetworkBuilder synapse(int source, int target, double weight, int delaySteps) {
        checkNeuron(source);
        checkNeuron(target);
        if (delaySteps < 0 || delaySteps > MAX_DELAY_STEPS) {
            throw new IllegalArgumentException("delay must be in [0, " + MAX_DELAY_STEPS + "] steps, was " + delaySteps);
        }
        if (synapseCount == synSource.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, synSource.length * 2L);
            if (grown == synSource.length) {
                throw new IllegalStateException("too many synapses");
            }
            synSource = Arrays.copyOf(synSource, grown);
            synTarget = Arrays.copyOf(synTarget, grown);
            synWeight = Arrays.copyOf(synWeight, grown);
            synDelay = Arrays.copyOf(synDelay, grown);
        }
        synSource[synapseCount] = source;
        synTarget[synapseCount] = target;
        synWeight[synapseCount] = (float) weight;
        synDelay[synapseCount] = (short) delaySteps;
        synapseCount++;
        return this;
    }

    /** Reserves room for this many synapses in all, to spare regrowth when the count is known. */
    public NetworkBuilder expectSynapses(int total) {
        if (total > synSource.length) {
            synSource = Arrays.copyOf(synSource, total);
            synTarget = Arrays.copyOf(synTarget, total);
            synWeight = Arrays.copyOf(synWeight, total);
            synDelay = Arrays.copyOf(synDelay, total);
        }
        return this;
    }

    public int synapseCount() {
        return synapseCount;
    }

    private void checkNeuron(int index) {
        if (index < 0 || index >= neuronCount) {
            throw new IndexOutOfBoundsException("neuron " + index + " outside [0, " + neuronCount + ")");
        }
    }

    /**
     * Whether the neuron update uses the Vector API: by default when the JVM has it ({@code --add-modules
     * jdk.incubator.vector}); false forces the scalar loops. Both compute the same floats, so results do not depend on it.
     *
     * @throws IllegalStateException when true is asked for and the JVM has no Vector API
     */
    public NetworkBuilder vectorized(boolean vectorized) {
        if (vectorized && !Kernels.VECTOR) {
            throw new IllegalStateException("the Vector API is not available: start the JVM with --add-modules jdk.incubator.vector"
                    + " (and, in OSGi, export jdk.incubator.vector from the system bundle), and do not set -Dneurolab.sim.vector=false");
        }
        this.vectorized = vectorized;
        return this;
    }

    /** Forces touching rows ahead on or off (tests: the same results either way); by default the network's size decides. */
    NetworkBuilder touchRowsAhead(boolean touch) {
        this.touchRowsAhead = touch;
        return this;
    }

    /** Lays the synapses out by source (CSR, insertion order kept within a source) and makes the network. */
    public Network build() {
        for (int i = 0; i < neuronCount; i++) {
            if (!initialUSet[i]) {
                u[i] = b[i] * v[i];
            }
        }
        int maxDelay = 0;
        for (int s = 0; s < synapseCount; s++) {
            maxDelay = Math.max(maxDelay, synDelay[s]);
        }
        int[] rowStart = new int[neuronCount + 1];
        for (int s = 0; s < synapseCount; s++) {
            rowStart[synSource[s] + 1]++;
        }
        for (int i = 0; i < neuronCount; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        int[] cursor = Arrays.copyOf(rowStart, neuronCount);
        long[] synapse = new long[synapseCount];
        // without delays the engine needs no delay array and takes its faster path
        short[] delay = maxDelay > 0 ? new short[synapseCount] : null;
        for (int s = 0; s < synapseCount; s++) {
            int at = cursor[synSource[s]]++;
            synapse[at] = Network.pack(synTarget[s], synWeight[s]);
            if (delay != null) {
                delay[at] = synDelay[s];
            }
        }
        int threadCount = threads > 0 ? Math.min(threads, partitions)
                : neuronCount >= 4096 ? Math.min(partitions, Runtime.getRuntime().availableProcessors()) : 1;
        return new Network(this, maxDelay + 1, rowStart, synapse, delay, threadCount, vectorized);
    }
}
