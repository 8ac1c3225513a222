package org.neurolab.api.signal;

import org.neurolab.api.lab.Ids;

/**
 * Spikes of one array in time order, as parallel primitive arrays: the signal path moves thousands of
 * spikes a second and must not allocate an object for each. Receivers must not modify the arrays; a
 * receiver that keeps a batch past its callback must copy it.
 *
 * @param meaId                the array
 * @param count                how many entries of the arrays are valid
 * @param electrodes           electrode index per spike
 * @param timesMicros          lab time per spike, non-decreasing
 * @param amplitudesMicrovolts peak voltage per spike
 */
public record SpikeBatch(String meaId, int count, int[] electrodes, long[] timesMicros, float[] amplitudesMicrovolts) {
    public SpikeBatch {
        Ids.require(meaId, "MEA id");
        if (count < 0 || count > electrodes.length || count > timesMicros.length || count > amplitudesMicrovolts.length)
            throw new IllegalArgumentException("spike batch count " + count + " does not fit its arrays ("
                    + electrodes.length + ", " + timesMicros.length + ", " + amplitudesMicrovolts.length + ")");
    }

    public SpikeEvent event(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("spike " + i + " of " + count);
        return new SpikeEvent(meaId, electrodes[i], timesMicros[i], amplitudesMicrovolts[i]);
    }

    /** A copy whose arrays are exactly {@code count} long, safe to keep. */
    public SpikeBatch copy() {
        return new SpikeBatch(meaId, count, java.util.Arrays.copyOf(electrodes, count), java.util.Arrays.copyOf(timesMicros, count),
                java.util.Arrays.copyOf(amplitudesMicrovolts, count));
    }
}
