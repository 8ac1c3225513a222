package org.neurolab.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.internal.raw.RawChunkWriter;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.export.ExportSink;
import org.neurolab.recording.internal.export.Exports;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.stream.SpikeEvents;

/**
 * {@code ./neurolab bench export [MINUTES MEAS]}: export throughput of a raw recording (default 10 minutes of 4
 * arrays × 32 electrodes × 30 kHz, ~5 spikes/s per electrode with 3 ms snippets) from an H2 store: Open Ephys, Phy and
 * NWB into a folder, and Open Ephys as a zip into a byte counter (the REST path without the network). Reports MB/s of
 * bytes written and the peak heap seen while exporting (the export streams: it must stay far below the data's size).
 */
final class ExportBench {
    private ExportBench() {
    }

    static void run(List<String> args) throws Exception {
        int minutes = args.size() > 0 ? Integer.parseInt(args.get(0)) : 10;
        int meas = args.size() > 1 ? Integer.parseInt(args.get(1)) : 4;
        int channels = 32, rate = 30_000, block = 3_000;
        Path dir = Files.createTempDirectory("neurolab-bench-export-");
        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("db/rec")), "", "")) {
            List<String> ids = new ArrayList<>();
            for (int m = 0; m < meas; m++) ids.add("bench/mea" + m);
            long id = store.createRecording(0, System.currentTimeMillis(), ids, ids.stream().map(x -> x + "-o0").toList(), true, RecordingProvenance.none(), "bench",
                    "bench", "lab-bench");
            RawFolders folders = new RawFolders(dir.resolve("raw"), store.storeId());
            Path raw = folders.claim(store.rawFolder(id), id);
            long t0 = System.nanoTime();
            Random r = new Random(1);
            float[] samples = new float[channels * block];
            for (int i = 0; i < samples.length; i++) samples[i] = (float) (r.nextGaussian() * 8);
            long blocks = (long) minutes * 60 * rate / block;
            for (String mea : ids) {
                RawChunkWriter w = new RawChunkWriter(raw.resolve(mea.replace('/', '_')), mea, 300_000);
                List<SpikeEvents> spikes = new ArrayList<>();
                for (long b = 0; b < blocks; b++) {
                    long first = b * block;
                    w.append(new RawSampleBlock(mea, first, first * 1_000_000 / rate, rate, channels, block, samples));
                    int n = 16; // per 100 ms block: 160 spikes/s per array, 5 Hz per electrode
                    int[] e = new int[n];
                    long[] t = new long[n], idx = new long[n];
                    float[] a = new float[n], sn = new float[n * 90];
                    for (int i = 0; i < n; i++) {
                        e[i] = (int) ((b * n + i) % channels);
                        idx[i] = first + 100 + i * 180L;
                        t[i] = idx[i] * 1_000_000 / rate;
                        a[i] = -60;
                        for (int j = 0; j < 90; j++) sn[i * 90 + j] = (float) (-60 * Math.exp(-(j - 30) * (j - 30) / 20.0));
                    }
                    spikes.add(new SpikeEvents(mea, n, e, t, idx, a, 90, 30, sn));
                    if (spikes.size() == 100) {
                        store.append(id, spikes, List.of(), (m, el) -> m + "-o0", w.drainIndex());
                        spikes.clear();
                    }
                }
                w.close();
                store.append(id, spikes, List.of(), (m, el) -> m + "-o0", w.drainIndex());
            }
            store.finishRecording(id, (long) minutes * 60_000_000);
            long rawBytes;
            try (Stream<Path> s = Files.walk(raw)) {
                rawBytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            System.out.printf("export bench: %d min x %d arrays x %d electrodes x 30 kHz: %.2f GB raw, %,d spikes, made in %.0f s; max heap %d MB%n", minutes, meas,
                    channels, rawBytes / 1e9, store.countSpikes(new org.neurolab.recording.SpikeQuery(id, 0, Long.MAX_VALUE, null, null, null, 1)),
                    (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
            measure("openephys -> folder", () -> {
                Path out = dir.resolve("oe");
                try (ExportSink sink = ExportSink.folder(out)) {
                    Exports.write(store, folders, id, ExportFormat.OPEN_EPHYS, sink, ExportProgress.NONE);
                    return sink.written();
                } finally {
                    delete(out);
                }
            });
            measure("phy -> folder", () -> {
                Path out = dir.resolve("phy");
                try (ExportSink sink = ExportSink.folder(out)) {
                    Exports.write(store, folders, id, ExportFormat.PHY, sink, ExportProgress.NONE);
                    return sink.written();
                } finally {
                    delete(out);
                }
            });
            measure("nwb -> folder", () -> {
                Path out = dir.resolve("nwb");
                try (ExportSink sink = ExportSink.folder(out)) {
                    Exports.write(store, folders, id, ExportFormat.NWB, sink, ExportProgress.NONE);
                    return sink.written();
                } finally {
                    delete(out);
                }
            });
            measure("openephys -> zip (deflate level 1) into a counter", () -> {
                AtomicLong zipped = new AtomicLong();
                OutputStream counter = new OutputStream() {
                    @Override
                    public void write(int b) {
                        zipped.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        zipped.addAndGet(len);
                    }
                };
                try (ExportSink sink = ExportSink.zip(counter)) {
                    Exports.write(store, folders, id, ExportFormat.OPEN_EPHYS, sink, ExportProgress.NONE);
                    System.out.printf("  zip: %.2f GB of files -> %.2f GB zipped%n", sink.written() / 1e9, zipped.get() / 1e9);
                    return sink.written();
                }
            });
        } finally {
            delete(dir);
        }
    }

    interface Export {
        long run() throws Exception;
    }

    static void measure(String name, Export e) throws Exception {
        System.gc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Runtime rt = Runtime.getRuntime();
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException x) {
                    return;
                }
            }
        });
        long t = System.nanoTime();
        long bytes = e.run();
        double s = (System.nanoTime() - t) / 1e9;
        sampler.interrupt();
        System.out.printf("%-50s %8.2f GB in %6.1f s = %6.1f MB/s, peak heap %4d MB (load %s)%n", name, bytes / 1e9, s, bytes / 1e6 / s, peak.get() >> 20,
                loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static void delete(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
