package org.neurolab.recording.stream;

/**
 * A downsampled raw trace (block means), channel after channel as in the raw blocks.
 *
 * @param meaId        the array
 * @param startMicros  lab time of the first sample
 * @param sampleRateHz samples per second per channel after downsampling
 * @param channelCount channels
 * @param sampleCount  samples per channel
 * @param samplesMicrovolts channelCount × sampleCount values
 */
public record TraceBlock(String meaId, long startMicros, int sampleRateHz, int channelCount, int sampleCount, float[] samplesMicrovolts) {
    public TraceBlock {
        if ((long) channelCount * sampleCount > samplesMicrovolts.length)
            throw new IllegalArgumentException("trace block of " + channelCount + " × " + sampleCount + " carries " + samplesMicrovolts.length);
    }
}
