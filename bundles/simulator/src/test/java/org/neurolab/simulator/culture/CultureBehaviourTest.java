package org.neurolab.simulator.culture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;

/** Statistical behaviour of the default culture: spontaneous bursts, evoked responses, drugs, age, training. */
class CultureBehaviourTest {

    static final long SECOND = 1_000_000;

    static PulseTrain train(double microamps, int count, long periodMicros) {
        return new PulseTrain(Pulse.biphasic(Polarity.CATHODIC_FIRST, microamps, 200, 0), count, periodMicros);
    }

    /** Sum over pulses of an organoid's events in [pulse + fromMicros, pulse + toMicros). */
    static int windowed(Recorder r, int organoid, long firstPulse, long period, int pulses, long fromMicros, long toMicros) {
        int n = 0;
        for (int k = 0; k < pulses; k++) {
            long at = firstPulse + k * period;
            n += r.countOrganoid(organoid, at + fromMicros, at + toMicros);
        }
        return n;
    }

    @Test
    void spontaneousActivityHasNetworkBurstsAtRealisticRates() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 11))) {
            Recorder r = new Recorder();
            model.advanceTo(60 * SECOND, r, null);
            assertEquals(60 * SECOND, model.nowMicros());
            assertEquals(r.count, model.totalElectrodeEvents());
            double perMinute = r.count;
            assertTrue(perMinute > 300 && perMinute < 3000, "events per minute per MEA: " + perMinute);
            for (int organoid = 0; organoid < 4; organoid++) {
                int bins = 1200;
                int[] counts = new int[bins];
                int total = 0;
                for (int i = 0; i < r.count; i++) {
                    if (r.electrodes[i] / 8 == organoid) {
                        counts[(int) (r.times[i] / 50_000)]++;
                        total++;
                    }
                }
                double mean = (double) total / bins;
                int threshold = (int) Math.max(8, 5 * mean);
                int bursts = 0;
                int inBursts = 0;
                boolean in = false;
                for (int b = 0; b < bins; b++) {
                    boolean hot = counts[b] >= threshold;
                    if (hot && !in) bursts++;
                    if (hot) inBursts += counts[b];
                    in = hot;
                }
                assertTrue(bursts >= 4 && bursts <= 40, "organoid " + organoid + ": " + bursts + " bursts in 60 s");
                assertTrue(inBursts > 0.3 * total, "organoid " + organoid + ": most activity in bursts, " + inBursts + " of " + total);
            }
        }
    }

    @Test
    void evokedResponseGrowsWithAmplitudeAndStaysInTheStimulatedOrganoid() {
        long first = 2 * SECOND + 250_000;
        long period = 1 * SECOND;
        int pulses = 20;
        double[] amplitudes = {0, 1, 3, 6};
        int[][] response = new int[amplitudes.length][4];
        for (int a = 0; a < amplitudes.length; a++) {
            try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 21))) {
                if (amplitudes[a] > 0) {
                    model.stimulate(new int[] {2}, train(amplitudes[a], pulses, period), first);
                }
                Recorder r = new Recorder();
                model.advanceTo(first + pulses * period, r, null);
                for (int o = 0; o < 4; o++) {
                    response[a][o] = windowed(r, o, first, period, pulses, 0, 100_000);
                }
            }
        }
        String table = java.util.Arrays.deepToString(response);
        assertTrue(response[1][0] >= response[0][0], table);
        assertTrue(response[2][0] > response[1][0] * 1.3 + 5, "3 µA evokes more than 1 µA: " + table);
        assertTrue(response[3][0] > response[2][0] * 1.2 + 5, "6 µA evokes more than 3 µA: " + table);
        assertTrue(response[3][0] > 3 * Math.max(10, response[0][0]), "6 µA well above spontaneous: " + table);
        for (int o = 1; o < 4; o++) {
            int spontaneous = response[0][o];
            for (int a = 1; a < amplitudes.length; a++) {
                assertTrue(Math.abs(response[a][o] - spontaneous) <= Math.max(10, 0.5 * spontaneous),
                        "organoid " + o + " does not respond to stimulation of organoid 0: " + table);
            }
        }
    }

    @Test
    void glutamateRaisesFiringAndGabaLowersIt() {
        int control = eventsIn30s(null, 0);
        int glutamate = eventsIn30s("glutamate", 20);
        int gaba = eventsIn30s("gaba", 5);
        assertTrue(glutamate > 1.3 * control, "glutamate " + glutamate + " vs control " + control);
        assertTrue(gaba < 0.7 * control, "GABA " + gaba + " vs control " + control);
    }

    private static int eventsIn30s(String compound, double micromolar) {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 31))) {
            if (compound != null) {
                model.setConcentration(compound, micromolar);
                assertEquals(micromolar, model.concentration(compound));
            }
            model.advanceTo(30 * SECOND, null, null);
            return (int) model.totalElectrodeEvents();
        }
    }

    @Test
    void youngCulturesFireLessThanMatureOnes() {
        long young;
        long mature;
        try (MeaModel model = new MeaModel(new MeaModelConfig("sim/mea0", 4, 8, 1000, 100, 30_000, 20, 41))) {
            model.advanceTo(30 * SECOND, null, null);
            young = model.totalElectrodeEvents();
        }
        try (MeaModel model = new MeaModel(new MeaModelConfig("sim/mea0", 4, 8, 1000, 100, 30_000, 100, 41))) {
            model.advanceTo(30 * SECOND, null, null);
            mature = model.totalElectrodeEvents();
            model.setCultureAgeDays(20);
            assertEquals(20, model.config().cultureAgeDays());
        }
        assertTrue(young < 0.7 * mature, "20 days: " + young + " events, 100 days: " + mature);
    }
}
