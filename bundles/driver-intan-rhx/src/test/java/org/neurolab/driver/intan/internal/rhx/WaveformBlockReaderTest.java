package org.neurolab.driver.intan.internal.rhx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Block framing, decoding and resynchronisation on hand-made byte streams. */
@Timeout(10)
class WaveformBlockReaderTest {
    private static final WaveformLayout TWO_WITH_STIM = new WaveformLayout(2, true);

    /** A block of two channels: channel 0 at {@code raw0}, channel 1 at {@code raw1}, stimulation on channel 1 from frame {@code stimFrom}. */
    static byte[] block(int firstTimestamp, int raw0, int raw1, int stimFrom) {
        ByteBuffer b = ByteBuffer.allocate(TWO_WITH_STIM.bytesPerBlock()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(WaveformLayout.MAGIC);
        for (int f = 0; f < 128; f++) {
            b.putInt(firstTimestamp + f);
            b.putShort((short) raw0).putShort((short) 0);
            b.putShort((short) raw1).putShort((short) (stimFrom >= 0 && f >= stimFrom ? (1 << 8) | 20 : 0));
        }
        return b.array();
    }

    private static WaveformBlockReader reader(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return new WaveformBlockReader(new ByteArrayInputStream(out.toByteArray()), TWO_WITH_STIM, new int[] {1, 0});
    }

    @Test
    void decodes_offset_binary_into_microvolts_in_electrode_rows_and_finds_the_stimulation() throws Exception {
        WaveformBlock b = reader(block(1000, 32768 + 100, 32768 - 1000, 40)).next();
        assertEquals(1000, b.firstTimestamp());
        assertEquals(-195.0, b.microvolts()[0 * 128 + 5], 1e-3, "stream channel 1 goes to row 0");
        assertEquals(19.5, b.microvolts()[1 * 128 + 5], 1e-3, "stream channel 0 goes to row 1");
        assertEquals(-1, b.firstStimFrame()[0]);
        assertEquals(40, b.firstStimFrame()[1]);
    }

    @Test
    void a_corrupted_block_is_skipped_and_counted_and_the_next_one_read() throws Exception {
        byte[] bad = block(128, 32768, 32768, -1);
        bad[0] ^= 0x11;
        WaveformBlockReader r = reader(block(0, 32768, 32768, -1), bad, block(256, 32768, 32768, -1));
        assertEquals(0, r.next().firstTimestamp());
        assertEquals(256, r.next().firstTimestamp());
        assertEquals(1, r.malformedBlocks());
    }

    @Test
    void a_truncated_block_is_skipped_even_though_it_starts_well() throws Exception {
        byte[] whole = block(128, 32768, 32768, -1);
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2 + 3);
        WaveformBlockReader r = reader(block(0, 32768, 32768, -1), half, block(256, 1, 2, -1), block(384, 1, 2, -1));
        assertEquals(0, r.next().firstTimestamp());
        assertEquals(256, r.next().firstTimestamp());
        assertEquals(384, r.next().firstTimestamp());
        assertEquals(1, r.malformedBlocks());
        assertTrue(r.skippedBytes() >= half.length - 4);
    }

    @Test
    void stray_bytes_between_blocks_are_skipped() throws Exception {
        WaveformBlockReader r = reader(new byte[] {1, 2, 3, 4, 5, 6, 7}, block(0, 32768, 32768, -1));
        assertEquals(0, r.next().firstTimestamp());
        assertEquals(1, r.malformedBlocks());
        assertEquals(7, r.skippedBytes());
    }

    @Test
    void a_stream_that_ends_in_the_middle_of_a_block_says_so() throws Exception {
        byte[] whole = block(0, 32768, 32768, -1);
        WaveformBlockReader r = reader(java.util.Arrays.copyOf(whole, 600));
        EOFException e = assertThrows(EOFException.class, r::next);
        assertTrue(e.getMessage().contains("middle of a block"), e.getMessage());
    }
}
