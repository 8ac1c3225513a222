package org.neurolab.simulator.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neurolab.simulator.internal.random.NormalGenerator;

/**
 * The engine's optimised step (packed synapses, the Euler update split into loops C2 vectorizes, or the Vector API's
 * one pass, rows touched ahead, source gains) against a plain one-loop implementation of the same step written out here:
 * the same seed must give bit-for-bit the same spikes and membrane state, with and without an external current, with
 * and without conduction delays and source gains, on the scalar and the vector update. N is no multiple of a vector's
 * lanes, so the vector update's scalar tail runs too.
 */
class ReferenceEngineTest {
    static final int N = 403;
    static final int STEPS = 4000;

    record Synapse(int source, int target, float weight, int delay) {
    }

    /** A heterogeneous network: RS and FS neurons, noise, random synapses (delays 0..maxDelay steps). */
    static List<Synapse> wire(long seed, int maxDelay) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Synapse> synapses = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < 40; k++) {
                float w = i < 0.8 * N ? (float) (0.5 * r.nextDouble() * 25) : (float) (-r.nextDouble() * 25);
                synapses.add(new Synapse(i, r.nextInt(N), w, maxDelay == 0 ? 0 : r.nextInt(maxDelay + 1)));
            }
        }
        return synapses;
    }

    static NetworkBuilder builder(long seed, List<Synapse> synapses) {
        NetworkBuilder b = new NetworkBuilder(N).seed(seed).partitions(1).threads(1).noiseIntervalSteps(2);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int i = 0; i < N; i++) {
            double x = r.nextDouble();
            if (i < 0.8 * N) b.neuron(i, 0.02, 0.2, -65 + 15 * x * x, 8 - 6 * x * x, 5);
            else b.neuron(i, 0.02 + 0.08 * x, 0.25 - 0.05 * x, -65, 2, 2);
        }
        for (Synapse s : synapses) b.synapse(s.source(), s.target(), s.weight(), s.delay());
        return b;
    }

    /** A current that changes every step (a pulse on a random tenth of the neurons), the same for both engines. */
    static void external(long step, float[] current) {
        SplittableRandom r = new SplittableRandom(step * 31 + 7);
        for (int i = 0; i < current.length; i++) current[i] = r.nextInt(10) == 0 ? (float) (r.nextDouble() * 8 - 2) : 0f;
    }

    /** Spikes as step << 32 | neuron, and the final v and u. */
    record Run(long[] spikes, float[] v, float[] u) {
    }

    /** Gains that change every 7 steps on a random fifth of the sources, the same for both engines. */
    static void gains(long step, float[] gain) {
        if (step % 7 != 0) return;
        SplittableRandom r = new SplittableRandom(step * 17 + 3);
        for (int i = 0; i < gain.length; i++) if (r.nextInt(5) == 0) gain[i] = (float) (0.2 + r.nextDouble());
    }

    static Run engine(long seed, List<Synapse> synapses, boolean withExternal) {
        return engine(seed, synapses, withExternal, false, Kernels.VECTOR);
    }

    static Run engine(long seed, List<Synapse> synapses, boolean withExternal, boolean withGains, boolean vectorized) {
        return engine(seed, synapses, withExternal, withGains, vectorized, false);
    }

    static Run engine(long seed, List<Synapse> synapses, boolean withExternal, boolean withGains, boolean vectorized,
            boolean touchRowsAhead) {
        if (vectorized) {
            try {
                assertTrue(Kernels.awaitVectorReady(2, java.util.concurrent.TimeUnit.MINUTES), "the vector update warmed up");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        List<Long> spikes = new ArrayList<>();
        try (Network net = builder(seed, synapses).vectorized(vectorized).touchRowsAhead(touchRowsAhead).build()) {
            assertEquals(vectorized, net.vectorized());
            net.setSpikeListener((step, neurons, count) -> {
                for (int k = 0; k < count; k++) spikes.add(step << 32 | neurons[k]);
            });
            if (withExternal) net.setCurrentInjector(ReferenceEngineTest::external);
            if (withGains) {
                float[] gain = net.sourceGain();
                for (long step = 0; step < STEPS; step++) {
                    gains(step, gain);
                    net.step();
                }
            } else {
                net.run(STEPS);
            }
            float[] v = new float[N];
            float[] u = new float[N];
            for (int i = 0; i < N; i++) {
                v[i] = net.membranePotential(i);
                u[i] = net.recoveryVariable(i);
            }
            return new Run(spikes.stream().mapToLong(Long::longValue).toArray(), v, u);
        }
    }

    /** The step as the engine documents it, one plain loop per phase. */
    static Run reference(long seed, List<Synapse> synapses, boolean withExternal) {
        return reference(seed, synapses, withExternal, false);
    }

    static Run reference(long seed, List<Synapse> synapses, boolean withExternal, boolean withGains) {
        NetworkBuilder b = builder(seed, synapses);
        b.build().close(); // fills in u = b·v as the engine does
        float[] v = b.v.clone();
        float[] u = b.u.clone();
        float dt = (float) b.timeStepMillis;
        int maxDelay = synapses.stream().mapToInt(Synapse::delay).max().orElse(0);
        int slots = maxDelay + 1;
        float[][] ring = new float[slots][N];
        float[] noise = new float[N];
        float[] current = new float[N];
        float[] gain = new float[N];
        java.util.Arrays.fill(gain, 1f);
        NormalGenerator gen = new NormalGenerator(NormalGenerator.streamSeed(seed, 0));
        List<List<Synapse>> bySource = new ArrayList<>();
        for (int i = 0; i < N; i++) bySource.add(new ArrayList<>());
        for (Synapse s : synapses) bySource.get(s.source()).add(s); // insertion order per source, as the engine's CSR rows
        List<Long> spikes = new ArrayList<>();
        for (long step = 0; step < STEPS; step++) {
            if (withExternal) external(step, current);
            if (withGains) gains(step, gain);
            if (step % b.noiseIntervalSteps == 0) gen.fillScaled(noise, b.noiseAmplitude, 0, N);
            float[] in = ring[(int) ((step + slots - 1) % slots)];
            int write = (int) (step % slots);
            List<Integer> fired = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                float vi = v[i] + in[i];
                float ui = u[i];
                float drive = (0.04f * vi + 5f) * vi + 140f - ui + noise[i];
                if (withExternal) drive = drive + current[i];
                v[i] = vi + dt * drive;
                u[i] = ui + dt * b.a[i] * (b.b[i] * vi - ui);
                in[i] = 0f;
            }
            for (int i = 0; i < N; i++) {
                if (v[i] >= Network.THRESHOLD) {
                    v[i] = b.c[i];
                    u[i] += b.d[i];
                    fired.add(i);
                    spikes.add(step << 32 | i);
                }
            }
            for (int source : fired) {
                for (Synapse s : bySource.get(source)) ring[(write + s.delay()) % slots][s.target()] += withGains ? s.weight() * gain[source] : s.weight();
            }
            for (int source : fired) ring[write][source] = 0f;
        }
        return new Run(spikes.stream().mapToLong(Long::longValue).toArray(), v, u);
    }

    static void assertSame(Run expected, Run actual) {
        assertTrue(expected.spikes().length > 500, "the network fires: " + expected.spikes().length);
        assertArrayEquals(expected.spikes(), actual.spikes(), "the same spikes, step by step");
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToIntBits(expected.v()[i]), Float.floatToIntBits(actual.v()[i]), "v of neuron " + i);
            assertEquals(Float.floatToIntBits(expected.u()[i]), Float.floatToIntBits(actual.u()[i]), "u of neuron " + i);
        }
    }

    @Test
    void without_delays_or_external_current() {
        List<Synapse> s = wire(3, 0);
        assertSame(reference(3, s, false), engine(3, s, false));
    }

    @Test
    void with_an_external_current_every_step() {
        List<Synapse> s = wire(4, 0);
        assertSame(reference(4, s, true), engine(4, s, true));
    }

    @Test
    void with_conduction_delays_and_an_external_current() {
        List<Synapse> s = wire(5, 3);
        assertSame(reference(5, s, true), engine(5, s, true));
    }

    @Test
    void the_tests_run_with_the_vector_api() {
        assertTrue(Kernels.VECTOR, "the simulator's surefire adds --add-modules jdk.incubator.vector, so the vector update is tested");
    }

    @Test
    void scalar_update_matches_the_reference_with_and_without_delays() {
        List<Synapse> s = wire(7, 0);
        assertSame(reference(7, s, true), engine(7, s, true, false, false));
        List<Synapse> d = wire(8, 3);
        assertSame(reference(8, d, true), engine(8, d, true, false, false));
        assertSame(reference(8, d, false), engine(8, d, false, false, false));
    }

    @Test
    void vector_update_matches_the_reference_with_and_without_external_current() {
        List<Synapse> s = wire(9, 0);
        assertSame(reference(9, s, false), engine(9, s, false, false, true));
        assertSame(reference(9, s, true), engine(9, s, true, false, true));
    }

    @Test
    void source_gains_scale_each_row_as_rewritten_weights_would() {
        List<Synapse> s = wire(10, 0);
        List<Synapse> d = wire(11, 4);
        for (boolean vectorized : new boolean[] {false, true}) {
            assertSame(reference(10, s, true, true), engine(10, s, true, true, vectorized));
            assertSame(reference(11, d, true, true), engine(11, d, true, true, vectorized));
        }
    }

    @Test
    void touching_rows_ahead_changes_nothing() {
        // on by default only for networks of millions of synapses; forced here on a small one, every delivery loop
        List<Synapse> s = wire(12, 0);
        List<Synapse> d = wire(13, 3);
        assertSame(reference(12, s, false), engine(12, s, false, false, true, true));
        assertSame(reference(12, s, true, true), engine(12, s, true, true, true, true));
        assertSame(reference(13, d, true, true), engine(13, d, true, true, false, true));
    }

    @Test
    void packed_weights_read_back_as_written() {
        try (Network net = builder(6, wire(6, 2)).build()) {
            int s = net.outgoingStart(17) + 3;
            int target = net.synapseTarget(s);
            net.setSynapseWeight(s, -0.123456789f);
            assertEquals(-0.123456789f, net.synapseWeight(s));
            assertEquals(target, net.synapseTarget(s), "the target is untouched by a new weight");
            net.setSynapseWeight(s, Float.MIN_VALUE);
            assertEquals(Float.MIN_VALUE, net.synapseWeight(s));
        }
    }
}
