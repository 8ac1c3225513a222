package org.neurolab.scripting.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.testsupport.ManualLabClock;

/** The closed-loop bench's split of spike → applied into its parts, on a hand-driven clock and chunks. */
class RigClosedLoopProbeTest {
    private static SpikeBatch spike(long t) {
        return new SpikeBatch("sim/mea0", 1, new int[] {3}, new long[] {t}, new float[] {-60f});
    }

    @Test
    void a_command_pairs_with_the_oldest_chunk_it_answers_and_chunks_outside_the_window_do_not_count() {
        ManualLabClock clock = new ManualLabClock();
        RigClosedLoopBench.Probe p = new RigClosedLoopBench.Probe(clock);
        // before the script listens: a chunk nobody answers
        p.onSpikes(spike(500));
        p.onWatermark("sim/mea0", 1_000);
        p.reset();
        // chunk [10 ms, 11 ms): spike at 10.2 ms, delivered when the lab clock is at 11.5 ms
        p.onSpikes(spike(10_200));
        clock.set(11_500);
        p.onWatermark("sim/mea0", 11_000);
        // a second chunk before the answer: coalesced into the same callback
        p.onSpikes(spike(11_400));
        clock.set(12_300);
        p.onWatermark("sim/mea0", 12_000);
        // the command reaches the driver with the data at 12 ms, applied at 13 ms (the rig was computing)
        p.stimulated(12_600, 12_000, 13_000);
        // a chunk answered before its watermark came: the model had not run on
        p.onSpikes(spike(20_100));
        p.stimulated(20_900, 20_000, 21_000);
        p.onWatermark("sim/mea0", 21_000);

        String f = p.figures(5_000, 30_000);
        assertTrue(f.contains("chunks_with_spikes=3 "), f);
        assertTrue(f.contains("commands=2 "), f);
        assertTrue(f.contains("spike_to_delivered_p99_ms=0.900 "), f);   // 21.0 - 20.1
        assertTrue(f.contains("ran_on_p99_ms=1.000 "), f);               // data 12 ms - chunk end 11 ms
        assertTrue(f.contains("ran_on_p50_ms=0.000 "), f);               // answered before its end was known
        assertTrue(f.contains("paired_spike_to_applied_p99_ms=2.800"), f); // 13.0 - 10.2
        assertTrue(f.contains("applied_after_data_p99_ms=1.000 "), f);
        assertTrue(f.contains("delivery_lag_p99_ms=0.500 "), f);         // 11.5 - 11.0

        String early = p.figures(0, 15_000); // only the first command's chunk
        assertTrue(early.contains("commands=1 "), early);
        assertTrue(early.contains("paired_spike_to_applied_p50_ms=2.800"), early);
    }
}
