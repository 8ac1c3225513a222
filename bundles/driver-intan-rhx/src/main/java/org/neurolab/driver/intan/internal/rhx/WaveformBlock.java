package org.neurolab.driver.intan.internal.rhx;

/**
 * One data block of the waveform stream, decoded.
 *
 * @param firstTimestamp  the controller's sample counter at the block's first frame (consecutive within the block)
 * @param microvolts      the wideband samples in µV, target-channel-major: {@code [target * FRAMES_PER_BLOCK + frame]}
 * @param firstStimFrame  per stream channel, the first frame in which a stimulation phase runs, or -1
 * @param complianceLimit whether any channel hit its compliance limit during the block
 */
public record WaveformBlock(int firstTimestamp, float[] microvolts, int[] firstStimFrame, boolean complianceLimit) {
    public int frames() {
        return WaveformLayout.FRAMES_PER_BLOCK;
    }
}
