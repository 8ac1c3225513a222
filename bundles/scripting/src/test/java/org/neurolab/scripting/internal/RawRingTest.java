package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.RawSampleBlock;

class RawRingTest {
    /** 4 channels at 10 kHz, 10 samples per block (1 ms); sample value = channel × 1000 + global index. */
    static RawSampleBlock block(long firstIndex) {
        float[] v = new float[4 * 10];
        for (int c = 0; c < 4; c++) for (int i = 0; i < 10; i++) v[c * 10 + i] = c * 1000 + firstIndex + i;
        return new RawSampleBlock("m", firstIndex, 5_000 + firstIndex * 100, 10_000, 4, 10, v);
    }

    @Test
    void snippets_come_from_the_right_electrode_and_time_and_old_samples_are_overwritten() {
        RawRing ring = new RawRing(List.of(1, 3), 3_000, 1_000); // 3 ms kept = 31 samples at 10 kHz
        for (long k = 0; k < 10; k++) ring.add(block(k * 10)); // samples 0..99, lab time 5 ms .. 15 ms
        RawRing.Snippet s = ring.snippet(3, 14_000, 500); // 5 samples from index 90
        assertEquals(14_000, s.startMicros());
        assertEquals(10_000, s.sampleRateHz());
        assertArrayEquals(new float[] {3090, 3091, 3092, 3093, 3094}, s.microvolts());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ring.snippet(1, 6_000, 500)).getMessage().contains("not kept"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ring.snippet(2, 14_000, 500)).getMessage().contains("not under this culture"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ring.snippet(1, 14_900, 500)).getMessage().contains("not kept"), "the future is not kept either");
    }

    @Test
    void nothing_before_the_first_block() {
        assertThrows(IllegalStateException.class, () -> new RawRing(List.of(0), 1_000, 100).snippet(0, 0, 100));
    }
}
