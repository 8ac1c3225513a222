package org.neurolab.recording.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.testsupport.ManualLabClock;

/** Recordings running at once on one array, sharing one bus: each holds each of its events exactly once. */
class RecorderTest {
    @TempDir
    Path dir;

    @Test
    void three_recordings_at_once_each_store_every_spike_and_stimulation_once() throws Exception {
        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("rec")), "", ""); BoundedStreamBus bus = new BoundedStreamBus()) {
            ManualLabClock clock = new ManualLabClock();
            long[] ids = new long[3];
            Recorder[] recorders = new Recorder[3];
            for (int k = 0; k < 3; k++) {
                ids[k] = store.createRecording(0, 0, List.of("sim/mea0"), List.of("sim/mea0-o0"), false, RecordingProvenance.none(), "");
                // the array's driver detects spikes: its events are what every recording stores (one signal path)
                recorders[k] = new Recorder(ids[k], store, bus, Map.of("sim/mea0", 32), Map.of(),
                        (m, e) -> e < 8 ? "sim/mea0-o0" : null, null, 10, null, clock);
            }
            int batches = 200, perBatch = 16, stims = 50;
            for (int b = 0; b < batches; b++) {
                int[] e = new int[perBatch];
                long[] t = new long[perBatch];
                float[] a = new float[perBatch];
                for (int i = 0; i < perBatch; i++) {
                    e[i] = i % 16; // half on o0's electrodes (0-7), half on another culture's (8-15)
                    t[i] = b * 10_000L + i * 100;
                    a[i] = -60;
                }
                SpikeBatch batch = new SpikeBatch("sim/mea0", perBatch, e, t, a);
                for (Recorder r : recorders) r.onDriverSpikes(batch); // every recording's listener gets the array's batch
                if (b % (batches / stims) == 0)
                    for (Recorder r : recorders) // the journal hands each stimulation to every recording of the array once
                        r.onStimulation("sim/mea0", b * 10_000L + 5_000, new int[]{1}, 10f, 200, 1, 0, 400, "cmd-" + b, "alice/research", true);
                if (b % 20 == 0) Thread.sleep(5); // let the writers commit in between
            }
            for (int k = 0; k < 3; k++) {
                recorders[k].close();
                RecordingStatus s = recorders[k].status();
                long spikes = store.countSpikes(SpikeQuery.of(ids[k], 0, Long.MAX_VALUE));
                List<StoredStimulation> st = store.stimulations(ids[k], 0, Long.MAX_VALUE);
                assertEquals(batches * perBatch / 2, spikes, "recording " + k + ": each of its culture's spikes once (the other culture's not at all)");
                assertEquals(stims, st.size(), "recording " + k + ": each stimulation once");
                assertEquals(stims, st.stream().map(StoredStimulation::commandId).distinct().count());
                assertEquals(spikes, s.acknowledged().spikes(), "what it says it acknowledged is what it holds");
                assertEquals(stims, s.acknowledged().stimulations());
                assertEquals(0, s.inFlightSpikes() + s.inFlightStimulations(), "nothing in flight after stop");
                assertEquals(spikes, store.recording(ids[k]).orElseThrow().acknowledged().spikes(), "the store's count agrees");
            }
        }
    }

    @Test
    void of_two_recordings_of_one_array_only_the_one_named_puts_its_spikes_on_the_live_bus() throws Exception {
        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("live")), "", ""); BoundedStreamBus bus = new BoundedStreamBus()) {
            java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong();
            bus.subscribe(spikes -> live.addAndGet(spikes.count()), org.neurolab.recording.stream.SubscriptionOptions.of("live view"));
            Recorder[] two = new Recorder[2];
            for (int k = 0; k < 2; k++) {
                long id = store.createRecording(0, 0, List.of("sim/mea0"), List.of("sim/mea0-o0"), false, RecordingProvenance.none(), "");
                two[k] = new Recorder(id, store, bus, Map.of("sim/mea0", 32), Map.of(), (m, e) -> "sim/mea0-o0", null, 10, null, null);
            }
            two[0].publishLive("sim/mea0", true, false);
            SpikeBatch batch = new SpikeBatch("sim/mea0", 3, new int[]{0, 1, 2}, new long[]{10, 20, 30}, new float[]{-60, -60, -60});
            for (Recorder r : two) r.onDriverSpikes(batch);
            long deadline = System.currentTimeMillis() + 5_000;
            while (live.get() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(10);
            Thread.sleep(100); // a second copy would arrive as fast as the first
            assertEquals(3, live.get(), "each spike once on the live bus");
            for (Recorder r : two) r.close();
            for (Recorder r : two) assertEquals(3, r.status().acknowledged().spikes(), "and stored by both recordings");
        }
    }

    @Test
    void gaps_are_stored_and_completeness_follows_the_lowest_watermark() throws Exception {
        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("rec")), "", ""); BoundedStreamBus bus = new BoundedStreamBus()) {
            ManualLabClock clock = new ManualLabClock();
            clock.set(10_000_000);
            long id = store.createRecording(0, 0, List.of("sim/mea0", "sim/mea1"), List.of("sim/mea0-o0"), false, RecordingProvenance.none(), "");
            Recorder r = new Recorder(id, store, bus, Map.of("sim/mea0", 32, "sim/mea1", 32), Map.of(),
                    (m, e) -> "sim/mea0-o0", null, 10_000, null, clock);
            r.onWatermark("sim/mea0", 4_000_000);
            r.onWatermark("sim/mea1", 6_000_000);
            r.onGap("sim/mea0", 2_000_000, 3_000_000, "model time shed");
            r.onGap("sim/mea9", 2_000_000, 3_000_000, "not recorded here");
            r.onDriverSpikes(new SpikeBatch("sim/mea0", 1, new int[]{1}, new long[]{3_500_000}, new float[]{-60}));
            assertEquals(1, r.status().gaps());
            assertEquals(null, r.status().completeUpToMicros(), "nothing committed yet");
            r.flush();
            assertEquals(4_000_000L, r.status().completeUpToMicros(), "the lowest watermark of its arrays");
            assertEquals(List.of(new org.neurolab.recording.RecordingGap("sim/mea0", 2_000_000, 3_000_000, "model time shed")),
                    store.gaps(id, 0, Long.MAX_VALUE), "committed with the data; an array it does not record is not its gap");
            r.onWatermark("sim/mea0", 3_000_000); // stale: watermarks never go back
            r.onWatermark("sim/mea0", 8_000_000);
            r.flush(); // nothing pending: complete in memory at once
            assertEquals(6_000_000L, r.status().completeUpToMicros());
            r.close();
            assertEquals(6_000_000L, store.recording(id).orElseThrow().completeUpToMicros(), "stored by the last commit");
        }
    }
}
