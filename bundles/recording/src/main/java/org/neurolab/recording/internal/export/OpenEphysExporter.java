package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.raw.RawChunkWriter;
import org.neurolab.recording.internal.store.RecordingStore;

/**
 * Writes a recording in the Open Ephys binary format (GUI 0.6 layout), which SpikeInterface and Neo read:
 * <pre>
 * Record Node 101/experiment1/recording1/
 *   structure.oebin
 *   continuous/&lt;stream&gt;/continuous.dat, sample_numbers.npy, timestamps.npy     (when raw traces were kept)
 *   events/&lt;stream&gt;/TTL/sample_numbers.npy, timestamps.npy, states.npy, full_words.npy   (stimulations: +1 on, -1 off)
 *   spikes/&lt;stream&gt;/sample_numbers.npy, timestamps.npy, electrode_indices.npy, waveforms.npy, clusters.npy
 * </pre>
 * One stream per array. Timestamps are seconds of lab time.
 */
public final class OpenEphysExporter {
    private final RecordingStore store;
    private final Path rawRoot;

    /** @param rawRoot the folder holding raw chunk folders of this recording */
    public OpenEphysExporter(RecordingStore store, Path rawRoot) {
        this.store = store;
        this.rawRoot = rawRoot;
    }

    public Path export(long recordingId, Path folder) throws IOException, SQLException {
        RecordingInfo info = store.recording(recordingId).orElseThrow(() -> new IllegalArgumentException("no recording " + recordingId));
        Path rec = Files.createDirectories(folder.resolve("Record Node 101").resolve("experiment1").resolve("recording1"));
        List<String> continuous = new ArrayList<>(), events = new ArrayList<>(), spikes = new ArrayList<>();
        for (String mea : info.meaIds()) {
            String stream = "NeuroLab-100." + mea.replaceAll("[^A-Za-z0-9]", "_");
            List<RecordingStore.RawChunk> chunks = store.rawChunks(recordingId, mea);
            int rate = chunks.isEmpty() ? 30_000 : chunks.get(0).sampleRateHz();
            if (!chunks.isEmpty()) continuous.add(writeContinuous(rec.resolve("continuous").resolve(stream), stream, chunks, rate));
            events.add(writeStimulations(rec.resolve("events").resolve(stream).resolve("TTL"), stream, recordingId, mea, rate));
            spikes.add(writeSpikes(rec.resolve("spikes").resolve(stream), stream, recordingId, mea, rate));
        }
        String oebin = "{\n  \"GUI version\": \"0.6.7\",\n  \"neurolab\": {\"recording_id\": " + recordingId + ", \"run_id\": " + Json.str(info.provenance().runId())
                + ", \"script_hash\": " + Json.str(info.provenance().scriptHash()) + ", \"policy_set_hash\": " + Json.str(info.provenance().policySetHash())
                + ", \"driver_versions\": " + Json.str(info.provenance().driverVersions()) + ", \"simulator_seed\": "
                + (info.provenance().simulatorSeed() == null ? "null" : info.provenance().simulatorSeed()) + "},\n"
                + "  \"continuous\": [" + String.join(",", continuous) + "],\n  \"events\": [" + String.join(",", events) + "],\n  \"spikes\": ["
                + String.join(",", spikes) + "]\n}\n";
        Files.writeString(rec.resolve("structure.oebin"), oebin);
        return rec;
    }

    private String writeContinuous(Path dir, String stream, List<RecordingStore.RawChunk> chunks, int rate) throws IOException {
        Files.createDirectories(dir);
        int channels = chunks.get(0).channelCount();
        long total = 0;
        for (var c : chunks) total += c.sampleCount();
        long[] sampleNumbers = new long[Math.toIntExact(total)];
        double[] timestamps = new double[sampleNumbers.length];
        int k = 0;
        try (OutputStream out = Files.newOutputStream(dir.resolve("continuous.dat"))) {
            for (var c : chunks) {
                if (c.channelCount() != channels) throw new IOException("raw chunks of " + c.meaId() + " change channel count; cannot export as one stream");
                Path f = rawRoot.resolve(c.fileName());
                long bytes = (long) c.sampleCount() * channels * 2;
                try (var in = Files.newInputStream(f)) {
                    out.write(in.readNBytes(Math.toIntExact(bytes)));
                }
                for (int i = 0; i < c.sampleCount(); i++) {
                    sampleNumbers[k] = c.firstSampleIndex() + i;
                    timestamps[k] = (c.startMicros() + i * 1_000_000.0 / c.sampleRateHz()) / 1e6;
                    k++;
                }
            }
        }
        Npy.writeInt64(dir.resolve("sample_numbers.npy"), sampleNumbers);
        Npy.writeFloat64(dir.resolve("timestamps.npy"), timestamps);
        StringBuilder ch = new StringBuilder();
        for (int c = 0; c < channels; c++) {
            if (c > 0) ch.append(',');
            ch.append("{\"channel_name\": \"CH").append(c + 1).append("\", \"description\": \"MEA electrode ").append(c)
                    .append("\", \"identifier\": \"genericdata.continuous\", \"history\": \"NeuroLab recording\", \"bit_volts\": ")
                    .append(RawChunkWriter.MICROVOLTS_PER_BIT).append(", \"units\": \"uV\"}");
        }
        return "{\"folder_name\": " + Json.str(stream + "/") + ", \"sample_rate\": " + (double) rate + ", \"source_processor_name\": \"NeuroLab\", "
                + "\"source_processor_id\": 100, \"stream_name\": " + Json.str(stream) + ", \"recorded_processor\": \"NeuroLab\", \"recorded_processor_id\": 100, "
                + "\"num_channels\": " + channels + ", \"channels\": [" + ch + "]}";
    }

    private String writeStimulations(Path dir, String stream, long rec, String mea, int rate) throws IOException, SQLException {
        Files.createDirectories(dir);
        List<StoredStimulation> stims = store.stimulations(rec, Long.MIN_VALUE, Long.MAX_VALUE).stream().filter(s -> s.meaId().equals(mea)).toList();
        int n = stims.size() * 2;
        long[] samples = new long[n];
        double[] times = new double[n];
        short[] states = new short[n];
        long[] words = new long[n];
        for (int i = 0; i < stims.size(); i++) {
            StoredStimulation s = stims.get(i);
            long end = s.timeMicros() + (s.pulseCount() - 1L) * s.periodMicros() + 2L * s.phaseMicros();
            samples[2 * i] = s.timeMicros() * rate / 1_000_000;
            times[2 * i] = s.timeMicros() / 1e6;
            states[2 * i] = 1;
            words[2 * i] = 1;
            samples[2 * i + 1] = end * rate / 1_000_000;
            times[2 * i + 1] = end / 1e6;
            states[2 * i + 1] = -1;
            words[2 * i + 1] = 0;
        }
        Npy.writeInt64(dir.resolve("sample_numbers.npy"), samples);
        Npy.writeFloat64(dir.resolve("timestamps.npy"), times);
        Npy.writeInt16(dir.resolve("states.npy"), states);
        Npy.writeUint64(dir.resolve("full_words.npy"), words);
        return "{\"folder_name\": " + Json.str(stream + "/TTL/") + ", \"channel_name\": \"Stimulation\", \"description\": \"stimulation trains: +1 start, -1 end\", "
                + "\"identifier\": \"neurolab.stimulation\", \"sample_rate\": " + (double) rate + ", \"type\": \"int16\", \"num_channels\": 1, "
                + "\"source_processor\": \"NeuroLab\", \"stream_name\": " + Json.str(stream) + "}";
    }

    private String writeSpikes(Path dir, String stream, long rec, String mea, int rate) throws IOException, SQLException {
        Files.createDirectories(dir);
        List<StoredSpike> all = store.spikes(new SpikeQuery(rec, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, null, mea, null, Integer.MAX_VALUE));
        int n = all.size();
        int len = all.stream().mapToInt(s -> s.snippet().length).max().orElse(0);
        long[] samples = new long[n];
        double[] times = new double[n];
        short[] electrodes = new short[n];
        short[] clusters = new short[n];
        float[] waves = new float[n * len];
        for (int i = 0; i < n; i++) {
            StoredSpike s = all.get(i);
            samples[i] = s.sampleIndex();
            times[i] = s.timeMicros() / 1e6;
            electrodes[i] = (short) s.electrode();
            System.arraycopy(s.snippet(), 0, waves, i * len, s.snippet().length);
        }
        Npy.writeInt64(dir.resolve("sample_numbers.npy"), samples);
        Npy.writeFloat64(dir.resolve("timestamps.npy"), times);
        Npy.writeInt16(dir.resolve("electrode_indices.npy"), electrodes);
        Npy.writeInt16(dir.resolve("clusters.npy"), clusters);
        Npy.writeFloat32Matrix(dir.resolve("waveforms.npy"), waves, n, len);
        return "{\"folder_name\": " + Json.str(stream + "/") + ", \"sample_rate\": " + (double) rate + ", \"source_processor\": \"NeuroLab\", "
                + "\"stream_name\": " + Json.str(stream) + ", \"num_channels\": 1, \"pre_peak_samples\": " + Math.round(len / 3.0) + ", \"post_peak_samples\": "
                + (len - Math.round(len / 3.0)) + ", \"channels\": [{\"channel_name\": \"all electrodes\", \"bit_volts\": 1.0, \"units\": \"uV\"}]}";
    }
}
