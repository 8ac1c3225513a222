package org.neurolab.scripting.internal;

import java.util.List;
import org.neurolab.api.signal.RawSampleBlock;

/**
 * The last few seconds of raw samples of one culture's electrodes, in a fixed ring per electrode: a script asks for
 * snippets of it; the oldest samples are overwritten, memory never grows.
 */
final class RawRing {
    private final int[] electrodes;
    private final long windowMicros;
    private final int maxSamples;
    private float[][] rings;
    private int capacity;
    private long written = -1; // index (in the array's sample stream) just past the newest sample kept; -1 before the first block
    private long originIndex;
    private long originMicros;
    private int sampleRateHz;

    /** Keeps {@code windowMicros} per electrode, sized at the first block's rate, never more than {@code maxSamples} per electrode. */
    RawRing(List<Integer> electrodes, long windowMicros, int maxSamples) {
        this.electrodes = electrodes.stream().mapToInt(Integer::intValue).toArray();
        this.windowMicros = windowMicros;
        this.maxSamples = maxSamples;
    }

    synchronized void add(RawSampleBlock b) {
        if (written < 0 || b.sampleRateHz() != sampleRateHz || b.firstSampleIndex() != written) {
            // first block, or the stream restarted or skipped: start over, so time and sample index stay in step
            originIndex = b.firstSampleIndex();
            originMicros = b.startMicros();
            sampleRateHz = b.sampleRateHz();
            written = b.firstSampleIndex();
            capacity = (int) Math.min(maxSamples, Math.ceil(windowMicros * sampleRateHz / 1e6) + 1);
            rings = new float[electrodes.length][capacity];
        }
        for (int i = 0; i < b.sampleCount(); i++) {
            int slot = (int) ((written + i) % capacity);
            for (int k = 0; k < electrodes.length; k++)
                rings[k][slot] = electrodes[k] < b.channelCount() ? b.sample(electrodes[k], i) : 0f;
        }
        written += b.sampleCount();
    }

    /** Samples of one electrode from lab time {@code fromMicros}, {@code count} of them, µV. */
    synchronized Snippet snippet(int electrode, long fromMicros, long durationMicros) {
        int k = -1;
        for (int i = 0; i < electrodes.length; i++) if (electrodes[i] == electrode) k = i;
        if (k < 0) throw new IllegalArgumentException("electrode " + electrode + " is not under this culture (its electrodes: " + java.util.Arrays.toString(electrodes) + ")");
        if (written < 0) throw new IllegalStateException("no raw samples have arrived yet: wait some lab time after keepRaw");
        long first = originIndex + Math.round((fromMicros - originMicros) * sampleRateHz / 1e6);
        int count = (int) Math.max(1, Math.round(durationMicros * sampleRateHz / 1e6));
        long oldest = Math.max(originIndex, written - capacity);
        if (first < oldest || first + count > written)
            throw new IllegalArgumentException(String.format("raw samples from %.3f to %.3f ms are not kept; kept now: %.3f to %.3f ms",
                    fromMicros / 1000.0, (fromMicros + durationMicros) / 1000.0, micros(oldest) / 1000.0, micros(written) / 1000.0));
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = rings[k][(int) ((first + i) % capacity)];
        return new Snippet(micros(first), sampleRateHz, out);
    }

    private long micros(long sampleIndex) {
        return originMicros + Math.round((sampleIndex - originIndex) * 1e6 / sampleRateHz);
    }

    record Snippet(long startMicros, int sampleRateHz, float[] microvolts) {
    }
}
