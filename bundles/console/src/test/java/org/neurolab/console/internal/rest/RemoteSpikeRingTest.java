package org.neurolab.console.internal.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.SpikeBatch;

class RemoteSpikeRingTest {
    static SpikeBatch batch(long[] times, int[] electrodes) {
        return new SpikeBatch("sim/mea0", times.length, electrodes, times, new float[times.length]);
    }

    @Test
    void a_window_counts_what_is_in_it_and_how_much_of_it_is_a_gap() {
        RemoteSpikeRing ring = new RemoteSpikeRing(100, List.of(0, 1));
        ring.add(batch(new long[] {10, 20, 30, 40}, new int[] {0, 5, 1, 0}));
        ring.gap(25, 35, "simulation time shed");
        RemoteSpikeRing.Window w = ring.window(15, 45);
        assertArrayEquals(new long[] {30, 40}, w.timesMicros(), "electrode 5 is not the culture's");
        assertEquals(10, w.gapMicros());
        assertEquals("simulation time shed", w.gapReason());
        assertEquals(0, ring.window(0, 20).gapMicros());
        assertEquals("", ring.window(0, 20).gapReason());
    }

    @Test
    void a_wait_for_complete_data_ends_when_the_watermark_passes_and_is_bounded_otherwise() throws Exception {
        RemoteSpikeRing ring = new RemoteSpikeRing(100, List.of(0));
        assertEquals(Long.MIN_VALUE, ring.watermark());
        assertFalse(ring.awaitComplete(1_000, 20), "nothing reported: not complete");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ring.awaitComplete(1_000, 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ring.watermark(500);
        ring.watermark(1_000);
        assertTrue(waiting.get(30, TimeUnit.SECONDS));
        ring.watermark(700);
        assertEquals(1_000, ring.watermark(), "watermarks never go back");
    }

    @Test
    void a_complete_read_waits_for_a_spike_below_the_watermark() throws Exception {
        RemoteSpikeRing ring = new RemoteSpikeRing(100, List.of(0));
        ring.add(batch(new long[] {100}, new int[] {0}));
        long started = System.nanoTime();
        ring.awaitAfter(50, 200, true);
        assertTrue(System.nanoTime() - started >= 150_000_000L, "the spike at 100 µs is not complete yet: the read waited its bound");
        ring.watermark(101);
        started = System.nanoTime();
        ring.awaitAfter(50, 30_000, true);
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "complete now: no wait");
    }
}
