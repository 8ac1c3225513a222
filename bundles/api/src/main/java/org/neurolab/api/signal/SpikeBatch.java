package org.neurolab.api.signal;

import java.util.Arrays;
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
 * @param snippetLength        samples of waveform per spike (0 when the source kept none, e.g. a simulator's events)
 * @param snippetPreSamples    samples of each waveform before the peak
 * @param snippets             {@code count × snippetLength} waveform samples in µV, spike after spike
 */
public record SpikeBatch(String meaId, int count, int[] electrodes, long[] timesMicros, float[] amplitudesMicrovolts,
                         int snippetLength, int snippetPreSamples, float[] snippets) {
    private static final float[] NONE = new float[0];

    public SpikeBatch {
        Ids.require(meaId, "MEA id");
        if (count < 0 || count > electrodes.length || count > timesMicros.length || count > amplitudesMicrovolts.length)
            throw new IllegalArgumentException("spike batch count " + count + " does not fit its arrays ("
                    + electrodes.length + ", " + timesMicros.length + ", " + amplitudesMicrovolts.length + ")");
        if (snippetLength < 0 || snippetPreSamples < 0 || (snippetLength > 0 && snippetPreSamples >= snippetLength)
                || (long) count * snippetLength > snippets.length)
            throw new IllegalArgumentException("spike batch snippets (" + snippetLength + " samples, " + snippetPreSamples + " before the peak) do not fit "
                    + snippets.length + " values for " + count + " spikes");
    }

    /** Spikes without waveforms (a driver's own events). */
    public SpikeBatch(String meaId, int count, int[] electrodes, long[] timesMicros, float[] amplitudesMicrovolts) {
        this(meaId, count, electrodes, timesMicros, amplitudesMicrovolts, 0, 0, NONE);
    }

    public SpikeEvent event(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("spike " + i + " of " + count);
        return new SpikeEvent(meaId, electrodes[i], timesMicros[i], amplitudesMicrovolts[i]);
    }

    public boolean hasSnippets() {
        return snippetLength > 0;
    }

    /** The waveform of spike {@code i} (a copy); empty when the batch has none. */
    public float[] snippet(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("spike " + i + " of " + count);
        return Arrays.copyOfRange(snippets, i * snippetLength, (i + 1) * snippetLength);
    }

    /** A copy whose arrays are exactly {@code count} long, safe to keep. */
    public SpikeBatch copy() {
        return new SpikeBatch(meaId, count, Arrays.copyOf(electrodes, count), Arrays.copyOf(timesMicros, count),
                Arrays.copyOf(amplitudesMicrovolts, count), snippetLength, snippetPreSamples, Arrays.copyOf(snippets, count * snippetLength));
    }
}
