package org.neurolab.driver.sim.internal;

import java.util.Arrays;
import java.util.List;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.lab.Organoid;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;

/**
 * A dry run simulates only the cultures it copies: culture i of an array becomes organoid i of a smaller model, its
 * j-th electrode the model's electrode i·E + j. This map translates electrode numbers both ways, so scripts see the
 * real array's numbering (spikes, raw channels, stimulation) while the machine simulates a fraction of its neurons.
 */
final class ElectrodeMap {
    private final int[] toModel;   // real index -> model index, -1 if not simulated
    private final int[] toReal;    // model index -> real index, -1 if not part of a copied culture
    private final int realCount;

    ElectrodeMap(int realElectrodeCount, List<Organoid> cultures, int electrodesPerOrganoid) {
        realCount = realElectrodeCount;
        toModel = new int[realElectrodeCount];
        toReal = new int[cultures.size() * electrodesPerOrganoid];
        Arrays.fill(toModel, -1);
        Arrays.fill(toReal, -1);
        for (int i = 0; i < cultures.size(); i++) {
            List<Integer> es = cultures.get(i).electrodes();
            for (int j = 0; j < es.size(); j++) {
                int real = es.get(j);
                if (toModel[real] >= 0) continue; // two copied cultures share an electrode: the first one's neurons answer
                toModel[real] = i * electrodesPerOrganoid + j;
                toReal[i * electrodesPerOrganoid + j] = real;
            }
        }
    }

    int realCount() {
        return realCount;
    }

    /** @throws IllegalArgumentException naming the electrode when it is not simulated */
    List<Integer> toModel(List<Integer> real) {
        return real.stream().map(e -> {
            int m = e >= 0 && e < toModel.length ? toModel[e] : -1;
            if (m < 0) throw new IllegalArgumentException("electrode " + e + " is not under a culture of this dry run");
            return m;
        }).toList();
    }

    /** A listener of the model that hands the real array's numbering on to {@code real}. */
    SignalListener toReal(String meaId, SignalListener real) {
        return new SignalListener() {
            @Override
            public void onSpikes(SpikeBatch b) {
                int n = 0;
                int[] electrodes = new int[b.count()];
                long[] times = new long[b.count()];
                float[] amplitudes = new float[b.count()];
                for (int i = 0; i < b.count(); i++) {
                    int e = b.electrodes()[i] < toReal.length ? toReal[b.electrodes()[i]] : -1;
                    if (e < 0) continue;
                    electrodes[n] = e;
                    times[n] = b.timesMicros()[i];
                    amplitudes[n++] = b.amplitudesMicrovolts()[i];
                }
                if (n > 0) real.onSpikes(new SpikeBatch(meaId, n, electrodes, times, amplitudes));
            }

            @Override
            public void onSamples(RawSampleBlock b) {
                // channels that are not simulated read exact zeros, as a dead channel does
                float[] v = new float[realCount * b.sampleCount()];
                for (int c = 0; c < b.channelCount() && c < toReal.length; c++)
                    if (toReal[c] >= 0) System.arraycopy(b.samplesMicrovolts(), c * b.sampleCount(), v, toReal[c] * b.sampleCount(), b.sampleCount());
                real.onSamples(new RawSampleBlock(meaId, b.firstSampleIndex(), b.startMicros(), b.sampleRateHz(), realCount, b.sampleCount(), v));
            }

            @Override
            public void onWatermark(String mea, long completeUpToMicros) {
                real.onWatermark(meaId, completeUpToMicros);
            }

            @Override
            public void onGap(String mea, long fromMicros, long toMicros, String reason) {
                real.onGap(meaId, fromMicros, toMicros, reason);
            }
        };
    }
}
