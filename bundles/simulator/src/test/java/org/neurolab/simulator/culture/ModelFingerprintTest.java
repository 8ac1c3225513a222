package org.neurolab.simulator.culture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.simulator.internal.engine.Network;
import org.neurolab.simulator.internal.engine.YardstickNetwork;

/**
 * The culture model's and the yardstick's results for fixed seeds, as hashes recorded from the code before the engine's
 * speed work of issue 21 (the per-source gain of short-term depression, the vectorized neuron update, the prefetching
 * spike delivery). Those changes compute the same floats in the same order, so the hashes must not move; a change meant
 * to alter the model's results has to say so and record new hashes here.
 */
class ModelFingerprintTest {

    static final long SECOND = 1_000_000;

    @Test
    void defaultMeaGivesTheRecordedEventsSamplesAndSpikes() {
        try (MeaModel model = new MeaModel(MeaModelConfig.defaults("sim/mea0", 7))) {
            Recorder events = new Recorder();
            long[] rawHash = {17};
            for (long t = 0; t < 12 * SECOND; t += 500_000) {
                // stimulation every 500 ms on two organoids, modulators part way, raw traces for one second
                model.stimulate(new int[] {3, 12}, CultureBehaviourTest.train(5, 1, 1), t);
                if (t == 4 * SECOND) model.setConcentration("glutamate", 5);
                if (t == 6 * SECOND) model.setConcentration("dopamine", 20);
                boolean raw = t >= 9 * SECOND && t < 10 * SECOND;
                model.advanceTo(t + 500_000, events, raw ? block -> hashRaw(rawHash, block) : null);
            }
            long eventHash = 1;
            for (long s : events.signature()) eventHash = eventHash * 1_000_003 + s;
            long spikeHash = 1;
            for (int count : model.neuronSpikes()) spikeHash = spikeHash * 31 + count;
            assertEquals("events=" + EXPECTED_EVENTS + " eventHash=" + EXPECTED_EVENT_HASH + " rawHash=" + EXPECTED_RAW_HASH
                            + " spikeHash=" + EXPECTED_SPIKE_HASH,
                    "events=" + events.count + " eventHash=" + eventHash + " rawHash=" + rawHash[0] + " spikeHash=" + spikeHash);
        }
    }

    @Test
    void yardstickGivesTheRecordedSpikes() {
        try (Network network = YardstickNetwork.builder(10_000, 100, 3).threads(2).build()) {
            long[] hash = {1, 0};
            network.setSpikeListener((step, neurons, count) -> {
                for (int k = 0; k < count; k++) hash[0] = hash[0] * 1_000_003 + step * 100_003 + neurons[k];
                hash[1] += count;
            });
            network.runMillis(500);
            long vHash = 1;
            for (int i = 0; i < network.neuronCount(); i++) {
                vHash = vHash * 31 + Float.floatToRawIntBits(network.membranePotential(i)) + 7L * Float.floatToRawIntBits(network.recoveryVariable(i));
            }
            assertEquals("spikes=" + EXPECTED_YARDSTICK_SPIKES + " spikeHash=" + EXPECTED_YARDSTICK_HASH + " stateHash=" + EXPECTED_YARDSTICK_STATE,
                    "spikes=" + hash[1] + " spikeHash=" + hash[0] + " stateHash=" + vHash);
        }
    }

    private static void hashRaw(long[] hash, RawSampleBlock block) {
        float[] samples = block.samplesMicrovolts();
        long h = hash[0] * 31 + block.firstSampleIndex();
        for (float x : samples) h = h * 1_000_003 + Float.floatToRawIntBits(x);
        hash[0] = h;
    }

    static final String EXPECTED_EVENTS = "435";
    static final String EXPECTED_EVENT_HASH = "-7786797510879025975";
    static final String EXPECTED_RAW_HASH = "-4507486393084735624";
    static final String EXPECTED_SPIKE_HASH = "3036510045427637464";
    static final String EXPECTED_YARDSTICK_SPIKES = "177452";
    static final String EXPECTED_YARDSTICK_HASH = "-2767922518157259554";
    static final String EXPECTED_YARDSTICK_STATE = "-7091531571447755586";
}
