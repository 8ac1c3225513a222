package org.neurolab.simulator.internal.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulator yardstick of {@code docs/bench/izhikevich.md}: Izhikevich's (2003) pulse-coupled
 * network scaled to N neurons with K outgoing synapses each, as {@code brian2_izhikevich.py} builds it.
 *
 * <ul>
 *   <li>Ne = ⌊0.8·N⌋ excitatory regular-spiking neurons (a=0.02, b=0.2, c=−65+15r², d=8−6r², noise 5),
 *       then Ni = N − Ne inhibitory fast-spiking ones (a=0.02+0.08r, b=0.25−0.05r, c=−65, d=2, noise 2),
 *       r uniform in [0,1) per neuron;</li>
 *   <li>dt = 0.5 ms, forward Euler, noise {@code amplitude × N(0,1)} redrawn every 1 ms;</li>
 *   <li>each neuron has K distinct random targets (self included, as Brian2's {@code sample}; K ≥ N:
 *       all-to-all), weight 0.5·rand·1000/K from excitatory, −rand·1000/K from inhibitory sources,
 *       no conduction delay.</li>
 * </ul>
 */
public final class YardstickNetwork {

    public static final double TIME_STEP_MILLIS = 0.5;
    public static final int NOISE_INTERVAL_STEPS = 2;

    private YardstickNetwork() {
    }

    /** The yardstick with the default partitioning (2) and thread choice. */
    public static Network build(int neurons, int synapsesPerNeuron, long seed) {
        return builder(neurons, synapsesPerNeuron, seed).build();
    }

    /** A builder holding the yardstick, to adjust partitions or threads before building. */
    public static NetworkBuilder builder(int neurons, int synapsesPerNeuron, long seed) {
        if (synapsesPerNeuron < 1) {
            throw new IllegalArgumentException("K must be at least 1, was " + synapsesPerNeuron);
        }
        int n = neurons;
        int k = Math.min(synapsesPerNeuron, n);
        int excitatory = (int) (0.8 * n);
        SplittableRandom random = new SplittableRandom(seed);
        NetworkBuilder builder = new NetworkBuilder(n)
                .timeStepMillis(TIME_STEP_MILLIS)
                .noiseIntervalSteps(NOISE_INTERVAL_STEPS)
                .seed(random.nextLong())
                .expectSynapses(Math.multiplyExact(n, k));
        for (int i = 0; i < excitatory; i++) {
            double r = random.nextDouble();
            builder.neuron(i, 0.02, 0.2, -65 + 15 * r * r, 8 - 6 * r * r, 5);
        }
        for (int i = excitatory; i < n; i++) {
            double r = random.nextDouble();
            builder.neuron(i, 0.02 + 0.08 * r, 0.25 - 0.05 * r, -65, 2, 2);
        }
        double scale = 1000.0 / k;
        int[] targets = new int[k];
        boolean[] taken = new boolean[n];
        int[] pool = k * 2 > n ? identity(n) : null;
        for (int source = 0; source < n; source++) {
            if (k == n) {
                System.arraycopy(pool, 0, targets, 0, n);
            } else if (pool != null) {
                // partial Fisher-Yates: the first k entries become a uniform k-subset
                for (int j = 0; j < k; j++) {
                    int pick = j + random.nextInt(n - j);
                    int t = pool[j];
                    pool[j] = pool[pick];
                    pool[pick] = t;
                }
                System.arraycopy(pool, 0, targets, 0, k);
            } else {
                for (int j = 0; j < k; ) {
                    int t = random.nextInt(n);
                    if (!taken[t]) {
                        taken[t] = true;
                        targets[j++] = t;
                    }
                }
                for (int t : targets) {
                    taken[t] = false;
                }
            }
            // ascending targets: the scatter of a spike then sweeps memory in one direction
            Arrays.sort(targets);
            boolean fromExcitatory = source < excitatory;
            for (int j = 0; j < k; j++) {
                double w = fromExcitatory ? 0.5 * random.nextDouble() * scale : -random.nextDouble() * scale;
                builder.synapse(source, targets[j], w, 0);
            }
        }
        return builder;
    }

    private static int[] identity(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    /** Excitatory neurons are the indices [0, excitatoryCount(n)). */
    public static int excitatoryCount(int neurons) {
        return (int) (0.8 * neurons);
    }
}
