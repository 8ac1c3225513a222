package org.neurolab.simulator.culture;

import java.util.Arrays;
import java.util.function.Consumer;

import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.simulator.internal.random.NormalGenerator;

/**
 * Synthesises the raw trace of every electrode for a span of model time: Gaussian noise, a biphasic
 * ~1.5 ms waveform per electrode event, and stimulation artifacts (the stimulated channel saturates
 * during the pulse, then decays over ~1.5 ms; neighbours see a smaller copy), clipped to the
 * amplifier's rails. Blocks follow a grid of 10 ms; the noise of a block is seeded by the model seed
 * and the block's first sample index, so the trace is a function of the seed and the call sequence.
 *
 * <p>Waveforms and artifacts that run past the end of a span are carried into the next span.
 */
final class RawTrace {

    private static final double WAVEFORM_MICROS = 1500;
    private static final double ARTIFACT_TAIL_TAUS = 5;

    private final String meaId;
    private final int channels;
    private final int rate;
    private final int blockSamples;
    private final long seed;
    private final Tissue tissue;
    private final Tuning t;
    private final double pitch;

    private float[][] work;
    private float[][] carry;
    private int carryLength;
    /** sample index the carry starts at, or -1 when there is none */
    private long carryStart = -1;
    private float[] noiseRow = new float[0];
    private float[] ones = new float[0];

    RawTrace(MeaModelConfig config, Tissue tissue, Tuning t) {
        this.meaId = config.meaId();
        this.channels = config.electrodeCount();
        this.rate = config.sampleRateHz();
        this.blockSamples = Math.max(1, rate / 100);
        this.seed = NormalGenerator.streamSeed(config.seed(), 0x7261775FL);
        this.tissue = tissue;
        this.t = t;
        this.pitch = config.electrodePitchMicrons();
        this.work = new float[channels][0];
        this.carry = new float[channels][0];
    }

    static long sampleAt(long micros, int rate) {
        return Math.floorDiv(micros * rate, 1_000_000L);
    }

    /** The raw trace was not wanted for a span: what was carried no longer lines up. */
    void skip() {
        carryStart = -1;
    }

    /**
     * Emits blocks covering [fromMicros, toMicros).
     *
     * @param events    electrode, time (µs), amplitude (µV) of the span's events, count of them
     * @param pulses    the span's delivered pulses
     */
    void render(long fromMicros, long toMicros, int eventCount, int[] eventElectrodes, long[] eventTimes, float[] eventAmplitudes,
                Pulses pulses, boolean[] dead, float[] noiseScale, Consumer<RawSampleBlock> out) {
        long s0 = sampleAt(fromMicros, rate);
        long s1 = sampleAt(toMicros, rate);
        int length = (int) (s1 - s0);
        if (length <= 0) {
            return;
        }
        int tail = (int) Math.ceil(WAVEFORM_MICROS * rate / 1e6) + 2;
        for (int p = 0; p < pulses.size; p++) {
            double artifactMicros = pulses.durationMicros[p] + ARTIFACT_TAIL_TAUS * t.artifactTauMicros;
            tail = Math.max(tail, (int) Math.ceil(artifactMicros * rate / 1e6) + 2);
        }
        int span = length + tail;
        if (work[0].length < span) {
            work = new float[channels][span];
        }
        for (int c = 0; c < channels; c++) {
            Arrays.fill(work[c], 0, span, 0f);
        }
        if (carryStart == s0) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(carry[c], 0, work[c], 0, Math.min(carryLength, span));
            }
        }
        double microsPerSample = 1e6 / rate;
        for (int k = 0; k < eventCount; k++) {
            int c = eventElectrodes[k];
            addWaveform(work[c], s0, span, eventTimes[k], eventAmplitudes[k], microsPerSample);
        }
        for (int p = 0; p < pulses.size; p++) {
            addArtifact(pulses, p, s0, span, microsPerSample, dead);
        }

        // blocks on the 10 ms grid
        float rail = (float) t.railMicrovolts;
        if (ones.length < blockSamples) {
            ones = new float[blockSamples];
            Arrays.fill(ones, 1f);
            noiseRow = new float[blockSamples];
        }
        long start = s0;
        while (start < s1) {
            long end = Math.min(s1, (Math.floorDiv(start, blockSamples) + 1) * blockSamples);
            int n = (int) (end - start);
            int offset = (int) (start - s0);
            float[] samples = new float[channels * n];
            NormalGenerator noise = new NormalGenerator(NormalGenerator.streamSeed(seed, start));
            for (int c = 0; c < channels; c++) {
                noise.fillScaled(noiseRow, ones, 0, n);
                if (dead[c]) {
                    continue;
                }
                float sigma = (float) (t.noiseMicrovolts * noiseScale[c]);
                float[] w = work[c];
                int base = c * n;
                for (int i = 0; i < n; i++) {
                    float value = w[offset + i] + sigma * noiseRow[i];
                    samples[base + i] = Math.max(-rail, Math.min(rail, value));
                }
            }
            long startMicros = Math.floorDiv(start * 1_000_000L + rate - 1, rate);
            out.accept(new RawSampleBlock(meaId, start, startMicros, rate, channels, n, samples));
            start = end;
        }

        if (carry[0].length < tail) {
            carry = new float[channels][tail];
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(work[c], length, carry[c], 0, tail);
        }
        carryLength = tail;
        carryStart = s1;
    }

    /** Trough at +250 µs, then a smaller, slower positive lobe: the extracellular shape of a spike. */
    static double waveform(double micros) {
        double trough = (micros - 250) / 110;
        double rebound = (micros - 650) / 250;
        return Math.exp(-trough * trough) - 0.3 * Math.exp(-rebound * rebound);
    }

    private void addWaveform(float[] w, long s0, int span, long timeMicros, float amplitude, double microsPerSample) {
        long first = sampleAt(timeMicros, rate);
        double firstTime = first * microsPerSample;
        if (firstTime < timeMicros) {
            first++;
        }
        int count = (int) Math.ceil(WAVEFORM_MICROS / microsPerSample);
        for (int k = 0; k < count; k++) {
            long sample = first + k;
            int at = (int) (sample - s0);
            if (at < 0) {
                continue;
            }
            if (at >= span) {
                break;
            }
            w[at] += (float) (amplitude * waveform(sample * microsPerSample - timeMicros));
        }
    }

    private void addArtifact(Pulses pulses, int p, long s0, int span, double microsPerSample, boolean[] dead) {
        int e = pulses.electrode[p];
        long at = pulses.timeMicros[p];
        double firstPhase = pulses.firstPhaseMicros[p];
        double gap = pulses.gapMicros[p];
        double duration = pulses.durationMicros[p];
        double sign = pulses.sign[p];
        double peak = Math.min(t.railMicrovolts, t.artifactMicrovoltsPerPicocoulomb * pulses.chargePicocoulombs[p]);
        double end = duration + ARTIFACT_TAIL_TAUS * t.artifactTauMicros;
        for (int c = 0; c < channels; c++) {
            if (dead[c]) {
                continue;
            }
            double scale;
            if (c == e) {
                scale = 1;
            } else {
                double d = tissue.electrodeDistance(c, e);
                scale = 0.15 * Math.min(1, (pitch * pitch) / (d * d));
            }
            double amplitude = peak * scale;
            if (amplitude < 1) {
                continue;
            }
            // the amplifier of the stimulated channel is driven into its rail while current flows
            double during = c == e ? t.railMicrovolts : amplitude;
            long first = sampleAt(at, rate);
            if (first * microsPerSample < at) {
                first++;
            }
            float[] w = work[c];
            for (long sample = first; ; sample++) {
                double since = sample * microsPerSample - at;
                if (since >= end) {
                    break;
                }
                int index = (int) (sample - s0);
                if (index < 0) {
                    continue;
                }
                if (index >= span) {
                    break;
                }
                double value;
                if (since < firstPhase) {
                    value = sign * during;
                } else if (since < firstPhase + gap) {
                    value = sign * amplitude * 0.5;
                } else if (since < duration) {
                    value = -sign * during;
                } else {
                    // recovery of the electrode-electrolyte interface after the pulse
                    value = -sign * amplitude * Math.exp(-(since - duration) / t.artifactTauMicros);
                }
                w[index] += (float) value;
            }
        }
    }

    /** The pulses delivered in one span, as parallel arrays. */
    static final class Pulses {
        int size;
        int[] electrode = new int[16];
        long[] timeMicros = new long[16];
        double[] chargePicocoulombs = new double[16];
        double[] firstPhaseMicros = new double[16];
        double[] gapMicros = new double[16];
        double[] durationMicros = new double[16];
        double[] sign = new double[16];

        void clear() {
            size = 0;
        }

        void add(int e, long time, double charge, double firstPhase, double gap, double duration, double sign) {
            if (size == electrode.length) {
                int grown = size * 2;
                electrode = Arrays.copyOf(electrode, grown);
                timeMicros = Arrays.copyOf(timeMicros, grown);
                chargePicocoulombs = Arrays.copyOf(chargePicocoulombs, grown);
                firstPhaseMicros = Arrays.copyOf(firstPhaseMicros, grown);
                gapMicros = Arrays.copyOf(gapMicros, grown);
                durationMicros = Arrays.copyOf(durationMicros, grown);
                this.sign = Arrays.copyOf(this.sign, grown);
            }
            electrode[size] = e;
            timeMicros[size] = time;
            chargePicocoulombs[size] = charge;
            firstPhaseMicros[size] = firstPhase;
            gapMicros[size] = gap;
            durationMicros[size] = duration;
            this.sign[size] = sign;
            size++;
        }
    }
}
