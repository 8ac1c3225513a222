package org.neurolab.simulator.internal.engine;

import java.util.Arrays;

import org.neurolab.simulator.internal.random.NormalGenerator;

/**
 * A network of Izhikevich neurons stepped with forward Euler at a fixed time step.
 *
 * <p>One step, in the order Brian2 uses for the same model: noise redraw (every
 * {@code noiseIntervalSteps}), external current hook, Euler update of v and u from the old values,
 * threshold {@code v ≥ 30} and reset, then spike propagation: every outgoing synapse of every
 * neuron that fired adds its weight to its target's input {@code delay} steps ahead. Input delivered
 * in a step reaches v before the next step's update, except for neurons that fired in that step,
 * whose reset overrides it (Brian2 runs resets after synaptic delivery).
 *
 * <p>Layout: neuron state in float arrays; synapses in CSR rows per source, target and weight packed in one
 * {@code long} per synapse (the weight's float bits high, the target low: a spike's row is one stream of memory, not
 * two), {@code short[] delay} only when some delay is non-zero; delayed input in
 * a ring buffer of {@code maxDelay + 1} rows of N floats, one row per step. Each partition has its
 * own ring buffer, so partitions propagate without locks; the update sums them. Every array the
 * update loop touches is indexed by the neuron alone, which lets the JIT vectorize it; with the Vector API present
 * ({@link Kernels}) one pass per vector of neurons does input, Euler, threshold and reset ({@link VectorUpdate}).
 *
 * <p>Spike delivery reads each spiking neuron's row from memory that, for large networks, is far larger than the caches
 * (100k × 100: 80 MB): the rows of the spikes {@link #PREFETCH_ROWS} ahead are touched first, so their cache misses
 * overlap the current row's scatter instead of stalling it. An optional gain per source ({@link #sourceGain()})
 * multiplies its row's weights at delivery: short-term depression scales a neuron's whole row at once that way,
 * instead of rewriting each of its synapses after every spike.
 *
 * <p>Not thread-safe: step it from one thread. {@link #close()} stops its worker threads.
 */
public final class Network implements AutoCloseable {

    static final float THRESHOLD = 30f;
    /** Neurons updated and then threshold-tested together, so the tested values are still in L1. */
    private static final int CHUNK = 1024;
    /**
     * Rows touched ahead of delivery; 0 turns it off ({@code -Dneurolab.sim.prefetchRows}, for A/B runs). Two rows ahead
     * of ~100 synapses keep a dozen cache-line misses in flight without evicting what is being delivered.
     */
    static final int PREFETCH_ROWS = Integer.getInteger("neurolab.sim.prefetchRows", 2);
    /** Below this many synapses (16 MB of rows) the rows stay in the caches and touching them ahead only costs. */
    private static final int PREFETCH_MIN_SYNAPSES = 2 << 20;

    private final int n;
    private final float dt;
    private final int noiseIntervalSteps;

    private final float[] v;
    private final float[] u;
    private final float[] a;
    private final float[] b;
    private final float[] c;
    private final float[] d;
    private final float[] noiseAmplitude;
    private final float[] noise;
    private final float[] external;

    private final int[] rowStart;
    /** (floatToRawIntBits(weight) << 32) | target, per synapse */
    private final long[] synapse;
    /** null when every delay is 0 */
    private final short[] delay;
    private final int slots;

    private final int partitions;
    private final int[] partitionStart;
    private final NormalGenerator[] noiseStreams;
    /** input[p][slot][i]: synaptic input from partition p's share of spikes, for neuron i, due at that slot. */
    private final float[][][] input;

    /** spikes of partition p are written from partitionStart[p], then packed to the front. */
    private final int[] spikes;
    private final int[] partitionSpikes;
    private int spikeCount;

    private final StepWorkers workers;
    private final boolean vectorized;
    private final boolean prefetch;
    /** null until {@link #sourceGain()} is asked for: then every row's weights are multiplied by its source's gain */
    private float[] sourceGain;
    /** sum of the words touched ahead, kept so the JIT cannot drop the touching loads */
    private long touched;

    private long step;
    private long totalSpikes;
    private boolean drawNoise;
    private int readSlot;
    private int writeSlot;
    private SpikeListener listener;
    private CurrentInjector injector;
    private boolean externalActive;

    Network(NetworkBuilder builder, int slots, int[] rowStart, long[] synapse, short[] delay,
            int threads, boolean vectorized) {
        this.n = builder.neuronCount;
        this.dt = (float) builder.timeStepMillis;
        this.noiseIntervalSteps = builder.noiseIntervalSteps;
        this.v = builder.v.clone();
        this.u = builder.u.clone();
        this.a = builder.a.clone();
        this.b = builder.b.clone();
        this.c = builder.c.clone();
        this.d = builder.d.clone();
        this.noiseAmplitude = builder.noiseAmplitude.clone();
        this.noise = new float[n];
        this.external = new float[n];
        this.rowStart = rowStart;
        this.synapse = synapse;
        this.delay = delay;
        this.slots = slots;
        this.partitions = builder.partitions;
        this.partitionStart = new int[partitions + 1];
        for (int p = 0; p <= partitions; p++) {
            partitionStart[p] = (int) ((long) n * p / partitions);
        }
        this.noiseStreams = new NormalGenerator[partitions];
        this.input = new float[partitions][slots][n];
        for (int p = 0; p < partitions; p++) {
            noiseStreams[p] = new NormalGenerator(NormalGenerator.streamSeed(builder.seed, p));
        }
        this.spikes = new int[n];
        this.partitionSpikes = new int[partitions];
        this.vectorized = vectorized;
        this.prefetch = PREFETCH_ROWS > 0 && (builder.touchRowsAhead != null ? builder.touchRowsAhead
                : synapse.length >= PREFETCH_MIN_SYNAPSES);
        this.workers = threads > 1 ? new StepWorkers(this, threads) : null;
    }

    // ---- running ---------------------------------------------------------------------------

    /** Advances one time step. */
    public void step() {
        if (injector != null) {
            injector.beforeStep(step, external);
        }
        drawNoise = step % noiseIntervalSteps == 0;
        readSlot = (int) ((step + slots - 1) % slots);
        writeSlot = (int) (step % slots);
        if (workers == null) {
            for (int p = 0; p < partitions; p++) {
                updatePartition(p);
            }
            packSpikes();
            for (int p = 0; p < partitions; p++) {
                propagate(p);
            }
        } else {
            workers.runPhase(StepWorkers.UPDATE);
            packSpikes();
            workers.runPhase(StepWorkers.PROPAGATE);
        }
        totalSpikes += spikeCount;
        if (listener != null && spikeCount > 0) {
            listener.onSpikes(step, spikes, spikeCount);
        }
        step++;
    }

    /** Advances {@code steps} time steps. */
    public void run(long steps) {
        for (long s = 0; s < steps; s++) {
            step();
        }
    }

    /** Advances by a simulated duration, rounded to whole steps. */
    public void runMillis(double millis) {
        run(Math.round(millis / dt));
    }

    /** Work of one thread in one phase: the partitions {@code p ≡ thread (mod threads)}. */
    void runShare(int phase, int thread, int threads) {
        for (int p = thread; p < partitions; p += threads) {
            if (phase == StepWorkers.UPDATE) {
                updatePartition(p);
            } else {
                propagate(p);
            }
        }
    }

    private void updatePartition(int p) {
        final int from = partitionStart[p];
        final int to = partitionStart[p + 1];
        if (drawNoise) {
            noiseStreams[p].fillScaled(noise, noiseAmplitude, from, to);
        }
        final float[] in0 = input[0][readSlot];
        // fold the other partitions' input for this range into partition 0's row
        for (int q = 1; q < partitions; q++) {
            final float[] inq = input[q][readSlot];
            for (int i = from; i < to; i++) {
                in0[i] += inq[i];
            }
            Arrays.fill(inq, from, to, 0f);
        }
        final float[] v = this.v;
        final float[] u = this.u;
        final float[] a = this.a;
        final float[] b = this.b;
        final float[] noise = this.noise;
        final float[] external = this.external;
        final float dt = this.dt;
        if (vectorized && Kernels.vectorReady()) {
            partitionSpikes[p] = VectorUpdate.update(v, u, a, b, c, d, noise, externalActive ? external : null, in0, dt,
                    from, to, spikes, from);
            return;
        }
        int found = 0;
        final int spikeBase = from;
        for (int chunk = from; chunk < to; chunk += CHUNK) {
            final int end = Math.min(to, chunk + CHUNK);
            // kept free of branches and small: C2 unrolls (and so vectorizes) a loop only while its body stays under
            // LoopUnrollLimit; the external current's seventh array pushed the one-loop form over it (5.4 -> 2.4 ns per
            // neuron-step once split, same results: v + input is stored as the float the one loop computed)
            if (externalActive) {
                absorbInput(v, in0, chunk, end);
                eulerWithExternal(v, u, noise, external, a, b, dt, chunk, end);
            } else {
                euler(v, u, in0, noise, a, b, dt, chunk, end);
                Arrays.fill(in0, chunk, end, 0f);
            }
            for (int i = chunk; i < end; i++) {
                if (v[i] >= THRESHOLD) {
                    v[i] = c[i];
                    u[i] += d[i];
                    spikes[spikeBase + found++] = i;
                }
            }
        }
        partitionSpikes[p] = found;
    }

    /** Adds the synaptic input due now to v and clears it. */
    private static void absorbInput(float[] v, float[] in0, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] += in0[i];
            in0[i] = 0f;
        }
    }

    /** One Euler step of v and u; v already holds its synaptic input. */
    private static void eulerWithExternal(float[] v, float[] u, float[] noise, float[] external, float[] a, float[] b,
            float dt, int from, int to) {
        for (int i = from; i < to; i++) {
            float vi = v[i];
            float ui = u[i];
            v[i] = vi + dt * ((0.04f * vi + 5f) * vi + 140f - ui + noise[i] + external[i]);
            u[i] = ui + dt * a[i] * (b[i] * vi - ui);
        }
    }

    /** One Euler step of v and u, adding the synaptic input due now. */
    private static void euler(float[] v, float[] u, float[] in0, float[] noise, float[] a, float[] b, float dt, int from, int to) {
        for (int i = from; i < to; i++) {
            float vi = v[i] + in0[i];
            float ui = u[i];
            v[i] = vi + dt * ((0.04f * vi + 5f) * vi + 140f - ui + noise[i]);
            u[i] = ui + dt * a[i] * (b[i] * vi - ui);
        }
    }

    private void packSpikes() {
        int count = partitionSpikes[0];
        for (int p = 1; p < partitions; p++) {
            int found = partitionSpikes[p];
            if (found > 0) {
                System.arraycopy(spikes, partitionStart[p], spikes, count, found);
                count += found;
            }
        }
        spikeCount = count;
    }

    /** Partition p delivers an even share of this step's spikes into its own buffer. */
    private void propagate(int p) {
        final int total = spikeCount;
        if (total == 0) {
            return;
        }
        final int from = (int) ((long) total * p / partitions);
        final int to = (int) ((long) total * (p + 1) / partitions);
        final int[] spikes = this.spikes;
        final int[] rowStart = this.rowStart;
        final long[] synapse = this.synapse;
        final float[] now = input[p][writeSlot];
        final float[] gain = sourceGain;
        long touched = 0;
        if (delay == null && gain == null) {
            for (int k = from; k < to; k++) {
                if (prefetch && k + PREFETCH_ROWS < to) {
                    touched += touchRow(spikes[k + PREFETCH_ROWS]);
                }
                final int source = spikes[k];
                for (int s = rowStart[source], end = rowStart[source + 1]; s < end; s++) {
                    final long packed = synapse[s];
                    now[(int) packed] += Float.intBitsToFloat((int) (packed >>> 32));
                }
            }
        } else if (delay == null) {
            for (int k = from; k < to; k++) {
                if (prefetch && k + PREFETCH_ROWS < to) {
                    touched += touchRow(spikes[k + PREFETCH_ROWS]);
                }
                final int source = spikes[k];
                final float g = gain[source];
                for (int s = rowStart[source], end = rowStart[source + 1]; s < end; s++) {
                    final long packed = synapse[s];
                    now[(int) packed] += Float.intBitsToFloat((int) (packed >>> 32)) * g;
                }
            }
        } else {
            final float[][] ring = input[p];
            final short[] delay = this.delay;
            final int slots = this.slots;
            final int writeSlot = this.writeSlot;
            for (int k = from; k < to; k++) {
                if (prefetch && k + PREFETCH_ROWS < to) {
                    touched += touchRow(spikes[k + PREFETCH_ROWS]);
                }
                final int source = spikes[k];
                // w · 1 is w exactly: without gains the delivered floats are the weights themselves
                final float g = gain == null ? 1f : gain[source];
                for (int s = rowStart[source], end = rowStart[source + 1]; s < end; s++) {
                    int slot = writeSlot + delay[s];
                    slot = slot >= slots ? slot - slots : slot;
                    final long packed = synapse[s];
                    ring[slot][(int) packed] += Float.intBitsToFloat((int) (packed >>> 32)) * g;
                }
            }
        }
        if (prefetch) {
            this.touched += touched;
        }
        // the reset of this step's spikers overrides input delivered in this step
        for (int k = 0; k < total; k++) {
            now[spikes[k]] = 0f;
        }
    }

    /** Loads one word per cache line of a row (8 synapses of 8 bytes), so the row is in the cache when delivered. */
    private long touchRow(int source) {
        long sum = 0;
        for (int s = rowStart[source], end = rowStart[source + 1]; s < end; s += 8) {
            sum += synapse[s];
        }
        return sum;
    }

    static long pack(int target, float weight) {
        return (long) Float.floatToRawIntBits(weight) << 32 | (target & 0xFFFF_FFFFL);
    }

    // ---- hooks -----------------------------------------------------------------------------

    /** Receives each step's spikes (only steps with at least one); null removes it. */
    public void setSpikeListener(SpikeListener listener) {
        this.listener = listener;
    }

    /** Called before each step with the external-current array; null removes it. */
    public void setCurrentInjector(CurrentInjector injector) {
        this.injector = injector;
        if (injector != null) {
            externalActive = true;
        }
    }

    /**
     * The live external current per neuron, added to I each step and held between steps. Asking for
     * it switches the engine to the update loop that reads it.
     */
    public float[] externalCurrent() {
        externalActive = true;
        return external;
    }

    /**
     * The live gain per source neuron, 1 for each at first: a spike of neuron i delivers {@code weight × gain[i]} on each
     * of its synapses (a float product, as if each weight had been rewritten to it). Asking for it switches delivery to
     * the loop that reads it. Change it between steps only.
     */
    public float[] sourceGain() {
        if (sourceGain == null) {
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            sourceGain = ones;
        }
        return sourceGain;
    }

    /** Whether the neuron update runs on the Vector API (once {@link Kernels} has it compiled; the scalar loops before). */
    public boolean vectorized() {
        return vectorized;
    }

    // ---- state and structure ---------------------------------------------------------------

    public int neuronCount() {
        return n;
    }

    public long synapseCount() {
        return synapse.length;
    }

    public double timeStepMillis() {
        return dt;
    }

    /** Steps computed so far; simulated time is {@code currentStep() × dt}. */
    public long currentStep() {
        return step;
    }

    public long totalSpikes() {
        return totalSpikes;
    }

    public int partitions() {
        return partitions;
    }

    public int threads() {
        return workers == null ? 1 : workers.threads();
    }

    /** Largest conduction delay in steps. */
    public int maxDelaySteps() {
        return slots - 1;
    }

    public float membranePotential(int neuron) {
        return v[neuron];
    }

    public float recoveryVariable(int neuron) {
        return u[neuron];
    }

    /**
     * Live parameter arrays (a, b, c, d, noise amplitude), one entry per neuron: a neuromodulator
     * model may rescale them between steps to change excitability.
     */
    public float[] parameterA() {
        return a;
    }

    public float[] parameterB() {
        return b;
    }

    public float[] parameterC() {
        return c;
    }

    public float[] parameterD() {
        return d;
    }

    public float[] noiseAmplitude() {
        return noiseAmplitude;
    }

    /** Synapses of {@code neuron} are the indices {@code [outgoingStart(neuron), outgoingEnd(neuron))}. */
    public int outgoingStart(int neuron) {
        return rowStart[neuron];
    }

    public int outgoingEnd(int neuron) {
        return rowStart[neuron + 1];
    }

    public int synapseTarget(int synapse) {
        return (int) this.synapse[synapse];
    }

    public int synapseDelaySteps(int synapse) {
        return delay == null ? 0 : delay[synapse];
    }

    public float synapseWeight(int synapse) {
        return Float.intBitsToFloat((int) (this.synapse[synapse] >>> 32));
    }

    /** Changes a weight between steps (plasticity). */
    public void setSynapseWeight(int synapse, float newWeight) {
        this.synapse[synapse] = pack((int) this.synapse[synapse], newWeight);
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }

    @Override
    public String toString() {
        return "Network[neurons=" + n + ", synapses=" + synapse.length + ", dt=" + dt + " ms, maxDelay="
                + (slots - 1) + " steps, partitions=" + partitions + ", threads=" + threads() + ", vectorized=" + vectorized
                + ", step=" + step + "]";
    }
}
