package org.neurolab.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseTrain;
import org.junit.jupiter.api.Test;

/**
 * Closed-loop lockstep on a paced rig: a chunk whose spikes a listener is still answering waits (bounded) for the
 * answer, so the stimulation starts where the spikes' data ends; free-running, the model runs on meanwhile.
 */
class ClosedLoopHoldTest {
    private static final PulseTrain PULSE = PulseTrain.single(Pulse.biphasic(Polarity.CATHODIC_FIRST, 1, 100, 0));
    /** Wall time the answering thread takes, on purpose: far more than a chunk, far less than the test's hold. */
    private static final long ANSWER_NANOS = 6_000_000;

    /** Answers every chunk with spikes from another thread, as a script's callback does, and says while it is answering. */
    private static final class SlowAnswer implements SignalListener {
        final BlockingQueue<Long> chunks = new ArrayBlockingQueue<>(10_000);
        volatile boolean answering;
        volatile long watermark = Long.MIN_VALUE;
        long newestSpike = Long.MIN_VALUE;

        @Override
        public void onSpikes(SpikeBatch b) {
            for (int i = 0; i < b.count(); i++) newestSpike = Math.max(newestSpike, b.timesMicros()[i]);
            answering = true; // before the chunk's watermark: the rig asks after delivering it
        }

        @Override
        public void onWatermark(String meaId, long t) {
            watermark = t;
            if (answering && newestSpike != Long.MIN_VALUE && !chunks.offer(newestSpike)) answering = false;
            newestSpike = Long.MIN_VALUE;
        }

        @Override
        public boolean answering() {
            return answering;
        }
    }

    /** Spike → applied (lab µs) of up to {@code n} answers, each given {@link #ANSWER_NANOS} after its chunk arrived. */
    private static List<Long> answer(double holdMillis, int n) throws Exception {
        PacedRigTest.RealClock lab = new PacedRigTest.RealClock();
        List<Long> latencies = new ArrayList<>();
        try (Rig rig = Rig.build(TestRigs.config(1, 300, "paced", 11, 2_000, 0, holdMillis), "t", lab)) {
            SimulatedMea mea = rig.meas.get(0);
            assertEquals(Math.round(holdMillis * 1000), mea.closedLoopHoldMicros(), "the array says how long it waits (scripts report it)");
            SlowAnswer loop = new SlowAnswer();
            mea.addSignalListener(loop, false);
            rig.startPacing();
            long give = System.nanoTime() + 60_000_000_000L;
            while (latencies.size() < n && System.nanoTime() < give) {
                Long spike = loop.chunks.poll(100, TimeUnit.MILLISECONDS);
                if (spike == null) continue;
                long until = System.nanoTime() + ANSWER_NANOS;
                while (System.nanoTime() < until) Thread.onSpinWait();
                long applied = mea.stimulate(List.of(3), PULSE);
                loop.chunks.clear(); // answered: the chunks that came meanwhile are this answer's too
                loop.answering = false;
                latencies.add(applied - spike);
            }
        }
        assertEquals(n, latencies.size(), "the culture fired too rarely to be answered " + n + " times in a minute");
        return latencies;
    }

    @Test
    void an_answer_within_the_hold_starts_where_the_spikes_data_ends() throws Exception {
        List<Long> held = answer(100, 15);
        long withinTheChunk = held.stream().filter(l -> l >= 0 && l <= SimulatedMea.CHUNK_MICROS).count();
        // a loaded machine may still run the pacer more than the hold behind lab time now and then (no hold then)
        assertTrue(withinTheChunk >= 12, "spike → applied (µs) with a 100 ms hold and 6 ms answers: " + held);
    }

    @Test
    void free_running_the_model_runs_on_while_the_answer_is_given() throws Exception {
        List<Long> free = answer(0, 15);
        long later = free.stream().filter(l -> l > 2 * SimulatedMea.CHUNK_MICROS).count();
        // a descheduled pacer may stand still as long as the answer takes, now and then
        assertTrue(later >= 12, "spike → applied (µs) free-running with 6 ms answers: " + free);
    }
}
