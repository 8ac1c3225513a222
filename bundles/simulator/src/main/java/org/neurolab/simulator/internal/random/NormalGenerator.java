package org.neurolab.simulator.internal.random;

/**
 * A seeded source of standard normal deviates, fast enough to redraw the noise current of every
 * neuron every millisecond (10^8 draws per simulated second at 100k neurons).
 *
 * <p>Uniform bits come from xoshiro256++ (Blackman &amp; Vigna; no multiplications, state in four
 * registers), seeded through SplitMix64; normals come from Doornik's ZIGNOR ziggurat (128 layers),
 * which needs one table lookup and one compare on ~98% of draws, where
 * {@code SplittableRandom.nextGaussian} pays a logarithm and a square root per pair. The bulk
 * {@link #fillScaled} takes two normals from each 64-bit output (7 bits of layer and a 24-bit
 * signed uniform each), enough for a float noise current.
 *
 * <p>Not thread-safe: give each thread (each network partition) its own instance.
 */
public final class NormalGenerator {

    private static final int LAYERS = 128;
    private static final double R = 3.442619855899;
    private static final double V = 9.91256303526217e-3;
    /** Layer edges: X[0] is the base strip's pseudo-width V/f(R), X[1] = R, X[128] = 0. */
    private static final double[] X = new double[LAYERS + 1];
    /** X[i+1]/X[i]: below this |u| the sample lies inside the layer's rectangle. */
    private static final double[] RATIO = new double[LAYERS];
    /** f at the layer's inner edge over f at its outer edge: spares the wedge test one exp. */
    private static final double[] WEDGE_FACTOR = new double[LAYERS];

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[LAYERS] = 0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
            WEDGE_FACTOR[i] = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - X[i] * X[i]));
        }
    }

    private static final float[] X_FLOAT = new float[LAYERS];
    private static final float[] RATIO_FLOAT = new float[LAYERS];

    static {
        for (int i = 0; i < LAYERS; i++) {
            X_FLOAT[i] = (float) X[i];
            // rounded down, so a float sample accepted here is inside the double rectangle too
            RATIO_FLOAT[i] = Math.nextDown((float) RATIO[i]);
        }
    }

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public NormalGenerator(long seed) {
        long z = seed;
        s0 = splitMix(z += 0x9E3779B97F4A7C15L);
        s1 = splitMix(z += 0x9E3779B97F4A7C15L);
        s2 = splitMix(z += 0x9E3779B97F4A7C15L);
        s3 = splitMix(z + 0x9E3779B97F4A7C15L);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 uniformly distributed bits (xoshiro256++). */
    public long nextLong() {
        long a0 = s0;
        long a1 = s1;
        long a2 = s2;
        long a3 = s3;
        long result = Long.rotateLeft(a0 + a3, 23) + a0;
        long t = a1 << 17;
        a2 ^= a0;
        a3 ^= a1;
        a1 ^= a2;
        a0 ^= a3;
        a2 ^= t;
        a3 = Long.rotateLeft(a3, 45);
        s0 = a0;
        s1 = a1;
        s2 = a2;
        s3 = a3;
        return result;
    }

    /** Uniform in (0, 1]: never 0, so its logarithm is finite. */
    public double nextUniformOpenZero() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    /** A standard normal deviate. */
    public double nextGaussian() {
        long bits = nextLong();
        int layer = (int) (bits & (LAYERS - 1));
        // bits 11..63 for u, bits 0..6 for the layer: disjoint, so independent
        double u = (bits >>> 11) * 0x1.0p-52 - 1.0;
        if (Math.abs(u) < RATIO[layer]) {
            return u * X[layer];
        }
        return slowPath(layer, u);
    }

    /** {@code out[i] = amplitude[i] * N(0,1)} for i in [from, to). */
    public void fillScaled(float[] out, float[] amplitude, int from, int to) {
        for (int block = from; block < to; block += BLOCK) {
            fillBlock(out, amplitude, block, Math.min(to, block + BLOCK));
        }
    }

    private static final int BLOCK = 1024;
    /** Draws that missed the fast path in the current block: their index and 32-bit word. */
    private final int[] pendingIndex = new int[BLOCK];
    private final int[] pendingWord = new int[BLOCK];

    private void fillBlock(float[] out, float[] amplitude, int from, int to) {
        // the generator inlined on locals so its state stays in registers; draws that miss the
        // fast path are queued and finished after the loop, which keeps calls out of it
        long a0 = s0;
        long a1 = s1;
        long a2 = s2;
        long a3 = s3;
        final int[] pendingIndex = this.pendingIndex;
        final int[] pendingWord = this.pendingWord;
        final float[] xs = X_FLOAT;
        final float[] ratios = RATIO_FLOAT;
        int pending = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            long bits = Long.rotateLeft(a0 + a3, 23) + a0;
            long t = a1 << 17;
            a2 ^= a0;
            a3 ^= a1;
            a1 ^= a2;
            a0 ^= a3;
            a2 ^= t;
            a3 = Long.rotateLeft(a3, 45);
            int word = (int) bits;
            int layer = word & (LAYERS - 1);
            float u = (word >> 8) * 0x1.0p-23f;
            out[i] = amplitude[i] * (u * xs[layer]);
            if (!(Math.abs(u) < ratios[layer])) {
                pendingIndex[pending] = i;
                pendingWord[pending++] = word;
            }
            word = (int) (bits >>> 32);
            layer = word & (LAYERS - 1);
            u = (word >> 8) * 0x1.0p-23f;
            out[i + 1] = amplitude[i + 1] * (u * xs[layer]);
            if (!(Math.abs(u) < ratios[layer])) {
                pendingIndex[pending] = i + 1;
                pendingWord[pending++] = word;
            }
        }
        s0 = a0;
        s1 = a1;
        s2 = a2;
        s3 = a3;
        if (i < to) {
            int word = (int) nextLong();
            pendingIndex[pending] = i;
            pendingWord[pending++] = word;
        }
        for (int p = 0; p < pending; p++) {
            int word = pendingWord[p];
            int layer = word & (LAYERS - 1);
            float u = (word >> 8) * 0x1.0p-23f;
            double g = Math.abs(u) < RATIO_FLOAT[layer] ? u * X_FLOAT[layer] : slowPath(layer, u);
            out[pendingIndex[p]] = (float) (amplitude[pendingIndex[p]] * g);
        }
    }

    private double slowPath(int layer, double u) {
        for (;;) {
            if (layer == 0) {
                return tail(u < 0);
            }
            double x = u * X[layer];
            double f0 = Math.exp(-0.5 * (X[layer] * X[layer] - x * x));
            double f1 = f0 * WEDGE_FACTOR[layer];
            if (f1 + nextUniformOpenZero() * (f0 - f1) < 1.0) {
                return x;
            }
            long bits = nextLong();
            layer = (int) (bits & (LAYERS - 1));
            u = (bits >>> 11) * 0x1.0p-52 - 1.0;
            if (Math.abs(u) < RATIO[layer]) {
                return u * X[layer];
            }
        }
    }

    private double tail(boolean negative) {
        double x;
        double y;
        do {
            x = Math.log(nextUniformOpenZero()) / R;
            y = Math.log(nextUniformOpenZero());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }

    /** Mixes a seed and a stream number into a well-spread seed for one generator. */
    public static long streamSeed(long seed, long stream) {
        long z = seed ^ (0xD1B54A32D192ED03L * (stream + 1));
        z = (z ^ (z >>> 32)) * 0xDABA0B6EB09322E3L;
        z = (z ^ (z >>> 32)) * 0xDABA0B6EB09322E3L;
        return z ^ (z >>> 32);
    }
}
