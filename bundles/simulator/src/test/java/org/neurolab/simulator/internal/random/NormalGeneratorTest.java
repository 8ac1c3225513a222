package org.neurolab.simulator.internal.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NormalGeneratorTest {

    @Test
    void momentsAndTailsMatchTheStandardNormal() {
        NormalGenerator generator = new NormalGenerator(42);
        int samples = 4_000_000;
        double[] drawn = new double[samples];
        for (int i = 0; i < samples; i++) {
            drawn[i] = generator.nextGaussian();
        }
        assertStandardNormal(drawn);
    }

    @Test
    void bulkFloatFillMatchesTheStandardNormalToo() {
        NormalGenerator generator = new NormalGenerator(43);
        int samples = 4_000_000;
        float[] out = new float[1001];
        float[] ones = new float[1001];
        java.util.Arrays.fill(ones, 1f);
        double[] drawn = new double[samples];
        for (int filled = 0; filled < samples; ) {
            // odd lengths and offsets exercise the half-word tail
            generator.fillScaled(out, ones, 1, 1001);
            for (int i = 1; i < 1001 && filled < samples; i++) {
                drawn[filled++] = out[i];
            }
        }
        assertStandardNormal(drawn);
        float[] scaled = new float[3];
        new NormalGenerator(5).fillScaled(scaled, new float[] {2f, 0f, 3f}, 0, 3);
        assertEquals(0f, scaled[1]);
    }

    private static void assertStandardNormal(double[] drawn) {
        int samples = drawn.length;
        double sum = 0;
        double sumSquares = 0;
        double sumFourth = 0;
        int beyond1 = 0;
        int beyond2 = 0;
        int beyond3 = 0;
        int beyondR = 0;
        for (double x : drawn) {
            sum += x;
            sumSquares += x * x;
            sumFourth += x * x * x * x;
            double abs = Math.abs(x);
            if (abs > 1) beyond1++;
            if (abs > 2) beyond2++;
            if (abs > 3) beyond3++;
            if (abs > 3.442619855899) beyondR++;
        }
        double mean = sum / samples;
        double variance = sumSquares / samples - mean * mean;
        assertEquals(0, mean, 0.002);
        assertEquals(1, variance, 0.003);
        assertEquals(3, sumFourth / samples, 0.02, "kurtosis");
        // two-sided tail probabilities of N(0,1); tolerances ~4 standard errors
        assertEquals(0.317311, (double) beyond1 / samples, 0.001);
        assertEquals(0.0455003, (double) beyond2 / samples, 0.0005);
        assertEquals(0.0026998, (double) beyond3 / samples, 0.0001);
        assertEquals(0.000576, (double) beyondR / samples, 0.00005, "the ziggurat's tail strip");
    }

    @Test
    void sameSeedSameSequenceOtherSeedOther() {
        NormalGenerator first = new NormalGenerator(7);
        NormalGenerator second = new NormalGenerator(7);
        NormalGenerator other = new NormalGenerator(8);
        int differing = 0;
        for (int i = 0; i < 1000; i++) {
            double x = first.nextGaussian();
            assertEquals(x, second.nextGaussian());
            if (x != other.nextGaussian()) differing++;
        }
        assertEquals(1000, differing);
        assertNotEquals(NormalGenerator.streamSeed(1, 0), NormalGenerator.streamSeed(1, 1));
    }
}
