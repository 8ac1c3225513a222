package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;
import org.neurolab.recording.internal.store.RecordingStore.SpikeCensus;

/**
 * What every exporter needs of one recording, read once: its arrays' raw chunks, spike counts, stimulations and
 * geometry, up to a cut-off (a running recording is exported as far as it had acknowledged when the export began).
 */
final class ExportContext {
    final RecordingStore store;
    final RecordingInfo info;
    final long untilMicros;
    final Path rawFolder;
    final Properties rig = new Properties();
    final Map<String, Array> arrays = new LinkedHashMap<>();
    private final ExportSink sink;
    private final ExportProgress progress;
    private long total;
    private long reported = -1;

    /** One recorded array. */
    record Array(String meaId, String safeName, List<RawChunk> chunks, SpikeCensus spikes, List<StoredStimulation> stimulations, List<RecordingGap> gaps,
                 int sampleRateHz) {
        long rawSamples() {
            long n = 0;
            for (RawChunk c : chunks) n += c.sampleCount();
            return n;
        }

        int channels() {
            return chunks.isEmpty() ? 0 : chunks.get(0).channelCount();
        }

        int[] electrodes() {
            return chunks.isEmpty() ? new int[0] : chunks.get(0).electrodeOfChannel();
        }

        /** A spike's sample number on the array's clock: the stored one, or from its time when the driver gave none. */
        long sampleOf(long sampleIndex, long timeMicros) {
            return sampleIndex > 0 ? sampleIndex : Math.round(timeMicros * (double) sampleRateHz / 1e6);
        }
    }

    ExportContext(RecordingStore store, RawFolders folders, long recordingId, ExportSink sink, ExportProgress progress) throws SQLException, IOException {
        this.store = store;
        this.sink = sink;
        this.progress = progress;
        this.info = store.recording(recordingId).orElseThrow(() -> new IllegalArgumentException("no recording " + recordingId));
        this.untilMicros = info.stoppedMicros() != null ? Long.MAX_VALUE : info.acknowledged().untilMicros() == null ? Long.MIN_VALUE : info.acknowledged().untilMicros() + 1;
        this.rawFolder = info.rawTraces() ? folders.open(store.rawFolder(recordingId), recordingId) : null;
        rig.load(new StringReader(info.provenance().rigConfiguration()));
        List<StoredStimulation> stims = store.stimulations(recordingId, Long.MIN_VALUE, untilMicros);
        List<RecordingGap> gaps = store.gaps(recordingId, Long.MIN_VALUE, untilMicros);
        for (String mea : info.meaIds()) {
            List<RawChunk> chunks = info.rawTraces() ? store.rawChunks(recordingId, mea) : List.of();
            for (RawChunk c : chunks)
                if (c.channelCount() != chunks.get(0).channelCount() || !java.util.Objects.equals(c.electrodes(), chunks.get(0).electrodes()))
                    throw new IOException("raw chunks of " + mea + " change their channels; they cannot be exported as one stream");
            int rate = chunks.isEmpty() ? Integer.parseInt(rig.getProperty("mea." + mea + ".sampleRateHz", "30000")) : chunks.get(0).sampleRateHz();
            arrays.put(mea, new Array(mea, mea.replaceAll("[^A-Za-z0-9]", "_"), chunks, store.census(recordingId, mea, untilMicros),
                    stims.stream().filter(s -> s.meaId().equals(mea)).toList(), gaps.stream().filter(g -> g.meaId().equals(mea)).toList(), rate));
        }
    }

    /** Electrode geometry from the recording's rig configuration: x, y, diameter in µm, or null when it was not recorded. */
    double[] geometry(String mea, int electrode) {
        String g = rig.getProperty("mea." + mea + ".electrode." + electrode);
        if (g == null) return null;
        String[] p = g.split(",");
        return new double[]{Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])};
    }

    /** The cultures recorded, with what identifies them (no personal data: the donor is named by the consent's reference only). */
    List<Map<String, String>> cultures() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String o : info.organoidIds()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", o);
            for (String k : List.of("mea", "electrodes", "cellLine", "batch", "donorConsentRef", "seedingDate"))
                m.put(k, rig.getProperty("culture." + o + "." + k, ""));
            out.add(m);
        }
        return out;
    }

    void expect(long bytes) {
        total += bytes;
    }

    void report() {
        long w = sink.written();
        if (w - reported >= (4 << 20) || reported < 0) {
            reported = w;
            progress.progress(w, Math.max(w, total));
        }
    }

    void done() {
        progress.progress(sink.written(), sink.written());
    }

    OutputStream entry(String path) throws IOException {
        report();
        return sink.entry(path);
    }

    /** Copies an array's raw chunk files, in order, as one interleaved int16 stream. */
    void copyRaw(Array a, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (RawChunk c : a.chunks()) {
            long left = (long) c.sampleCount() * c.channelCount() * 2;
            try (InputStream in = Files.newInputStream(rawFolder.resolve(c.fileName()))) {
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new IOException("raw file " + c.fileName() + " of " + a.meaId() + " is shorter than its index says");
                    out.write(buf, 0, n);
                    left -= n;
                    report();
                }
            }
        }
    }

    /** A small text file. */
    void text(String path, String content) throws IOException {
        try (OutputStream o = entry(path)) {
            o.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code neurolab.json}: what the recording is and where it came from, beside the format's own files. */
    String metadataJson(String format) {
        var p = info.provenance();
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"format\": ").append(Json.str(format)).append(",\n");
        b.append("  \"recording_id\": ").append(info.id()).append(",\n");
        b.append("  \"store_id\": ").append(Json.str(store.storeId())).append(",\n");
        b.append("  \"state\": ").append(Json.str(info.state().name())).append(",\n");
        b.append("  \"started_lab_micros\": ").append(info.startedMicros()).append(",\n");
        b.append("  \"stopped_lab_micros\": ").append(info.stoppedMicros()).append(",\n");
        b.append("  \"exported_until_lab_micros\": ").append(untilMicros == Long.MAX_VALUE ? "null" : Long.toString(untilMicros)).append(",\n");
        b.append("  \"complete_up_to_lab_micros\": ").append(info.completeUpToMicros()).append(",\n");
        b.append("  \"run_id\": ").append(Json.str(p.runId())).append(",\n");
        b.append("  \"script_hash\": ").append(Json.str(p.scriptHash())).append(",\n");
        b.append("  \"policy_set_hash\": ").append(Json.str(p.policySetHash())).append(",\n");
        b.append("  \"simulator_seed\": ").append(p.simulatorSeed()).append(",\n");
        b.append("  \"detection\": ").append(Json.str(info.detection())).append(",\n");
        b.append("  \"cultures\": [");
        List<Map<String, String>> cs = cultures();
        for (int i = 0; i < cs.size(); i++) {
            b.append(i == 0 ? "\n    {" : ",\n    {");
            int k = 0;
            for (var e : cs.get(i).entrySet()) b.append(k++ == 0 ? "" : ", ").append(Json.str(e.getKey())).append(": ").append(Json.str(e.getValue()));
            b.append('}');
        }
        b.append("\n  ],\n  \"arrays\": [");
        int i = 0;
        for (Array a : arrays.values()) {
            b.append(i++ == 0 ? "\n    {" : ",\n    {").append("\"mea\": ").append(Json.str(a.meaId())).append(", \"sample_rate_hz\": ").append(a.sampleRateHz())
                    .append(", \"raw_samples\": ").append(a.rawSamples()).append(", \"raw_electrodes\": ").append(java.util.Arrays.toString(a.electrodes()))
                    .append(", \"spikes\": ").append(a.spikes().total()).append(", \"stimulations\": ").append(a.stimulations().size())
                    .append(", \"gaps\": ").append(a.gaps().size()).append('}');
        }
        // data missing for good (shed simulation time, a dropped connection): no spikes or samples exist there, which is not silence
        b.append("\n  ],\n  \"gaps\": [");
        int g = 0;
        for (Array a : arrays.values())
            for (RecordingGap gap : a.gaps())
                b.append(g++ == 0 ? "\n    {" : ",\n    {").append("\"mea\": ").append(Json.str(gap.meaId())).append(", \"from_lab_micros\": ").append(gap.fromMicros())
                        .append(", \"to_lab_micros\": ").append(gap.toMicros()).append(", \"reason\": ").append(Json.str(gap.reason())).append('}');
        b.append("\n  ],\n  \"driver_versions\": ").append(Json.str(p.driverVersions())).append("\n}\n");
        return b.toString();
    }
}
