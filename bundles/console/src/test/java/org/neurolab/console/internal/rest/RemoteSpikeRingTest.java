package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.SpikeBatch;

/** A remote session's count window waits for its data's watermark, not just for the clock. */
class RemoteSpikeRingTest {
    @Test
    void a_window_is_complete_once_the_watermark_passes_its_end() throws Exception {
        RemoteSpikeRing ring = new RemoteSpikeRing(16, List.of(1, 2));
        ring.watermark(1_000);
        assertFalse(ring.awaitComplete(5_000, 50), "the watermark is short of the window's end: not complete after the wait");
        Thread late = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            ring.add(new SpikeBatch("m", 2, new int[]{1, 2}, new long[]{4_000, 4_500}, new float[]{-50, -60}));
            ring.watermark(6_000);
        });
        assertTrue(ring.awaitComplete(5_000, 30_000), "woken by the watermark");
        late.join();
        assertEquals(2, ring.window(0, 5_000).timesMicros().length, "the late spikes are in when it returns");
        ring.watermark(3_000); // never goes back
        assertEquals(6_000, ring.watermark());
    }

    @Test
    void a_driver_without_watermarks_is_read_as_its_data_comes() throws Exception {
        RemoteSpikeRing ring = new RemoteSpikeRing(16, List.of(1));
        assertTrue(ring.awaitComplete(Long.MAX_VALUE, 10_000), "no waiting for a watermark that will never come");
        assertEquals(Long.MIN_VALUE, ring.watermark());
    }
}
