package org.neurolab.simulator.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class NetworkDeterminismTest {

    /** The spike train as (step, neuron) pairs packed into longs, in emission order. */
    private static long[] spikeTrain(NetworkBuilder builder, int steps) {
        long[][] train = {new long[1024]};
        int[] size = {0};
        try (Network network = builder.build()) {
            network.setSpikeListener((step, neurons, count) -> {
                for (int i = 0; i < count; i++) {
                    if (size[0] == train[0].length) train[0] = Arrays.copyOf(train[0], size[0] * 2);
                    train[0][size[0]++] = step << 32 | neurons[i];
                }
            });
            network.run(steps);
            assertEquals(size[0], network.totalSpikes());
        }
        return Arrays.copyOf(train[0], size[0]);
    }

    @Test
    void sameSeedGivesIdenticalSpikeTrains() {
        long[] first = spikeTrain(YardstickNetwork.builder(2000, 100, 11), 1000);
        long[] second = spikeTrain(YardstickNetwork.builder(2000, 100, 11), 1000);
        assertTrue(first.length > 1000, "the network fires: " + first.length);
        assertArrayEquals(first, second);
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        long[] single = spikeTrain(YardstickNetwork.builder(6000, 50, 3).partitions(2).threads(1), 600);
        long[] two = spikeTrain(YardstickNetwork.builder(6000, 50, 3).partitions(2).threads(2), 600);
        assertArrayEquals(single, two);
        long[] fourOnTwo = spikeTrain(YardstickNetwork.builder(6000, 50, 3).partitions(4).threads(2), 600);
        long[] fourOnOne = spikeTrain(YardstickNetwork.builder(6000, 50, 3).partitions(4).threads(1), 600);
        assertArrayEquals(fourOnOne, fourOnTwo);
    }

    @Test
    void differentSeedGivesADifferentSpikeTrain() {
        long[] first = spikeTrain(YardstickNetwork.builder(2000, 100, 11), 1000);
        long[] other = spikeTrain(YardstickNetwork.builder(2000, 100, 12), 1000);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void delayedNetworkIsDeterministicToo() {
        long[] first = spikeTrain(delayed(5), 1000);
        long[] second = spikeTrain(delayed(5), 1000);
        assertTrue(first.length > 100);
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, spikeTrain(delayed(6), 1000)));
    }

    private static NetworkBuilder delayed(long seed) {
        int n = 500;
        NetworkBuilder builder = new NetworkBuilder(n).seed(seed);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            builder.neuron(i, 0.02, 0.2, -65, 8, 5);
            for (int j = 0; j < 20; j++) {
                builder.synapse(i, random.nextInt(n), i < 400 ? 2 * random.nextDouble() : -4 * random.nextDouble(),
                        random.nextInt(1, 40));
            }
        }
        return builder;
    }
}
