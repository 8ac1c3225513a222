package org.neurolab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neurolab.api.signal.DetectionSettings;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.control.internal.detect.MalformedBlockException;
import org.neurolab.control.internal.detect.SpikeDetector;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.RecordingStatus;
import org.neurolab.recording.internal.Recorder;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.store.Dialect;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.stream.SpikeEvents;

/**
 * {@code Bench recording [MEAS SECONDS] [--pg URL] [--raw]}: the signal path's throughput. Raw 30 kHz input of
 * MEAS arrays × 32 electrodes (default 40 = ten FinalSpark rigs) with spikes at ~5 Hz per electrode is pushed as
 * fast as two acquisition threads can through detection, the stream bus and storage (H2 file, then PostgreSQL
 * when reachable); reports samples/s and whether anything was dropped. Then the spike-event ingest rate of
 * each database (batched inserts with 3 ms snippets).
 */
final class RecordingBench {
    private RecordingBench() {
    }

    static void run(List<String> args) throws Exception {
        List<String> pos = new ArrayList<>();
        String pg = "jdbc:postgresql://127.0.0.1:5432/test";
        boolean raw = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--pg" -> pg = args.get(++i);
                case "--raw" -> raw = true;
                default -> pos.add(args.get(i));
            }
        }
        int meas = pos.size() > 0 ? Integer.parseInt(pos.get(0)) : 40;
        int seconds = pos.size() > 1 ? Integer.parseInt(pos.get(1)) : 20;
        Path dir = Files.createTempDirectory("neurolab-bench-rec-");
        System.out.printf("recording bench: %d MEAs x 32 electrodes x 30 kHz = %.1f M samples/s real time, %d s of signal, raw traces %s%n", meas,
                meas * 32 * 30_000 / 1e6, seconds, raw ? "kept" : "not kept");
        pipeline("h2", RecordingStore.h2Url(dir.resolve("h2/rec")), "", meas, seconds, raw ? dir.resolve("raw-h2") : null);
        String schema = "nl_bench_" + System.nanoTime();
        String pgUrl = null;
        try (Connection c = Dialect.POSTGRES.connect(pg, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            pgUrl = pg + "?currentSchema=" + schema;
        } catch (Exception e) {
            System.out.println("postgresql: not reachable at " + pg + " (" + e.getMessage() + "); skipped");
        }
        if (pgUrl != null) pipeline("postgresql", pgUrl, "postgres", meas, seconds, raw ? dir.resolve("raw-pg") : null);
        ingest("h2", RecordingStore.h2Url(dir.resolve("h2-ingest/rec")), "");
        if (pgUrl != null) {
            ingest("postgresql", pgUrl, "postgres");
            try (Connection c = Dialect.POSTGRES.connect(pg, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** One second of signal per array, generated once and replayed with advancing sample indices. */
    static float[][] signal(int meas, int blockSamples, int blocksPerSecond) {
        Random r = new Random(1);
        float[][] blocks = new float[blocksPerSecond][32 * blockSamples];
        for (float[] b : blocks) {
            for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextGaussian() * 8);
            for (int c = 0; c < 32; c++) { // ~5 Hz per electrode
                if (r.nextInt(blocksPerSecond / 5) != 0) continue;
                int at = c * blockSamples + 20 + r.nextInt(blockSamples - 40);
                for (int d = -5; d <= 5; d++) b[at + d] -= (float) (90 * Math.exp(-d * d / 4.0));
            }
        }
        return blocks;
    }

    static void pipeline(String name, String url, String user, int meas, int seconds, Path raw) throws Exception {
        int blockSamples = 900, perSecond = 30_000 / blockSamples; // 30 ms blocks
        float[][] sig = signal(meas, blockSamples, perSecond);
        try (RecordingStore store = RecordingStore.open(url, user, ""); BoundedStreamBus bus = new BoundedStreamBus()) {
            Map<String, Integer> channels = new HashMap<>();
            for (int m = 0; m < meas; m++) channels.put("rig" + m / 4 + "/mea" + m % 4, 32);
            long id = store.createRecording(0, System.currentTimeMillis(), List.copyOf(channels.keySet()), List.of("bench"), raw != null,
                    RecordingProvenance.none(), "bench");
            Recorder rec = new Recorder(id, store, bus, channels, (mea, e) -> mea + "-o" + e / 8, raw, 100, null);
            List<String> ids = List.copyOf(channels.keySet());
            // the lab's detector, one per array as the signal path has it (control), feeding the recording its events
            Map<String, SpikeDetector> detectors = new HashMap<>();
            for (String mea : ids) detectors.put(mea, new SpikeDetector(mea, 32, DetectionSettings.defaults()));
            int threads = 2;
            long t0 = System.nanoTime();
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    for (int s = 0; s < seconds * perSecond; s++) {
                        for (int m = first; m < ids.size(); m += threads) {
                            long idx = (long) s * blockSamples;
                            RawSampleBlock block = new RawSampleBlock(ids.get(m), idx, idx * 1_000_000 / 30_000, 30_000, 32, blockSamples, sig[s % perSecond]);
                            try {
                                rec.onDriverSpikes(detectors.get(ids.get(m)).process(block));
                            } catch (MalformedBlockException e) {
                                throw new IllegalStateException(e);
                            }
                            if (raw != null) rec.onSamples(block);
                        }
                    }
                });
            }
            for (Thread t : ts) t.join();
            long tIn = System.nanoTime();
            rec.close();
            long t1 = System.nanoTime();
            RecordingStatus st = rec.status();
            double samples = (double) meas * 32 * 30_000 * seconds;
            System.out.printf("%s pipeline: %.1f M samples/s detected (%.1f x real time of %d MEAs); with storage committed %.1f M samples/s; "
                            + "%d spikes stored, dropped %d, rejected blocks %d, raw blocks dropped %d%n", name, samples / ((tIn - t0) / 1e9) / 1e6,
                    samples / ((tIn - t0) / 1e9) / (meas * 32 * 30_000.0), meas, samples / ((t1 - t0) / 1e9) / 1e6, st.acknowledgedSpikes(), st.missedSpikes(),
                    st.rejectedBlocks(), st.missedRawBlocks());
        }
    }

    static void ingest(String name, String url, String user) throws Exception {
        int batch = 5_000, batches = 40;
        try (RecordingStore store = RecordingStore.open(url, user, "")) {
            long id = store.createRecording(0, 0, List.of("m"), List.of("o"), false, RecordingProvenance.none(), "bench");
            Random r = new Random(2);
            float[] snippets = new float[batch * 90];
            for (int i = 0; i < snippets.length; i++) snippets[i] = (float) r.nextGaussian() * 10;
            long t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                int[] e = new int[batch];
                long[] t = new long[batch], idx = new long[batch];
                float[] a = new float[batch];
                for (int i = 0; i < batch; i++) {
                    e[i] = i % 32;
                    t[i] = (long) b * batch * 100 + i * 100L;
                    idx[i] = t[i] * 3 / 100;
                    a[i] = -60;
                }
                store.append(id, List.of(new SpikeEvents("m", batch, e, t, idx, a, 90, 30, snippets)), List.of(), (m, x) -> "o", List.of());
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s ingest: %.0f spike events/s (with 3 ms snippets, %d per commit)%n", name, batch * batches / s, batch);
        }
    }
}
