package org.neurolab.driver.intan.internal.rhx;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts RHX's waveform stream into data blocks and decodes them. A block is taken only when it starts with the magic
 * number and its 128 timestamps follow one another; anything else (a corrupted or truncated block, bytes that are not
 * a block) is skipped up to the next magic number and counted, so one bad block costs its own samples, which the
 * caller sees as a jump in the timestamps, and never the stream.
 */
public final class WaveformBlockReader {
    private final InputStream in;
    private final WaveformLayout layout;
    private final int[] targetOfStreamChannel;
    private final int targets;
    private final byte[] buf;
    private int start, end;
    private boolean lost;
    private long malformedBlocks, skippedBytes;

    /**
     * @param targetOfStreamChannel for each channel of the stream (RHX's order), the row it goes to in
     *                              {@link WaveformBlock#microvolts()} (the array's electrode index)
     */
    public WaveformBlockReader(InputStream in, WaveformLayout layout, int[] targetOfStreamChannel) {
        if (targetOfStreamChannel.length != layout.channels())
            throw new IllegalArgumentException(targetOfStreamChannel.length + " targets for " + layout.channels() + " channels");
        this.in = in;
        this.layout = layout;
        this.targetOfStreamChannel = targetOfStreamChannel.clone();
        this.targets = Arrays.stream(targetOfStreamChannel).max().orElse(0) + 1;
        this.buf = new byte[2 * layout.bytesPerBlock() + 4096];
    }

    /** The next good block; blocks until one has arrived. @throws EOFException when the server closed the stream (also mid-block) */
    public WaveformBlock next() throws IOException {
        int blockBytes = layout.bytesPerBlock();
        while (true) {
            fill(4);
            if (int32(start) == WaveformLayout.MAGIC) {
                fill(blockBytes);
                if (timestampsFollowOneAnother(start)) {
                    if (lost) malformedBlocks++;
                    lost = false;
                    WaveformBlock b = decode(start);
                    start += blockBytes;
                    return b;
                }
                lost = true;
                start += 1;
                skippedBytes += 1;
                continue;
            }
            int at = findMagic(start);
            if (at >= 0) {
                lost = true;
                skippedBytes += at - start;
                start = at;
            } else {
                lost = true;
                int keep = Math.min(3, end - start);
                skippedBytes += end - start - keep;
                start = end - keep;
                fill(keep + 1);
            }
        }
    }

    /** Stretches of the stream that were not a good block, each counted once. */
    public long malformedBlocks() {
        return malformedBlocks + (lost ? 1 : 0);
    }

    public long skippedBytes() {
        return skippedBytes;
    }

    private boolean timestampsFollowOneAnother(int at) {
        int frame = layout.bytesPerFrame();
        int t0 = int32(at + 4);
        for (int i = 1; i < WaveformLayout.FRAMES_PER_BLOCK; i++) {
            if (int32(at + 4 + i * frame) != t0 + i) return false;
        }
        return true;
    }

    private WaveformBlock decode(int at) {
        int frames = WaveformLayout.FRAMES_PER_BLOCK, channels = layout.channels(), words = layout.wordsPerChannel(), frame = layout.bytesPerFrame();
        float[] uv = new float[targets * frames];
        int[] firstStim = new int[channels];
        Arrays.fill(firstStim, -1);
        boolean compliance = false;
        float scale = (float) WaveformLayout.MICROVOLTS_PER_BIT;
        for (int i = 0; i < frames; i++) {
            int p = at + 4 + i * frame + 4;
            for (int c = 0; c < channels; c++, p += 2 * words) {
                int wide = (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
                uv[targetOfStreamChannel[c] * frames + i] = (wide - WaveformLayout.OFFSET) * scale;
                if (words == 2) {
                    int stim = (buf[p + 2] & 0xff) | (buf[p + 3] & 0xff) << 8;
                    if ((stim & WaveformLayout.STIM_MAGNITUDE_MASK) != 0 && firstStim[c] < 0) firstStim[c] = i;
                    if ((stim & WaveformLayout.STIM_COMPLIANCE_LIMIT) != 0) compliance = true;
                }
            }
        }
        return new WaveformBlock(int32(at + 4), uv, firstStim, compliance);
    }

    private int findMagic(int from) {
        for (int i = from + 1; i + 4 <= end; i++) {
            if ((buf[i] & 0xff) == 0x08 && int32(i) == WaveformLayout.MAGIC) return i;
        }
        return -1;
    }

    private int int32(int at) {
        return (buf[at] & 0xff) | (buf[at + 1] & 0xff) << 8 | (buf[at + 2] & 0xff) << 16 | (buf[at + 3] & 0xff) << 24;
    }

    /** Makes at least {@code n} bytes available at {@code start}. */
    private void fill(int n) throws IOException {
        if (end - start >= n) return;
        if (start + n > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                throw new EOFException("RHX closed the waveform stream" + (end > start ? " in the middle of a block (" + (end - start) + " of "
                        + layout.bytesPerBlock() + " bytes)" : ""));
            }
            end += r;
        }
    }
}
