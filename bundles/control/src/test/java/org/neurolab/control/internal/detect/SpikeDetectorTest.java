package org.neurolab.control.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.signal.SpikeBatch;

class SpikeDetectorTest {
    static final double SIGMA = 8.0;

    record Found(int channel, long sample, float amplitude) {
    }

    static List<Found> run(SpikeDetector d, List<RawSampleBlock> blocks) throws MalformedBlockException {
        List<Found> out = new ArrayList<>();
        for (RawSampleBlock b : blocks) {
            SpikeBatch e = d.process(b);
            for (int i = 0; i < e.count(); i++) {
                long sample = Math.round(e.timesMicros()[i] * (double) Traces.RATE / 1e6); // the peak's sample, from its lab time
                out.add(new Found(e.electrodes()[i], sample, e.amplitudesMicrovolts()[i]));
                if (i > 0) assertTrue(e.timesMicros()[i] >= e.timesMicros()[i - 1], "a batch is in time order");
                assertEquals(e.amplitudesMicrovolts()[i], e.snippets()[i * e.snippetLength() + e.snippetPreSamples()], "the snippet is centred on the peak");
            }
        }
        return out;
    }

    /** Planted spikes of SNR = |peak| / σ are found within 0.2 ms of where they were planted. */
    @ParameterizedTest(name = "SNR {0} at threshold {1} sigma, adaptive {2}, blocks of {3}")
    @CsvSource({"5, 4.0, false, 60", "5, 4.0, true, 900", "8, 6.0, false, 60", "8, 6.0, true, 3000", "12, 6.0, false, 7"})
    void finds_planted_spikes_at_known_times(double snr, double k, boolean adaptive, int blockSamples) throws Exception {
        Traces t = new Traces(16, 30_000 * 20, SIGMA, 42);
        t.plantRandom(-snr * SIGMA, 50, 7);
        SpikeDetector d = new SpikeDetector("sim/mea0", 16, DetectionSettings.defaults().withThreshold(k).withAdaptive(adaptive));
        List<Found> found = run(d, t.blocks("sim/mea0", blockSamples));

        Set<Integer> matched = new HashSet<>();
        int truePositives = 0;
        for (Traces.Planted p : t.planted) {
            for (int i = 0; i < found.size(); i++) {
                Found f = found.get(i);
                if (f.channel() == p.channel() && Math.abs(f.sample() - p.sample()) <= 6 && matched.add(i)) {
                    truePositives++;
                    break;
                }
            }
        }
        double recall = truePositives / (double) t.planted.size();
        double precision = truePositives / (double) found.size();
        System.out.printf("SNR %.0f k %.1f adaptive %s: %d planted, %d found, recall %.4f, precision %.4f, sigma[0] %.2f%n", snr, k, adaptive,
                t.planted.size(), found.size(), recall, precision, d.noiseSigmas()[0]);
        assertTrue(t.planted.size() > 5000);
        assertTrue(recall >= 0.95, "recall " + recall);
        assertTrue(precision >= 0.95, "precision " + precision);
        assertEquals(SIGMA, d.noiseSigmas()[0], SIGMA * 0.1, "MAD estimates the noise despite the spikes");
    }

    /** On pure Gaussian noise, crossings of -kσ come at about fs · Φ(-k) per second and channel. */
    @Test
    void pure_noise_gives_the_expected_false_positive_rate() throws Exception {
        int channels = 32, seconds = 10;
        Traces t = new Traces(channels, 30_000 * seconds, SIGMA, 3);
        SpikeDetector d4 = new SpikeDetector("sim/mea0", channels, DetectionSettings.defaults().withThreshold(4.0));
        int found4 = run(d4, t.blocks("sim/mea0", 600)).size();
        double expected4 = 30_000.0 * seconds * channels * 3.167e-5; // Φ(-4)
        System.out.printf("pure noise, 4 sigma: %d false positives, expected about %.0f%n", found4, expected4);
        assertTrue(found4 > 0.7 * expected4 && found4 < 1.3 * expected4, found4 + " vs " + expected4);

        SpikeDetector d6 = new SpikeDetector("sim/mea0", channels, DetectionSettings.defaults());
        int found6 = run(d6, t.blocks("sim/mea0", 600)).size();
        System.out.printf("pure noise, 6 sigma: %d false positives in %d channel-seconds (expected ~0.01)%n", found6, channels * seconds);
        assertTrue(found6 <= 3, "at 6 sigma pure noise gives (almost) nothing, found " + found6);
    }

    /** A running detector takes a new threshold from its next block on, with the noise it has learnt; a new shape it refuses. */
    @Test
    void a_new_threshold_applies_to_a_running_detector_from_the_next_block() throws Exception {
        int channels = 32, seconds = 10;
        List<RawSampleBlock> blocks = new Traces(channels, 30_000 * seconds, SIGMA, 5).blocks("sim/mea0", 600);
        int half = blocks.size() / 2;
        SpikeDetector d = new SpikeDetector("sim/mea0", channels, DetectionSettings.defaults());
        int at6 = run(d, blocks.subList(0, half)).size();
        d.retune(DetectionSettings.defaults().withThreshold(4.0));
        int at4 = run(d, blocks.subList(half, blocks.size())).size();
        double expected4 = 30_000.0 * seconds / 2 * channels * 3.167e-5; // Φ(-4) over the second half
        assertTrue(at6 <= 3, "6σ on pure noise: (almost) nothing, found " + at6);
        assertTrue(at4 > 0.7 * expected4 && at4 < 1.3 * expected4, "4σ from the retune on: " + at4 + " vs about " + expected4);
        assertEquals(SIGMA, d.noiseSigmas()[0], SIGMA * 0.1, "the noise estimate carried on");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.retune(new DetectionSettings(6, true, 2_000_000, 1_000_000, 1_000, 500, 5_000, 1_000, 10_000, false)));
        assertTrue(e.getMessage().contains("fixed"), e.getMessage());
    }

    /** Stimulation artifacts (hundreds of µV) are not spikes while blanked; without blanking they would be. */
    @Test
    void blanking_suppresses_stimulation_artifacts() throws Exception {
        Traces t = new Traces(8, 30_000 * 4, SIGMA, 11);
        long[] stims = {15_000, 45_000, 75_000, 105_000};
        for (long s : stims) {
            for (int c = 0; c < 8; c++) {
                for (int d = 0; d < 150; d++) { // 5 ms ringing artifact, biphasic, 600 µV
                    double v = 600 * Math.exp(-d / 30.0) * Math.cos(d / 4.0);
                    t.data[c][(int) (s + d)] += (float) v;
                }
            }
        }
        t.plant(3, 60_000, -10 * SIGMA); // a genuine spike far from any stimulation

        SpikeDetector unblanked = new SpikeDetector("m", 8, DetectionSettings.defaults().withBlanking(0));
        List<Found> withArtifacts = run(unblanked, t.blocks("m", 60));
        assertTrue(withArtifacts.size() >= stims.length * 8, "artifacts cross the threshold when not blanked: " + withArtifacts.size());

        SpikeDetector d = new SpikeDetector("m", 8, DetectionSettings.defaults());
        for (long s : stims) d.blankTrain(s * 1_000_000L / 30_000, 1, 0, 200);
        List<Found> found = run(d, t.blocks("m", 60));
        for (Found f : found) {
            for (long s : stims) assertTrue(f.sample() < s || f.sample() >= s + 300, "spike inside a blanking window: " + f);
        }
        assertTrue(found.stream().anyMatch(f -> f.channel() == 3 && Math.abs(f.sample() - 60_000) <= 3), "the real spike is kept: " + found);
        assertTrue(d.blankedCrossings() >= stims.length * 8);
    }

    @Test
    void dead_time_keeps_one_event_per_spike() throws Exception {
        Traces t = new Traces(1, 30_000, 0.5, 1);
        t.plant(0, 1000, -100);
        t.plant(0, 1010, -100); // within the 1 ms dead time
        t.plant(0, 2000, -100);
        List<Found> found = run(new SpikeDetector("m", 1, DetectionSettings.defaults()), t.blocks("m", 100));
        assertEquals(2, found.size(), found.toString());
    }

    @Test
    void malformed_blocks_are_refused_counted_and_the_stream_goes_on() throws Exception {
        Traces t = new Traces(4, 30_000, SIGMA, 5);
        t.plant(1, 20_000, -15 * SIGMA);
        List<RawSampleBlock> blocks = t.blocks("m", 600);
        SpikeDetector d = new SpikeDetector("m", 4, DetectionSettings.defaults());
        for (int i = 0; i < 10; i++) d.process(blocks.get(i));

        var wrongChannels = new RawSampleBlock("m", 6000, 200_000, 30_000, 3, 600, new float[1800]);
        var e1 = assertThrows(MalformedBlockException.class, () -> d.process(wrongChannels));
        assertTrue(e1.getMessage().contains("3 channels, the array has 4"), e1.getMessage());

        float[] withNan = blocks.get(10).samplesMicrovolts().clone();
        withNan[605] = Float.NaN;
        RawSampleBlock b10 = blocks.get(10);
        var e2 = assertThrows(MalformedBlockException.class,
                () -> d.process(new RawSampleBlock("m", b10.firstSampleIndex(), b10.startMicros(), 30_000, 4, 600, withNan)));
        assertTrue(e2.getMessage().contains("1 NaN or infinite samples (first at channel 1, sample 5)"), e2.getMessage());

        d.process(blocks.get(10));
        var e3 = assertThrows(MalformedBlockException.class, () -> d.process(blocks.get(5)));
        assertTrue(e3.getMessage().contains("time went backwards"), e3.getMessage());

        List<Found> rest = run(d, blocks.subList(11, blocks.size()));
        assertTrue(rest.stream().anyMatch(f -> f.channel() == 1 && Math.abs(f.sample() - 20_000) <= 3), "the stream goes on: " + rest);
        assertEquals(1, d.rejected(MalformedBlockException.Reason.CHANNEL_COUNT));
        assertEquals(1, d.rejected(MalformedBlockException.Reason.NOT_FINITE));
        assertEquals(1, d.rejected(MalformedBlockException.Reason.TIME_BACKWARDS));
        assertEquals(3, d.rejectedTotal());
    }
}
