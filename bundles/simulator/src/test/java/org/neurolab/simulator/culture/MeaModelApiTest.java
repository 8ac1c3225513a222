package org.neurolab.simulator.culture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.neurolab.api.lab.MeaLayout;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.stimulation.PulseTrain;

/** Layout, determinism, raw trace, faults and input checks. */
class MeaModelApiTest {

    static final long SECOND = 1_000_000;

    @Test
    void layoutFollowsTheConfig() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 1))) {
            MeaLayout layout = model.layout();
            assertEquals("sim/mea0", layout.meaId());
            assertEquals(32, layout.electrodeCount());
            assertEquals(30_000, layout.sampleRateHz());
            assertEquals(30, layout.electrode(7).diameterMicrons());
            assertEquals(List.of(8, 9, 10, 11, 12, 13, 14, 15), model.electrodesOfOrganoid(1));
            assertEquals(100, Math.hypot(layout.electrode(1).xMicrons() - layout.electrode(0).xMicrons(),
                    layout.electrode(1).yMicrons() - layout.electrode(0).yMicrons()), 1e-9);
            assertEquals(0, model.nowMicros());
            model.advanceTo(1_234, null, null);
            assertEquals(1_000, model.nowMicros(), "rounded down to whole 0.5 ms steps");
        }
    }

    private static long[] run(long seed, boolean withRaw, List<float[]> rawOut) {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", seed))) {
            model.stimulate(new int[] {3, 12}, CultureBehaviourTest.train(4, 5, 200_000), 1 * SECOND);
            Recorder r = new Recorder();
            // uneven advances: results depend on the calls, so both runs make the same ones
            for (long t = 0; t < 8 * SECOND; t += 730_000) {
                model.advanceTo(t, r, withRaw ? b -> rawOut.add(b.samplesMicrovolts()) : null);
            }
            model.advanceTo(8 * SECOND, r, null);
            return r.signature();
        }
    }

    @Test
    void sameSeedGivesSameEventsAndSamplesOtherSeedsDiffer() {
        List<float[]> rawA = new ArrayList<>();
        List<float[]> rawB = new ArrayList<>();
        long[] a = run(5, true, rawA);
        long[] b = run(5, true, rawB);
        long[] c = run(6, false, null);
        assertTrue(a.length > 50, "some events: " + a.length);
        assertArrayEquals(a, b);
        assertEquals(rawA.size(), rawB.size());
        for (int i = 0; i < rawA.size(); i++) {
            assertArrayEquals(rawA.get(i), rawB.get(i));
        }
        assertFalse(Arrays.equals(a, c), "another seed, another culture");
        assertArrayEquals(a, run(5, false, null), "asking for the raw trace does not change the events");
    }

    /** Channel-major samples of [0, seconds) glued together from the blocks, checked for continuity. */
    private static float[][] record(MeaModel model, long untilMicros, Recorder events) {
        List<RawSampleBlock> blocks = new ArrayList<>();
        model.advanceTo(untilMicros, events, blocks::add);
        int channels = model.layout().electrodeCount();
        long total = RawTrace.sampleAt(untilMicros, 30_000);
        float[][] trace = new float[channels][(int) total];
        long expected = 0;
        for (RawSampleBlock block : blocks) {
            assertEquals(expected, block.firstSampleIndex(), "blocks are contiguous");
            assertEquals(channels, block.channelCount());
            assertTrue(block.sampleCount() <= 300, "blocks of at most 10 ms");
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < block.sampleCount(); i++) {
                    trace[c][(int) block.firstSampleIndex() + i] = block.sample(c, i);
                }
            }
            expected += block.sampleCount();
        }
        assertEquals(total, expected, "the raw blocks cover the advanced span");
        return trace;
    }

    private static double robustSigma(float[] x, int from, int to) {
        float[] a = new float[to - from];
        for (int i = from; i < to; i++) a[i - from] = Math.abs(x[i]);
        Arrays.sort(a);
        return a[a.length / 2] / 0.6745;
    }

    @Test
    void rawTraceHasNoiseSpikesArtifactsAndDeadChannels() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 8))) {
            model.injectFault(new Fault(Fault.Kind.DEAD_ELECTRODE, 20, -1, 1));
            long pulseAt = 3 * SECOND + 100;
            model.stimulate(new int[] {9}, PulseTrain.single(CultureBehaviourTest.train(3, 1, 0).pulse()), pulseAt);
            model.stimulate(new int[] {20}, CultureBehaviourTest.train(6, 5, 100_000), 3_500_000);
            Recorder events = new Recorder();
            float[][] trace = record(model, 6 * SECOND, events);

            for (int c = 0; c < 32; c++) {
                if (c == 20) continue;
                double sigma = robustSigma(trace[c], 0, 30_000);
                assertTrue(sigma > 4.5 && sigma < 11, "channel " + c + " noise σ " + sigma + " µV");
            }
            for (float v : trace[20]) assertEquals(0f, v, "a dead electrode is flat");
            for (int i = 0; i < events.count; i++) assertTrue(events.electrodes[i] != 20, "a dead electrode has no events");

            // a threshold at -5σ (≈ -30 µV) finds the waveform of most events within a millisecond
            int found = 0;
            int checked = 0;
            for (int i = 0; i < events.count; i++) {
                long t = events.times[i];
                if (Math.abs(t - pulseAt) < 5_000) continue;
                int from = (int) RawTrace.sampleAt(t, 30_000);
                int to = Math.min(trace[0].length, from + 30);
                float min = 0;
                for (int k = from; k < to; k++) min = Math.min(min, trace[events.electrodes[i]][k]);
                checked++;
                if (min < -30) found++;
            }
            assertTrue(checked > 30, "events to check: " + checked);
            assertTrue(found > 0.85 * checked, "threshold finds " + found + " of " + checked + " events");

            // artifact: saturating on the stimulated electrode, smaller on its neighbour, gone after ~2 ms
            int at = (int) RawTrace.sampleAt(pulseAt, 30_000) + 1;
            float peak9 = 0;
            float peak10 = 0;
            for (int k = at; k < at + 30; k++) {
                peak9 = Math.max(peak9, Math.abs(trace[9][k]));
                peak10 = Math.max(peak10, Math.abs(trace[10][k]));
            }
            assertTrue(peak9 >= 1000, "artifact on the stimulated electrode: " + peak9 + " µV");
            assertTrue(peak10 > 100 && peak10 < peak9 / 3, "smaller artifact on the neighbour: " + peak10 + " µV");
            float late = 0;
            for (int k = at + 90; k < at + 120; k++) late = Math.max(late, Math.abs(trace[9][k]));
            assertTrue(late < 150, "artifact gone 3 ms after the pulse: " + late + " µV");
        }
    }

    @Test
    void deadElectrodeStimulationDoesNothing() {
        long[] responses = new long[2];
        for (int dead = 0; dead < 2; dead++) {
            try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 9))) {
                if (dead == 1) model.injectFault(new Fault(Fault.Kind.DEAD_ELECTRODE, 4, -1, 1));
                model.setPlasticity(false);
                model.stimulate(new int[] {4}, CultureBehaviourTest.train(6, 10, 500_000), 1 * SECOND);
                Recorder r = new Recorder();
                model.advanceTo(6 * SECOND, r, null);
                responses[dead] = CultureBehaviourTest.windowed(r, 0, SECOND, 500_000, 10, 0, 50_000);
            }
        }
        long spontaneous;
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 9))) {
            model.injectFault(new Fault(Fault.Kind.DEAD_ELECTRODE, 4, -1, 1));
            model.setPlasticity(false);
            Recorder r = new Recorder();
            model.advanceTo(6 * SECOND, r, null);
            spontaneous = CultureBehaviourTest.windowed(r, 0, SECOND, 500_000, 10, 0, 50_000);
        }
        assertTrue(responses[0] > 3 * Math.max(5, responses[1]), "live " + responses[0] + " vs dead " + responses[1]);
        assertEquals(spontaneous, responses[1], "stimulating through a dead electrode changes nothing");
    }

    @Test
    void noisyElectrodeAndDyingCulture() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 10))) {
            model.injectFault(new Fault(Fault.Kind.NOISY_ELECTRODE, 6, -1, 1));
            model.injectFault(new Fault(Fault.Kind.DYING_CULTURE, -1, 2, 0.9));
            Recorder events = new Recorder();
            float[][] trace = record(model, 2 * SECOND, events);
            double noisy = robustSigma(trace[6], 0, trace[6].length);
            double normal = robustSigma(trace[5], 0, trace[5].length);
            assertTrue(noisy > 7 * normal, "noisy σ " + noisy + " vs " + normal);
            assertTrue(events.count(6, 1, 0, 2 * SECOND) >= 30, "spurious events on the noisy electrode");

            Recorder later = new Recorder();
            model.advanceTo(90 * SECOND, later, null);
            int early = later.countOrganoid(2, 2 * SECOND, 22 * SECOND);
            int late = later.countOrganoid(2, 70 * SECOND, 90 * SECOND);
            int healthy = later.countOrganoid(1, 70 * SECOND, 90 * SECOND);
            assertTrue(late < 0.3 * Math.max(early, healthy), "dying organoid fades: early " + early + ", late " + late + ", healthy " + healthy);

            model.clearFaults();
            Recorder after = new Recorder();
            model.advanceTo(120 * SECOND, after, null);
            assertTrue(after.countOrganoid(2, 90 * SECOND, 120 * SECOND) > 2 * late + 10, "cleared faults revive the organoid");
        }
    }

    @Test
    void badInputIsRefusedWithClearMessages() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 1))) {
            PulseTrain train = CultureBehaviourTest.train(2, 1, 0);
            var e = assertThrows(IllegalArgumentException.class, () -> model.stimulate(new int[] {32}, train, 0));
            assertTrue(e.getMessage().contains("electrode 32") && e.getMessage().contains("0..31"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.stimulate(new int[] {-1}, train, 0));
            assertThrows(IllegalArgumentException.class, () -> model.stimulate(new int[0], train, 0));
            model.advanceTo(10_000, null, null);
            e = assertThrows(IllegalArgumentException.class, () -> model.stimulate(new int[] {1}, train, 5_000));
            assertTrue(e.getMessage().contains("in the past"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.setConcentration("glutamate", -1));
            assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.setConcentration("caffeine", 1));
            assertTrue(e.getMessage().contains("caffeine") && e.getMessage().contains("glutamate, gaba, dopamine, serotonin"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.concentration("ethanol"));
            assertThrows(IllegalArgumentException.class, () -> model.electrodesOfOrganoid(4));
            assertThrows(IllegalArgumentException.class, () -> model.injectFault(new Fault(Fault.Kind.DEAD_ELECTRODE, 40, -1, 1)));
            assertThrows(IllegalArgumentException.class, () -> model.injectFault(new Fault(Fault.Kind.DYING_CULTURE, -1, 9, 1)));
            assertThrows(IllegalArgumentException.class, () -> model.advanceTo(5_000, null, null));
            assertThrows(IllegalArgumentException.class, () -> model.setCultureAgeDays(-3));
            model.setConcentration("Dopamine", 2.5);
            assertEquals(2.5, model.concentration("dopamine"));
        }
    }

    @Test
    void electrodeImpedanceIsStablePerSeedOpenWhenDeadAndLowerWhenNoisy() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 1))) {
            for (int e = 0; e < 32; e++) {
                double z = model.electrodeImpedanceKilohms(e);
                assertTrue(z >= 60 && z <= 140, "healthy electrode " + e + ": " + z + " kΩ");
                assertEquals(z, model.electrodeImpedanceKilohms(e), "the same reading twice");
            }
            double before = model.electrodeImpedanceKilohms(4);
            model.injectFault(new Fault(Fault.Kind.DEAD_ELECTRODE, 3, -1, 1));
            model.injectFault(new Fault(Fault.Kind.NOISY_ELECTRODE, 4, -1, 1));
            assertEquals(20_000, model.electrodeImpedanceKilohms(3), "an open circuit");
            assertEquals(before / 10, model.electrodeImpedanceKilohms(4), 1e-9, "a shunted, noisy electrode reads low");
            assertThrows(IllegalArgumentException.class, () -> model.electrodeImpedanceKilohms(99));
        }
    }
}
