package org.neurolab.control.internal.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.neurolab.api.signal.RawSampleBlock;

/** Synthetic raw traces: white Gaussian noise with spikes planted at known samples. */
final class Traces {
    static final int RATE = 30_000;

    record Planted(int channel, long sample) {
    }

    final int channels;
    final int samples;
    final float[][] data;
    final List<Planted> planted = new ArrayList<>();

    Traces(int channels, int samples, double sigma, long seed) {
        this.channels = channels;
        this.samples = samples;
        data = new float[channels][samples];
        Random r = new Random(seed);
        for (float[] ch : data) for (int i = 0; i < samples; i++) ch[i] = (float) (r.nextGaussian() * sigma);
    }

    /** A trough of {@code amplitude} (negative µV) at {@code sample}: a fast negative Gaussian and a slow positive rebound. */
    void plant(int channel, long sample, double amplitude) {
        for (int d = -15; d <= 45; d++) {
            long i = sample + d;
            if (i < 0 || i >= samples) continue;
            double t = d / 30.0; // ms
            double v = amplitude * Math.exp(-(t * t) / (2 * 0.12 * 0.12)) - 0.25 * amplitude * Math.exp(-((t - 0.6) * (t - 0.6)) / (2 * 0.3 * 0.3));
            data[channel][(int) i] += (float) v;
        }
        planted.add(new Planted(channel, sample));
    }

    /** Spikes every ~{@code meanGapMs} on each channel at random, at least 5 ms apart. */
    void plantRandom(double amplitude, double meanGapMs, long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < channels; c++) {
            long t = 100 + (long) (r.nextDouble() * meanGapMs * 30);
            while (t < samples - 100) {
                plant(c, t, amplitude);
                t += 150 + (long) (r.nextDouble() * 2 * meanGapMs * 30);
            }
        }
    }

    List<RawSampleBlock> blocks(String mea, int blockSamples) {
        List<RawSampleBlock> out = new ArrayList<>();
        for (int start = 0; start < samples; start += blockSamples) {
            int m = Math.min(blockSamples, samples - start);
            float[] s = new float[channels * m];
            for (int c = 0; c < channels; c++) System.arraycopy(data[c], start, s, c * m, m);
            out.add(new RawSampleBlock(mea, start, start * 1_000_000L / RATE, RATE, channels, m, s));
        }
        return out;
    }
}
