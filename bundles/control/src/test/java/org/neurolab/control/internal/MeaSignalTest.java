package org.neurolab.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceInfo;
import org.neurolab.api.driver.DeviceKind;
import org.neurolab.api.driver.MeaDriver;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Electrode;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.neurolab.api.stimulation.StimulatorRange;

/**
 * A raw-only array through the signal path: the lab's one detector finds its spikes for every subscriber (with
 * waveforms), blanks the artifact after the array's stimulations, and holds the watermark back until detection is done.
 */
class MeaSignalTest {
    static final int RATE = 30_000, CHANNELS = 4, BLOCK = 300; // 10 ms blocks

    /** A fast trough of -100 µV at {@code sample} on {@code channel}, in 5 µV rms noise. */
    static float[][] trace(int samples, long[] spikes, long seed) {
        float[][] d = new float[CHANNELS][samples];
        Random r = new Random(seed);
        for (float[] ch : d) for (int i = 0; i < samples; i++) ch[i] = (float) (r.nextGaussian() * 5);
        for (long s : spikes)
            for (int k = -10; k <= 10; k++) d[(int) (s % CHANNELS)][(int) s + k] -= (float) (100 * Math.exp(-k * k / 8.0));
        return d;
    }

    static final class RawOnlyMea implements MeaDriver {
        final List<SignalListener> raw = new CopyOnWriteArrayList<>();

        @Override
        public DeviceInfo info() {
            return new DeviceInfo("amp/mea0", DeviceKind.MEA, "amp", "test", "raw-only amplifier", "1");
        }

        @Override
        public boolean detectsSpikes() {
            return false;
        }

        @Override
        public MeaLayout layout() {
            List<Electrode> es = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) es.add(new Electrode(i, i * 100, 0, 30));
            return new MeaLayout("amp/mea0", es, RATE);
        }

        @Override
        public StimulatorRange stimulatorRange() {
            return new StimulatorRange(10, 20, 1000, 1000, 1000);
        }

        @Override
        public long stimulate(List<Integer> electrodes, PulseTrain train) {
            return 0;
        }

        @Override
        public void enterSafeState() {
        }

        @Override
        public void addSignalListener(SignalListener listener, boolean wantsRaw) {
            assertTrue(wantsRaw, "a raw-only array is read raw");
            raw.add(listener);
        }

        @Override
        public void removeSignalListener(SignalListener listener) {
            raw.remove(listener);
        }

        /** Streams {@code data} in 10 ms blocks, each followed by its watermark, as an amplifier does. */
        void stream(float[][] data) {
            for (int start = 0; start + BLOCK <= data[0].length; start += BLOCK) {
                float[] s = new float[CHANNELS * BLOCK];
                for (int c = 0; c < CHANNELS; c++) System.arraycopy(data[c], start, s, c * BLOCK, BLOCK);
                RawSampleBlock b = new RawSampleBlock("amp/mea0", start, start * 1_000_000L / RATE, RATE, CHANNELS, BLOCK, s);
                for (SignalListener l : raw) l.onSamples(b);
                for (SignalListener l : raw) l.onWatermark("amp/mea0", (start + BLOCK) * 1_000_000L / RATE);
            }
        }
    }

    /** What one subscriber saw, in order: spikes ("s", time) and watermarks ("w", time); and raw blocks counted. */
    static final class Seen implements SignalListener {
        final List<long[]> events = new ArrayList<>();
        final List<SpikeBatch> batches = new ArrayList<>();
        int blocks;

        @Override
        public void onSpikes(SpikeBatch b) {
            batches.add(b.copy());
            for (int i = 0; i < b.count(); i++) events.add(new long[]{0, b.timesMicros()[i]});
        }

        @Override
        public void onSamples(RawSampleBlock block) {
            blocks++;
        }

        @Override
        public void onWatermark(String meaId, long t) {
            events.add(new long[]{1, t});
        }

        List<Long> spikeTimes() {
            return events.stream().filter(e -> e[0] == 0).map(e -> e[1]).toList();
        }
    }

    final RawOnlyMea mea = new RawOnlyMea();
    final MeaSignal signal = new MeaSignal(mea, () -> 0, 500_000, DetectionSettings.defaults());

    @Test
    void every_subscriber_gets_the_labs_detections_with_waveforms_and_only_raw_subscribers_get_blocks() {
        Seen events = new Seen(), rawToo = new Seen();
        signal.subscribe(events, false);
        signal.subscribe(rawToo, true);
        long[] planted = {9_001, 15_002, 24_003, 33_000}; // after the 200 ms noise calibration
        mea.stream(trace(45_000, planted, 1));

        assertEquals(4, events.spikeTimes().size(), "the planted spikes, found once: " + events.spikeTimes());
        for (int i = 0; i < planted.length; i++)
            assertEquals(planted[i] * 1_000_000.0 / RATE, events.spikeTimes().get(i), 100, "spike " + i + " at its peak's lab time");
        assertEquals(events.spikeTimes(), rawToo.spikeTimes(), "the same events for every subscriber");
        SpikeBatch b = events.batches.getFirst();
        assertEquals(90, b.snippetLength(), "3 ms waveforms at 30 kHz");
        assertEquals(b.amplitudesMicrovolts()[0], b.snippet(0)[b.snippetPreSamples()], 1e-6, "centred on the peak");
        assertEquals(0, events.blocks);
        assertEquals(150, rawToo.blocks);
        assertEquals(DetectionSettings.defaults(), signal.detection().orElseThrow());
    }

    @Test
    void the_watermark_waits_for_detection_so_no_spike_arrives_below_a_watermark_already_given() {
        Seen seen = new Seen();
        signal.subscribe(seen, false);
        long[] planted = new long[40];
        for (int i = 0; i < planted.length; i++) planted[i] = 6_000 + i * 977L + (i % 7) * 31; // spikes near block edges too
        mea.stream(trace(48_000, planted, 2));

        long watermark = Long.MIN_VALUE;
        for (long[] e : seen.events) {
            if (e[0] == 1) {
                assertTrue(e[1] > watermark, "watermarks only advance");
                watermark = e[1];
            } else {
                assertTrue(e[1] >= watermark, "a spike at " + e[1] + " came after the watermark " + watermark + " had said its time was complete");
            }
        }
        assertTrue(signal.watermarkMicros() < 48_000 * 1_000_000L / RATE, "held back by the detector's lag");
        assertTrue(signal.watermarkMicros() > 48_000 * 1_000_000L / RATE - 10_000, "but by milliseconds only: " + signal.watermarkMicros());
        assertEquals(planted.length, seen.spikeTimes().size());
    }

    @Test
    void the_artifact_after_the_arrays_own_stimulation_is_blanked_for_everyone() {
        Seen seen = new Seen();
        signal.subscribe(seen, false);
        long stimAt = 20_000 * 1_000_000L / RATE; // lab µs of sample 20 000
        signal.stimulated(stimAt, PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0)));
        long[] planted = {20_060, 21_200}; // 2 ms after the pulse (artifact window of 10 ms) and 40 ms after
        mea.stream(trace(30_000, planted, 3));
        assertEquals(1, seen.spikeTimes().size(), "only the spike outside the blanking window: " + seen.spikeTimes());
        assertEquals(21_200 * 1_000_000.0 / RATE, seen.spikeTimes().getFirst(), 100);
    }

    @Test
    void new_detection_settings_reach_a_running_array_from_its_next_block() {
        DetectionSettings noBlanking = DetectionSettings.defaults().withBlanking(0);
        signal.detection(noBlanking); // as control's configuration does through the signal hub
        assertEquals(noBlanking, signal.detection().orElseThrow(), "what recordings store as the array's detection");
        Seen seen = new Seen();
        signal.subscribe(seen, false);
        long stimAt = 20_000 * 1_000_000L / RATE;
        signal.stimulated(stimAt, PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 5, 200, 0)));
        mea.stream(trace(30_000, new long[] {20_060, 21_200}, 3));
        assertEquals(2, seen.spikeTimes().size(), "without blanking the spike 2 ms after the pulse is found too: " + seen.spikeTimes());
    }

    @Test
    void the_array_hears_that_a_subscriber_is_still_answering_its_spikes() throws Exception {
        boolean[] answering = {false};
        AutoCloseable sub = signal.subscribe(new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch batch) {
            }

            @Override
            public boolean answering() {
                return answering[0];
            }
        }, false);
        signal.subscribe(new Seen(), false); // one that never answers does not hide one that does
        SignalListener asTheDriverSeesIt = mea.raw.getFirst();
        assertFalse(asTheDriverSeesIt.answering());
        answering[0] = true;
        assertTrue(asTheDriverSeesIt.answering(), "a simulated rig would hold its next chunk for the answer");
        sub.close();
        assertFalse(asTheDriverSeesIt.answering(), "a subscriber gone answers nothing");
    }
}
