package org.neurolab.recording.stream;

import java.util.Arrays;

/**
 * Detected spikes of one array, in time order, as parallel primitive arrays. Receivers must not modify them.
 *
 * @param meaId                the array
 * @param count                valid entries
 * @param electrodes           electrode per spike
 * @param timesMicros          lab time of the peak
 * @param sampleIndices        sample index of the peak since acquisition start
 * @param amplitudesMicrovolts peak voltage
 * @param snippetLength        samples per snippet (0 when the source had no raw trace)
 * @param snippetPreSamples    samples of each snippet before the peak
 * @param snippets             count × snippetLength waveform samples in µV, spike after spike
 */
public record SpikeEvents(String meaId, int count, int[] electrodes, long[] timesMicros, long[] sampleIndices, float[] amplitudesMicrovolts,
                          int snippetLength, int snippetPreSamples, float[] snippets) {
    public SpikeEvents {
        if (meaId == null || meaId.isBlank()) throw new IllegalArgumentException("spike events need an MEA id");
        if (count < 0 || count > electrodes.length || count > timesMicros.length || count > sampleIndices.length
                || count > amplitudesMicrovolts.length || (long) count * snippetLength > snippets.length)
            throw new IllegalArgumentException("spike events count " + count + " does not fit its arrays");
    }

    public static SpikeEvents empty(String meaId) {
        return new SpikeEvents(meaId, 0, new int[0], new long[0], new long[0], new float[0], 0, 0, new float[0]);
    }

    /** The waveform of spike {@code i} (a copy). */
    public float[] snippet(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("spike " + i + " of " + count);
        return Arrays.copyOfRange(snippets, i * snippetLength, (i + 1) * snippetLength);
    }
}
