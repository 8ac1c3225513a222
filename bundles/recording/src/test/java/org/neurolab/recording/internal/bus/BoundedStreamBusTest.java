package org.neurolab.recording.internal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.stream.MissedReport;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StreamSubscriber;
import org.neurolab.recording.stream.Subscription;
import org.neurolab.recording.stream.SubscriptionOptions;
import org.neurolab.recording.stream.TraceBlock;

class BoundedStreamBusTest {
    static SpikeEvents batch(long t, int n) {
        int[] e = new int[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) times[i] = t + i;
        return new SpikeEvents("m", n, e, times, new long[n], new float[n], 0, 0, new float[0]);
    }

    @Test
    void a_slow_subscriber_never_blocks_publishing_and_its_losses_are_counted_and_reported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong slowSeen = new AtomicLong();
        List<MissedReport> reports = new CopyOnWriteArrayList<>();
        AtomicLong fastSeen = new AtomicLong();
        try (BoundedStreamBus bus = new BoundedStreamBus()) {
            Subscription slow = bus.subscribe(new StreamSubscriber() {
                @Override
                public void onSpikes(SpikeEvents s) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    slowSeen.addAndGet(s.count());
                }

                @Override
                public void onMissed(MissedReport m) {
                    reports.add(m);
                }
            }, SubscriptionOptions.of("slow").withBuffer(8));
            Subscription fast = bus.subscribe(s -> fastSeen.addAndGet(s.count()), SubscriptionOptions.of("fast").withBuffer(100_000));

            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) bus.publishSpikes(batch(i * 10L, 10));
            long publishMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(publishMillis < 5_000, "publishing did not wait for the slow subscriber: " + publishMillis + " ms");

            release.countDown();
            bus.publishSpikes(batch(1_000_000, 10)); // one more, so the slow one hears of its losses
            long deadline = System.currentTimeMillis() + 10_000;
            while ((fastSeen.get() < 100_010 || slowSeen.get() + slow.missedSpikes() < 100_010) && System.currentTimeMillis() < deadline) Thread.sleep(10);

            assertEquals(100_010, fastSeen.get(), "the fast subscriber got everything");
            assertEquals(0, fast.missedBatches());
            assertTrue(slow.missedBatches() > 9_000, "missed: " + slow.missedBatches());
            assertEquals(100_010, slowSeen.get() + slow.missedSpikes(), "every spike is either delivered or counted as missed");
            assertEquals(slow.missedBatches(), reports.stream().mapToLong(MissedReport::batches).sum(), "and the subscriber was told");
            assertEquals(slow.missedSpikes(), reports.stream().mapToLong(MissedReport::spikes).sum());
        }
    }

    @Test
    void lost_trace_blocks_are_counted_apart_from_lost_spikes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<MissedReport> reports = new CopyOnWriteArrayList<>();
        try (BoundedStreamBus bus = new BoundedStreamBus()) {
            Subscription viewer = bus.subscribe(new StreamSubscriber() {
                @Override
                public void onSpikes(SpikeEvents s) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onMissed(MissedReport m) {
                    reports.add(m);
                }
            }, SubscriptionOptions.of("viewer").withTraces(1_000).withBuffer(1));
            bus.publishSpikes(batch(0, 5)); // taken by the delivery thread, which then waits
            Thread.sleep(200);
            bus.publishSpikes(batch(10, 5)); // fills the buffer of one
            for (int i = 0; i < 3; i++) bus.publishRaw(new RawSampleBlock("m", i * 60L, i * 2_000L, 30_000, 2, 60, new float[120]));
            bus.publishSpikes(batch(20, 7));
            assertEquals(3, viewer.missedTraceBlocks());
            assertEquals(7, viewer.missedSpikes(), "trace blocks lose samples, not spikes");
            assertEquals(4, viewer.missedBatches());
            release.countDown();
            long deadline = System.currentTimeMillis() + 5_000;
            while (((BoundedStreamBus.Backlog) viewer).backlog() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            bus.publishSpikes(batch(30, 1)); // room again: delivered, with the report of what was lost before
            while (reports.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertEquals(3, reports.get(0).traceBlocks());
            assertEquals(7, reports.get(0).spikes());
        }
    }

    @Test
    void traces_are_downsampled_for_subscribers_that_ask() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        TraceBlock[] seen = new TraceBlock[1];
        try (BoundedStreamBus bus = new BoundedStreamBus()) {
            bus.subscribe(new StreamSubscriber() {
                @Override
                public void onSpikes(SpikeEvents s) {
                }

                @Override
                public void onTrace(TraceBlock t) {
                    seen[0] = t;
                    got.countDown();
                }
            }, SubscriptionOptions.of("viewer").withTraces(1_000));
            float[] s = new float[2 * 60];
            for (int i = 0; i < 60; i++) {
                s[i] = i;
                s[60 + i] = 100;
            }
            bus.publishRaw(new RawSampleBlock("m", 0, 0, 30_000, 2, 60, s));
            assertTrue(got.await(5, TimeUnit.SECONDS));
            assertEquals(1_000, seen[0].sampleRateHz());
            assertEquals(2, seen[0].sampleCount());
            assertEquals(14.5f, seen[0].samplesMicrovolts()[0]);
            assertEquals(100f, seen[0].samplesMicrovolts()[2]);
        }
    }
}
