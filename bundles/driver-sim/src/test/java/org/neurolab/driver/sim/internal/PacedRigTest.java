package org.neurolab.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.clock.LabClock;
import org.neurolab.api.driver.SignalListener;
import org.neurolab.api.signal.SpikeBatch;
import org.junit.jupiter.api.Test;

/** A paced rig on a real-time clock: its data trails lab time by a bounded, visible amount, never silently. */
class PacedRigTest {
    /** Real time starting at a large lab time, as a lab clock of a home started long ago would. */
    static final class RealClock implements LabClock {
        final long start = 5_000_000_000L;
        final long origin = System.nanoTime();

        @Override
        public long nowMicros() {
            return start + (System.nanoTime() - origin) / 1_000;
        }

        @Override
        public long epochMillis() {
            return 0;
        }

        @Override
        public boolean isVirtual() {
            return false;
        }

        @Override
        public void awaitMicros(long t) throws InterruptedException {
            while (nowMicros() < t) Thread.sleep(1);
        }
    }

    static final class Watch implements SignalListener {
        final AtomicLong watermark = new AtomicLong(Long.MIN_VALUE);
        final List<long[]> gaps = new CopyOnWriteArrayList<>();
        final AtomicLong spikes = new AtomicLong();
        volatile boolean backwards, spikeAheadOfWatermark, spikeInGap;

        @Override
        public void onSpikes(SpikeBatch b) {
            spikes.addAndGet(b.count());
            long wm = watermark.get();
            for (int i = 0; i < b.count(); i++) {
                if (wm != Long.MIN_VALUE && b.timesMicros()[i] < wm) spikeAheadOfWatermark = true; // must not come below a given watermark
                for (long[] g : gaps) if (b.timesMicros()[i] >= g[0] && b.timesMicros()[i] < g[1]) spikeInGap = true;
            }
        }

        @Override
        public void onWatermark(String meaId, long t) {
            if (t < watermark.get()) backwards = true;
            watermark.set(t);
        }

        @Override
        public void onGap(String meaId, long from, long to, String reason) {
            gaps.add(new long[] {from, to});
            assertTrue(reason.contains("behind"), reason);
        }
    }

    @Test
    void a_paced_rig_runs_on_the_labs_clock_and_its_watermark_follows_it() throws Exception {
        RealClock lab = new RealClock();
        try (Rig rig = Rig.build(TestRigs.config(1, 200, "paced", 3), "t", lab)) {
            Watch w = new Watch();
            rig.meas.get(0).addSignalListener(w, false);
            rig.startPacing();
            Thread.sleep(1_500);
            long lag = lab.nowMicros() - w.watermark.get();
            assertTrue(w.watermark.get() > lab.start, "data is on the lab's time base, not from 0");
            assertTrue(lag >= 0 && lag < 1_000_000, "a small model keeps up: lag " + lag + " µs");
            assertTrue(w.spikes.get() > 0, "the culture fires");
            assertTrue(!w.backwards && !w.spikeAheadOfWatermark, "watermarks only grow; no spike arrives below one");
        }
    }

    @Test
    void a_rig_that_cannot_keep_up_sheds_model_time_as_counted_gaps_and_its_lag_stays_bounded() throws Exception {
        RealClock lab = new RealClock();
        // at most 0.3 × real time, and at most 300 ms behind: it must shed about 0.7 s every second
        try (Rig rig = Rig.build(TestRigs.config(1, 200, "paced", 3, 300, 0.3), "t", lab)) {
            Watch w = new Watch();
            rig.meas.get(0).addSignalListener(w, false);
            rig.startPacing();
            long maxLag = 0;
            for (int i = 0; i < 30; i++) {
                Thread.sleep(100);
                if (w.watermark.get() != Long.MIN_VALUE) maxLag = Math.max(maxLag, lab.nowMicros() - w.watermark.get());
            }
            assertTrue(!w.gaps.isEmpty(), "the rig shed time and said so");
            long shed = w.gaps.stream().mapToLong(g -> g[1] - g[0]).sum();
            assertTrue(shed > 1_000_000, "about 0.7 s of each second of 3 s is shed, was " + shed + " µs");
            assertTrue(maxLag < 300_000 + 400_000, "lag is bounded by maxLagMillis plus one pacing step, was " + maxLag + " µs");
            assertTrue(!w.backwards && !w.spikeInGap, "no spike lies in a gap; watermarks only grow");
            for (int i = 1; i < w.gaps.size(); i++) assertTrue(w.gaps.get(i)[0] >= w.gaps.get(i - 1)[1], "gaps do not overlap");
            assertEquals(w.gaps.get(w.gaps.size() - 1)[1] <= w.watermark.get(), true, "the watermark moves past each gap");
        }
    }
}
