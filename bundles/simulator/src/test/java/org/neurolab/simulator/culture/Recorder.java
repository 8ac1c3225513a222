package org.neurolab.simulator.culture;

import java.util.Arrays;
import java.util.function.Consumer;

import org.neurolab.api.signal.SpikeBatch;

/** Collects electrode events from a model's spike batches. */
final class Recorder implements Consumer<SpikeBatch> {
    int count;
    int[] electrodes = new int[1024];
    long[] times = new long[1024];
    float[] amplitudes = new float[1024];
    private long lastTime = Long.MIN_VALUE;

    @Override
    public void accept(SpikeBatch batch) {
        for (int i = 0; i < batch.count(); i++) {
            if (count == electrodes.length) {
                electrodes = Arrays.copyOf(electrodes, count * 2);
                times = Arrays.copyOf(times, count * 2);
                amplitudes = Arrays.copyOf(amplitudes, count * 2);
            }
            if (batch.timesMicros()[i] < lastTime) throw new AssertionError("events out of time order");
            lastTime = batch.timesMicros()[i];
            electrodes[count] = batch.electrodes()[i];
            times[count] = batch.timesMicros()[i];
            amplitudes[count] = batch.amplitudesMicrovolts()[i];
            count++;
        }
    }

    /** Events on electrodes [firstElectrode, firstElectrode + electrodes) with time in [from, to). */
    int count(int firstElectrode, int electrodeCount, long fromMicros, long toMicros) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (times[i] >= fromMicros && times[i] < toMicros && electrodes[i] >= firstElectrode
                    && electrodes[i] < firstElectrode + electrodeCount) {
                n++;
            }
        }
        return n;
    }

    int countOrganoid(int organoid, long fromMicros, long toMicros) {
        return count(organoid * 8, 8, fromMicros, toMicros);
    }

    long[] signature() {
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = times[i] * 31 + electrodes[i] * 7L + Float.floatToIntBits(amplitudes[i]);
        }
        return s;
    }
}
