package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.raw.RawChunkWriter;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;

/**
 * The Open Ephys binary format (GUI 0.6 layout), which Neo's OpenEphysBinaryRawIO and SpikeInterface read:
 * <pre>
 * Record Node 101/experiment1/recording1/
 *   structure.oebin
 *   continuous/NeuroLab-100.&lt;mea&gt;/continuous.dat, sample_numbers.npy, timestamps.npy      (when raw traces were kept)
 *   events/NeuroLab-100.&lt;mea&gt;/TTL_&lt;mea&gt;/sample_numbers.npy, timestamps.npy, states.npy, full_words.npy
 *   events/NeuroLab-100.&lt;mea&gt;/GAPS_&lt;mea&gt;/  the same for the array's gaps (data missing for good), when it has any
 *   spikes/NeuroLab-100.&lt;mea&gt;/sample_numbers.npy, timestamps.npy, electrode_indices.npy, waveforms.npy, clusters.npy
 * </pre>
 * One stream per array. Event folders end in the array's name (not plain {@code TTL}): readers key event streams by
 * the folder's last part, so identical names hid all arrays' stimulations but one. Stimulation trains are TTL
 * pairs (+1 at the first pulse, -1 after the last). Timestamps are seconds of lab time; continuous data holds the
 * recorded cultures' electrodes only, each channel named after its electrode. Written in one pass per file, in
 * bounded memory.
 */
final class OpenEphysExporter {
    static final String ROOT = "Record Node 101/experiment1/recording1/";

    private OpenEphysExporter() {
    }

    static void write(ExportContext x) throws IOException, SQLException {
        for (ExportContext.Array a : x.arrays.values()) {
            x.expect(a.rawSamples() * (a.channels() * 2L + 16) + a.spikes().total() * (8 + 8 + 2 + 2 + 4L * a.spikes().snippetFloats()));
        }
        List<String> continuous = new ArrayList<>(), events = new ArrayList<>(), spikes = new ArrayList<>();
        for (ExportContext.Array a : x.arrays.values()) {
            String stream = "NeuroLab-100." + a.safeName();
            if (!a.chunks().isEmpty()) continuous.add(continuous(x, a, stream));
            if (!a.stimulations().isEmpty()) events.add(stimulations(x, a, stream)); // an empty event stream breaks readers
            if (!a.gaps().isEmpty()) events.add(gaps(x, a, stream));
            spikes.add(spikes(x, a, stream));
        }
        var p = x.info.provenance();
        String oebin = "{\n  \"GUI version\": \"0.6.7\",\n  \"neurolab\": {\"recording_id\": " + x.info.id() + ", \"store_id\": " + Json.str(x.store.storeId())
                + ", \"run_id\": " + Json.str(p.runId()) + ", \"script_hash\": " + Json.str(p.scriptHash()) + ", \"policy_set_hash\": " + Json.str(p.policySetHash())
                + ", \"driver_versions\": " + Json.str(p.driverVersions()) + ", \"simulator_seed\": " + (p.simulatorSeed() == null ? "null" : p.simulatorSeed()) + "},\n"
                + "  \"continuous\": [" + String.join(",", continuous) + "],\n  \"events\": [" + String.join(",", events) + "],\n  \"spikes\": ["
                + String.join(",", spikes) + "]\n}\n";
        x.text(ROOT + "structure.oebin", oebin);
        x.text("neurolab.json", x.metadataJson("openephys"));
    }

    private static String continuous(ExportContext x, ExportContext.Array a, String stream) throws IOException {
        String dir = ROOT + "continuous/" + stream + "/";
        try (var out = x.entry(dir + "continuous.dat")) {
            x.copyRaw(a, out);
        }
        long n = a.rawSamples();
        try (Npy s = Npy.open(x.entry(dir + "sample_numbers.npy"), "<i8", Npy.vector(n), n)) {
            for (RawChunk c : a.chunks()) for (int i = 0; i < c.sampleCount(); i++) s.int64(c.firstSampleIndex() + i);
        }
        try (Npy t = Npy.open(x.entry(dir + "timestamps.npy"), "<f8", Npy.vector(n), n)) {
            for (RawChunk c : a.chunks()) for (int i = 0; i < c.sampleCount(); i++) t.float64((c.startMicros() + i * 1_000_000.0 / c.sampleRateHz()) / 1e6);
        }
        StringBuilder ch = new StringBuilder();
        int[] electrodes = a.electrodes();
        for (int c = 0; c < electrodes.length; c++) {
            if (c > 0) ch.append(',');
            ch.append("{\"channel_name\": \"CH").append(electrodes[c] + 1).append("\", \"description\": ").append(Json.str("MEA " + a.meaId() + " electrode " + electrodes[c]))
                    .append(", \"identifier\": \"genericdata.continuous\", \"history\": \"NeuroLab recording\", \"bit_volts\": ")
                    .append(RawChunkWriter.MICROVOLTS_PER_BIT).append(", \"units\": \"uV\"}");
        }
        return "{\"folder_name\": " + Json.str(stream + "/") + ", \"sample_rate\": " + (double) a.sampleRateHz() + ", \"source_processor_name\": \"NeuroLab\", "
                + "\"source_processor_id\": 100, \"stream_name\": " + Json.str(stream) + ", \"recorded_processor\": \"NeuroLab\", \"recorded_processor_id\": 100, "
                + "\"num_channels\": " + electrodes.length + ", \"channels\": [" + ch + "]}";
    }

    private static String stimulations(ExportContext x, ExportContext.Array a, String stream) throws IOException {
        String folder = stream + "/TTL_" + a.safeName() + "/";
        List<StoredStimulation> stims = a.stimulations();
        long[] from = new long[stims.size()], to = new long[stims.size()];
        for (int i = 0; i < stims.size(); i++) {
            from[i] = stims.get(i).timeMicros();
            to[i] = end(stims.get(i));
        }
        pairs(x, ROOT + "events/" + folder, from, to, a.sampleRateHz());
        return "{\"folder_name\": " + Json.str(folder) + ", \"channel_name\": " + Json.str("Stimulation " + a.meaId())
                + ", \"description\": \"stimulation trains on " + a.meaId() + ": +1 first pulse, -1 after the last\", "
                + "\"identifier\": \"neurolab.stimulation\", \"sample_rate\": " + (double) a.sampleRateHz() + ", \"type\": \"int16\", \"num_channels\": 1, "
                + "\"source_processor\": \"NeuroLab\", \"stream_name\": " + Json.str(stream) + "}";
    }

    /**
     * The array's gaps (data missing for good) as an event channel of their own: +1 where a gap begins, -1 where data
     * resumes, so Neo reads them as epochs with durations and nobody reads them as the culture's silence.
     */
    private static String gaps(ExportContext x, ExportContext.Array a, String stream) throws IOException {
        String folder = stream + "/GAPS_" + a.safeName() + "/";
        List<RecordingGap> gaps = a.gaps();
        long[] from = new long[gaps.size()], to = new long[gaps.size()];
        for (int i = 0; i < gaps.size(); i++) {
            from[i] = gaps.get(i).fromMicros();
            to[i] = gaps.get(i).toMicros();
        }
        pairs(x, ROOT + "events/" + folder, from, to, a.sampleRateHz());
        return "{\"folder_name\": " + Json.str(folder) + ", \"channel_name\": " + Json.str("Data gaps " + a.meaId())
                + ", \"description\": \"data of " + a.meaId() + " missing for good (not silence): +1 where a gap begins, -1 where data resumes; "
                + "reasons in neurolab.json\", \"identifier\": \"neurolab.gap\", \"sample_rate\": " + (double) a.sampleRateHz()
                + ", \"type\": \"int16\", \"num_channels\": 1, \"source_processor\": \"NeuroLab\", \"stream_name\": " + Json.str(stream) + "}";
    }

    /** An event folder of +1/-1 pairs at {@code from[i]} and {@code to[i]} µs of lab time. */
    private static void pairs(ExportContext x, String dir, long[] from, long[] to, int rate) throws IOException {
        int n = from.length * 2;
        try (Npy s = Npy.open(x.entry(dir + "sample_numbers.npy"), "<i8", Npy.vector(n), n)) {
            for (int i = 0; i < from.length; i++) {
                s.int64(Math.round(from[i] * (double) rate / 1e6));
                s.int64(Math.round(to[i] * (double) rate / 1e6));
            }
        }
        try (Npy t = Npy.open(x.entry(dir + "timestamps.npy"), "<f8", Npy.vector(n), n)) {
            for (int i = 0; i < from.length; i++) {
                t.float64(from[i] / 1e6);
                t.float64(to[i] / 1e6);
            }
        }
        try (Npy t = Npy.open(x.entry(dir + "states.npy"), "<i2", Npy.vector(n), n)) {
            for (int i = 0; i < from.length; i++) {
                t.int16((short) 1);
                t.int16((short) -1);
            }
        }
        try (Npy t = Npy.open(x.entry(dir + "full_words.npy"), "<u8", Npy.vector(n), n)) {
            for (int i = 0; i < from.length; i++) {
                t.int64(1);
                t.int64(0);
            }
        }
    }

    /** When a train ends: its last pulse's start plus the pulse (two phases of phaseMicros, as stored). */
    static long end(StoredStimulation s) {
        return s.timeMicros() + (s.pulseCount() - 1L) * s.periodMicros() + 2L * s.phaseMicros();
    }

    private static String spikes(ExportContext x, ExportContext.Array a, String stream) throws IOException, SQLException {
        String dir = ROOT + "spikes/" + stream + "/";
        long n = a.spikes().total();
        int len = a.spikes().snippetFloats();
        long id = x.info.id();
        try (Npy s = Npy.open(x.entry(dir + "sample_numbers.npy"), "<i8", Npy.vector(n), n)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.int64(a.sampleOf(si, t)));
        }
        try (Npy s = Npy.open(x.entry(dir + "timestamps.npy"), "<f8", Npy.vector(n), n)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.float64(t / 1e6));
        }
        try (Npy s = Npy.open(x.entry(dir + "electrode_indices.npy"), "<i2", Npy.vector(n), n)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.int16((short) e));
        }
        try (Npy s = Npy.open(x.entry(dir + "clusters.npy"), "<i2", Npy.vector(n), n)) { // one cluster per electrode: threshold events, not sorted
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.int16((short) e));
        }
        try (Npy s = Npy.open(x.entry(dir + "waveforms.npy"), "<f4", "(" + n + ", 1, " + len + ")", n * len)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, true, (o, e, t, si, amp, sn) -> {
                for (int i = 0; i < len; i++) s.float32(i < sn.length ? sn[i] : 0f);
                x.report();
            });
        }
        long pre = Math.round(len / 3.0);
        return "{\"folder_name\": " + Json.str(stream + "/") + ", \"sample_rate\": " + (double) a.sampleRateHz() + ", \"source_processor\": \"NeuroLab\", "
                + "\"stream_name\": " + Json.str(stream) + ", \"num_channels\": 1, \"pre_peak_samples\": " + pre + ", \"post_peak_samples\": " + (len - pre)
                + ", \"channels\": [{\"channel_name\": \"the spike's electrode (electrode_indices.npy)\", \"bit_volts\": 1.0, \"units\": \"uV\"}]}";
    }
}
