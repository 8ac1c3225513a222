package org.neurolab.api.signal;

import org.neurolab.api.lab.Ids;

/**
 * A block of raw voltage samples from every electrode of one array, channel after channel
 * (samples of channel c are at {@code c * sampleCount .. (c+1) * sampleCount - 1}).
 *
 * @param meaId             the array
 * @param firstSampleIndex  index of the first sample since acquisition start; consecutive blocks continue it
 * @param startMicros       lab time of the first sample
 * @param sampleRateHz      samples per second per channel
 * @param channelCount      channels in the block
 * @param sampleCount       samples per channel
 * @param samplesMicrovolts channelCount × sampleCount values in µV
 */
public record RawSampleBlock(String meaId, long firstSampleIndex, long startMicros, int sampleRateHz, int channelCount, int sampleCount,
                             float[] samplesMicrovolts) {
    public RawSampleBlock {
        Ids.require(meaId, "MEA id");
        if (firstSampleIndex < 0) throw new IllegalArgumentException("first sample index must be >= 0");
        if (sampleRateHz <= 0) throw new IllegalArgumentException("sample rate must be > 0 Hz, was " + sampleRateHz);
        if (channelCount <= 0 || sampleCount <= 0)
            throw new IllegalArgumentException("a block needs >= 1 channel and >= 1 sample, was " + channelCount + " × " + sampleCount);
        if ((long) channelCount * sampleCount != samplesMicrovolts.length)
            throw new IllegalArgumentException("block of " + channelCount + " channels × " + sampleCount + " samples carries "
                    + samplesMicrovolts.length + " values");
    }

    public float sample(int channel, int i) {
        return samplesMicrovolts[channel * sampleCount + i];
    }

    /** Lab time just after the last sample. */
    public long endMicros() {
        return startMicros + sampleCount * 1_000_000L / sampleRateHz;
    }
}
