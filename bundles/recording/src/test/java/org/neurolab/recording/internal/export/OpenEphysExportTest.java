package org.neurolab.recording.internal.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.internal.Recorder;
import org.neurolab.recording.internal.bus.BoundedStreamBus;
import org.neurolab.recording.internal.store.RecordingStore;

/** Record synthetic raw input with spikes and a stimulation, export, and read it back with an independent reader. */
class OpenEphysExportTest {
    @TempDir
    Path dir;

    @Test
    void exported_files_hold_the_same_samples_and_events() throws Exception {
        int channels = 8, rate = 30_000, blockSamples = 600, blocks = 100; // 2 s
        float[][] truth = new float[channels][blockSamples * blocks];
        Random r = new Random(9);
        for (float[] ch : truth) for (int i = 0; i < ch.length; i++) ch[i] = (float) (r.nextGaussian() * 8);
        long[] planted = {3_000, 12_345, 40_000, 51_000};
        for (long p : planted) for (int d = -5; d <= 5; d++) truth[(int) (p % channels)][(int) (p + d)] -= (float) (120 * Math.exp(-d * d / 4.0));

        try (RecordingStore store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("db/rec")), "", ""); BoundedStreamBus bus = new BoundedStreamBus()) {
            long id = store.createRecording(0, 0, List.of("sim/mea0"), List.of("sim/mea0-o0"), true,
                    new RecordingProvenance("run-1", "sha256:s", "cfg", "drv=1", "sha256:p", 42L), "k=6");
            var folders = new org.neurolab.recording.internal.raw.RawFolders(dir.resolve("raw"), store.storeId());
            Path raw = folders.claim(store.rawFolder(id), id);
            Recorder rec = new Recorder(id, store, bus, Map.of("sim/mea0", channels), (m, e) -> "sim/mea0-o0", raw, 20, null);
            for (int b = 0; b < blocks; b++) {
                if (b == 80) rec.onGap("sim/mea0", 1_500_000, 1_600_000, "link lost"); // reported by the array; its blocks go on after
                if (b == 50) rec.onStimulation("sim/mea0", 1_000_000, new int[]{1, 2}, 20f, 200, 1, 0, 400, "cmd-1", "test", true);
                float[] s = new float[channels * blockSamples];
                for (int c = 0; c < channels; c++) System.arraycopy(truth[c], b * blockSamples, s, c * blockSamples, blockSamples);
                rec.onSamples(new RawSampleBlock("sim/mea0", (long) b * blockSamples, (long) b * blockSamples * 1_000_000 / rate, rate, channels, blockSamples, s));
                // the spikes of this block as the signal path's detector delivers them: peak time, amplitude, 3 ms waveform
                for (long p : planted)
                    if (p / blockSamples == b) rec.onDriverSpikes(spikeAt(truth, p, channels, rate));
            }
            rec.close();
            List<StoredSpike> stored = store.spikes(SpikeQuery.of(id, 0, Long.MAX_VALUE));
            assertEquals(planted.length, stored.size(), "the planted spikes were recorded: " + stored);

            try (ExportSink sink = ExportSink.folder(dir.resolve("export"))) {
                Exports.write(store, folders, id, org.neurolab.recording.ExportFormat.OPEN_EPHYS, sink, org.neurolab.recording.ExportProgress.NONE);
            }
            Path out = dir.resolve("export").resolve(OpenEphysExporter.ROOT);

            // ---- read back independently ----
            JsonNode oebin = OpenEphysReader.oebin(out);
            assertEquals(42, oebin.get("neurolab").get("simulator_seed").asInt());
            JsonNode cont = oebin.get("continuous").get(0);
            assertEquals(channels, cont.get("num_channels").asInt());
            assertEquals(rate, cont.get("sample_rate").asDouble());
            double bitVolts = cont.get("channels").get(0).get("bit_volts").asDouble();
            Path cdir = out.resolve("continuous").resolve(cont.get("folder_name").asText());
            float[][] data = OpenEphysReader.continuous(cdir.resolve("continuous.dat"), channels, bitVolts);
            assertEquals(blockSamples * blocks, data.length);
            for (int i = 0; i < data.length; i++)
                for (int c = 0; c < channels; c++) assertEquals(truth[c][i], data[i][c], bitVolts / 2 + 1e-4, "sample " + i + " channel " + c);
            long[] sampleNumbers = OpenEphysReader.npy(cdir.resolve("sample_numbers.npy")).int64();
            double[] ts = OpenEphysReader.npy(cdir.resolve("timestamps.npy")).float64();
            assertEquals(data.length, sampleNumbers.length);
            assertEquals(12_345, sampleNumbers[12_345]);
            assertEquals(12_345 / 30_000.0, ts[12_345], 1e-6);

            JsonNode sp = oebin.get("spikes").get(0);
            Path sdir = out.resolve("spikes").resolve(sp.get("folder_name").asText());
            long[] spikeSamples = OpenEphysReader.npy(sdir.resolve("sample_numbers.npy")).int64();
            short[] electrodes = OpenEphysReader.npy(sdir.resolve("electrode_indices.npy")).int16();
            OpenEphysReader.Npy waves = OpenEphysReader.npy(sdir.resolve("waveforms.npy"));
            assertEquals(planted.length, spikeSamples.length);
            for (int i = 0; i < planted.length; i++) {
                assertEquals(planted[i], spikeSamples[i], 1, "spike " + i);
                assertEquals(planted[i] % channels, electrodes[i]);
            }
            assertArrayEquals(new int[]{planted.length, 1, 90}, waves.shape());
            float[] w = waves.float32All();
            assertEquals(truth[(int) (planted[0] % channels)][(int) spikeSamples[0]], w[30], 1e-3, "waveform centred on the peak");

            JsonNode ev = oebin.get("events").get(0);
            Path edir = out.resolve("events").resolve(ev.get("folder_name").asText());
            long[] evSamples = OpenEphysReader.npy(edir.resolve("sample_numbers.npy")).int64();
            short[] states = OpenEphysReader.npy(edir.resolve("states.npy")).int16();
            assertArrayEquals(new short[]{1, -1}, states);
            assertEquals(30_000, evSamples[0]);
            assertTrue(evSamples[1] > evSamples[0]);

            // the gap: an event channel of its own (+1 where data stops, -1 where it resumes) and a line in neurolab.json
            JsonNode gapStream = oebin.get("events").get(1);
            assertEquals("Data gaps sim/mea0", gapStream.get("channel_name").asText());
            Path gdir = out.resolve("events").resolve(gapStream.get("folder_name").asText());
            assertArrayEquals(new double[]{1.5, 1.6}, OpenEphysReader.npy(gdir.resolve("timestamps.npy")).float64(), 1e-9);
            assertArrayEquals(new long[]{45_000, 48_000}, OpenEphysReader.npy(gdir.resolve("sample_numbers.npy")).int64());
            assertArrayEquals(new short[]{1, -1}, OpenEphysReader.npy(gdir.resolve("states.npy")).int16());
            JsonNode meta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("export").resolve("neurolab.json").toFile());
            assertEquals(1, meta.get("gaps").size());
            assertEquals(1_500_000, meta.get("gaps").get(0).get("from_lab_micros").asLong());
            assertEquals(1_600_000, meta.get("gaps").get(0).get("to_lab_micros").asLong());
            assertEquals("link lost", meta.get("gaps").get(0).get("reason").asText());
            assertEquals(1, meta.get("arrays").get(0).get("gaps").asInt());

            try (ExportSink sink = ExportSink.folder(dir.resolve("phy"))) {
                Exports.write(store, folders, id, org.neurolab.recording.ExportFormat.PHY, sink, org.neurolab.recording.ExportProgress.NONE);
            }
            List<String> gapRows = java.nio.file.Files.readAllLines(dir.resolve("phy/phy/sim_mea0/gaps.tsv"));
            assertEquals(List.of("from_sample\tto_sample\tfrom_lab_micros\tto_lab_micros\treason", "45000\t48000\t1500000\t1600000\tlink lost"), gapRows);
        }
    }

    /** One spike at sample {@code p} on channel {@code p % channels}, with 30 samples before and 60 after the peak. */
    static SpikeBatch spikeAt(float[][] truth, long p, int channels, int rate) {
        int c = (int) (p % channels);
        float[] w = new float[90];
        for (int i = 0; i < 90; i++) w[i] = truth[c][(int) p - 30 + i];
        return new SpikeBatch("sim/mea0", 1, new int[]{c}, new long[]{p * 1_000_000 / rate}, new float[]{truth[c][(int) p]}, 90, 30, w);
    }
}
