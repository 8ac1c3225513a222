package org.neurolab.driver.intan.internal.rhx;

/**
 * The byte layout of RHX's waveform data stream, as its TCP data output thread writes it (little-endian): each data
 * block is the magic number {@code 0x2ef07a08} and {@value #FRAMES_PER_BLOCK} frames; a frame is a signed 32-bit
 * timestamp (the controller's sample counter) and, for every channel enabled for TCP output in RHX's channel order, one
 * 16-bit word per enabled band (here: the wideband sample, then the stimulation word when the stim band is on).
 *
 * @param channels  amplifier channels enabled for output
 * @param withStim  whether each channel also carries its stimulation word ({@code TCPDataOutputEnabledStim})
 */
public record WaveformLayout(int channels, boolean withStim) {
    public static final int MAGIC = 0x2ef07a08;
    public static final int FRAMES_PER_BLOCK = 128;
    /** Wideband words are offset binary, 0.195 µV per step (RHX's amplifier scale). */
    public static final double MICROVOLTS_PER_BIT = 0.195;
    public static final int OFFSET = 32768;
    /** Stimulation word: bits 0-7 the current in steps while a phase runs, bit 8 negative, 13 amp settle, 14 charge recovery, 15 compliance limit. */
    public static final int STIM_MAGNITUDE_MASK = 0xff;
    public static final int STIM_NEGATIVE = 1 << 8;
    public static final int STIM_COMPLIANCE_LIMIT = 1 << 15;

    public WaveformLayout {
        if (channels <= 0) throw new IllegalArgumentException("a waveform stream needs at least one channel");
    }

    public int wordsPerChannel() {
        return withStim ? 2 : 1;
    }

    public int bytesPerFrame() {
        return 4 + 2 * channels * wordsPerChannel();
    }

    public int bytesPerBlock() {
        return 4 + FRAMES_PER_BLOCK * bytesPerFrame();
    }
}
