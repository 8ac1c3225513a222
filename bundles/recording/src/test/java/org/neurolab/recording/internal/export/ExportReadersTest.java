package org.neurolab.recording.internal.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.api.signal.RawSampleBlock;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.RecordingProvenance;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.raw.RawChunkWriter;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.store.RecordingStore;
import org.neurolab.recording.stream.SpikeEvents;
import org.neurolab.recording.stream.StimulationEvents;

/**
 * A two-array recording (8 of each array's 16 electrodes recorded, raw traces, spikes with snippets, stimulations on
 * both) exported as Open Ephys and Phy, and read back with Debian's python3-neo (OpenEphysBinaryRawIO, PhyRawIO):
 * counts and times must match the store. Needs /usr/bin/python3 with neo and numpy ({@code .ci/run} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportReadersTest {
    static final String PYTHON = "/usr/bin/python3";
    static final int CHANNELS = 16, RATE = 30_000, BLOCK = 1_500, BLOCKS = 40; // 2 s per array
    static final int[] RECORDED = {0, 1, 2, 3, 4, 5, 6, 7};
    static final List<String> MEAS = List.of("sim/mea0", "sim/mea1");
    static final long FIRST_SAMPLE = 90_000; // the arrays' clocks started 3 s before the recording

    Path dir;
    RecordingStore store;
    RawFolders folders;
    long id;
    String rigConfig;
    final ObjectMapper json = new ObjectMapper();

    static float truth(int channel, long sample) {
        return (float) (20 * Math.sin(sample / (7.0 + channel)) + channel);
    }

    @BeforeAll
    void record(@TempDir Path folder) throws Exception {
        dir = folder;
        store = RecordingStore.open(RecordingStore.h2Url(dir.resolve("db/rec")), "", "");
        StringBuilder rig = new StringBuilder();
        for (String mea : MEAS) {
            rig.append("mea.").append(mea).append(".electrodes=16\nmea.").append(mea).append(".sampleRateHz=30000\n");
            for (int e = 0; e < CHANNELS; e++) rig.append("mea.").append(mea).append(".electrode.").append(e).append('=').append(e % 4 * 200.0).append(',')
                    .append(e / 4 * 200.0).append(",30.0\n");
            String o = mea + "-o0";
            rig.append("culture.").append(o).append(".mea=").append(mea).append("\nculture.").append(o).append(".electrodes=0,1,2,3,4,5,6,7\nculture.").append(o)
                    .append(".cellLine=HUES-9\nculture.").append(o).append(".donorConsentRef=consent-0042\n");
        }
        rigConfig = rig.toString();
        id = store.createRecording(3_000_000, 0, MEAS, List.of("sim/mea0-o0", "sim/mea1-o0"), true,
                new RecordingProvenance("run-1", "sha256:s", rig.toString(), "drv=1", "sha256:p", 7L), "k=6", "alice", "lab-1");
        folders = new RawFolders(dir.resolve("raw"), store.storeId());
        Path raw = folders.claim(store.rawFolder(id), id);
        RecordingStore.OrganoidMap owner = (m, e) -> e < 8 ? m + "-o0" : null;
        for (String mea : MEAS) {
            RawChunkWriter w = new RawChunkWriter(raw.resolve(mea.replace('/', '_')), mea, 30_000, RECORDED);
            for (int b = 0; b < BLOCKS; b++) {
                long first = FIRST_SAMPLE + (long) b * BLOCK;
                float[] s = new float[CHANNELS * BLOCK];
                for (int c = 0; c < CHANNELS; c++) for (int i = 0; i < BLOCK; i++) s[c * BLOCK + i] = truth(c, first + i);
                w.append(new RawSampleBlock(mea, first, first * 1_000_000 / RATE, RATE, CHANNELS, BLOCK, s));
            }
            w.close();
            int n = 120;
            int[] el = new int[n];
            long[] t = new long[n], idx = new long[n];
            float[] amp = new float[n], sn = new float[n * 90];
            for (int i = 0; i < n; i++) {
                el[i] = i % 12; // electrodes 8-11 are another culture's: not stored
                idx[i] = FIRST_SAMPLE + 100 + i * 450L + (mea.endsWith("1") ? 7 : 0);
                t[i] = idx[i] * 1_000_000 / RATE;
                amp[i] = -40 - i % 9;
                for (int j = 0; j < 90; j++) sn[i * 90 + j] = (float) (-amp[i] * Math.exp(-(j - 30) * (j - 30) / 20.0)) * -1;
            }
            int stims = mea.endsWith("0") ? 3 : 2;
            long[] st = new long[stims];
            for (int k = 0; k < stims; k++) st[k] = 3_200_000 + k * 500_000L + (mea.endsWith("1") ? 50_000 : 0);
            String[] lists = new String[stims], cmds = new String[stims], trig = new String[stims];
            for (int k = 0; k < stims; k++) {
                lists[k] = "2,3";
                cmds[k] = mea + "-cmd-" + k;
                trig[k] = "alice/research";
            }
            store.append(id, List.of(new SpikeEvents(mea, n, el, t, idx, amp, 90, 30, sn)), List.of(new StimulationEvents(mea, stims, st, new long[stims], lists,
                    new float[stims], new int[stims], fill(stims, 5), new long[stims], cmds, trig)), owner,
                    new ArrayList<>(List.of()));
            store.indexChunks(id, rawIndex(raw, mea));
        }
        store.finishRecording(id, 5_000_000);
    }

    @org.junit.jupiter.api.AfterAll
    void close() throws Exception {
        store.close();
    }

    static int[] fill(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** The chunk rows as the writer made them (re-read from the files, as recovery does). */
    List<RecordingStore.RawChunk> rawIndex(Path raw, String mea) throws Exception {
        List<RecordingStore.RawChunk> rows = new ArrayList<>();
        try (var l = Files.list(raw.resolve(mea.replace('/', '_')))) {
            for (Path f : l.filter(p -> p.getFileName().toString().startsWith("chunk-")).sorted().toList()) {
                String[] p = f.getFileName().toString().replace("chunk-", "").replace("us.dat", "").split("-");
                rows.add(new RecordingStore.RawChunk(mea, Long.parseLong(p[0]), Long.parseLong(p[1]), (int) (Files.size(f) / (2 * RECORDED.length)), RECORDED.length,
                        RATE, RawChunkWriter.MICROVOLTS_PER_BIT, mea.replace('/', '_') + "/" + f.getFileName(), "0,1,2,3,4,5,6,7"));
            }
        }
        return rows;
    }

    JsonNode read(String kind, Path folder) throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed (with Debian's python3-neo): .ci/run installs it");
        Path script = dir.resolve("read_exports.py");
        try (InputStream in = getClass().getResourceAsStream("read_exports.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), kind, folder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the reader failed on the " + kind + " export: " + out);
        return json.readTree(out);
    }

    Path export(ExportFormat f) throws Exception {
        Path out = dir.resolve("export-" + f.id());
        List<long[]> progress = new ArrayList<>();
        try (ExportSink sink = ExportSink.folder(out)) {
            Exports.write(store, folders, id, f, sink, (done, total) -> progress.add(new long[]{done, total}));
        }
        long[] last = progress.get(progress.size() - 1);
        assertEquals(last[0], last[1], "the progress ends at 100 %");
        return out;
    }

    List<StoredSpike> stored(String mea) throws Exception {
        return store.spikes(new SpikeQuery(id, 0, Long.MAX_VALUE, null, mea, null, 100_000));
    }

    @Test
    void open_ephys_is_read_by_neo_with_every_arrays_stimulations_and_the_stores_spikes() throws Exception {
        JsonNode r = read("openephys", export(ExportFormat.OPEN_EPHYS));
        assertEquals(2, r.get("signal_streams").size());
        for (JsonNode s : r.get("signal_streams")) {
            assertEquals((long) BLOCK * BLOCKS, s.get("samples").asLong());
            assertEquals(List.of("CH1", "CH2", "CH3", "CH4", "CH5", "CH6", "CH7", "CH8"), json.convertValue(s.get("channels"), List.class),
                    "the recorded cultures' electrodes only, named by electrode");
            assertEquals(FIRST_SAMPLE / (double) RATE, s.get("t_start").asDouble(), 1e-9);
            for (int c = 0; c < RECORDED.length; c++)
                assertEquals(truth(RECORDED[c], FIRST_SAMPLE), s.get("first_uv").get(c).asDouble(), RawChunkWriter.MICROVOLTS_PER_BIT, "µV of channel " + c);
        }
        JsonNode events = r.get("events");
        assertEquals(2, events.size(), "one event channel per array: " + events);
        for (String mea : MEAS) {
            JsonNode e = events.get("Stimulation " + mea);
            assertNotNull(e, "Neo sees " + mea + "'s stimulations: " + events);
            List<StoredStimulation> st = store.stimulations(id, 0, Long.MAX_VALUE).stream().filter(s -> s.meaId().equals(mea)).toList();
            assertEquals(st.size(), e.get("times").size());
            for (int i = 0; i < st.size(); i++) assertEquals(st.get(i).timeMicros() / 1e6, e.get("times").get(i).asDouble(), 1e-9);
            List<StoredSpike> spikes = stored(mea);
            assertEquals(80, spikes.size(), "8 of 12 electrodes' spikes were the recorded culture's");
            JsonNode sp = r.get("spikes").get("NeuroLab-100." + mea.replace('/', '_'));
            assertEquals(spikes.size(), sp.get("times").size());
            for (int i = 0; i < spikes.size(); i++) {
                assertEquals(spikes.get(i).timeMicros() / 1e6, sp.get("times").get(i).asDouble(), 1e-9);
                assertEquals(spikes.get(i).electrode(), sp.get("electrodes").get(i).asInt());
            }
            assertEquals(List.of(80, 1, 90), json.convertValue(sp.get("waveform_shape"), List.class));
        }
    }

    @Test
    void phy_is_read_by_neo_one_unit_per_electrode_with_the_stores_times() throws Exception {
        JsonNode r = read("phy", export(ExportFormat.PHY));
        for (String mea : MEAS) {
            JsonNode a = r.get(mea.replace('/', '_'));
            assertNotNull(a, "a Phy folder per array: " + r);
            assertEquals(RATE, a.get("sample_rate").asDouble());
            Map<Integer, List<Double>> expected = new TreeMap<>();
            for (StoredSpike s : stored(mea)) expected.computeIfAbsent(s.electrode(), k -> new ArrayList<>()).add((s.sampleIndex() - FIRST_SAMPLE) / (double) RATE);
            assertEquals(expected.size(), a.get("units").size(), "one unit per electrode with spikes");
            for (var e : expected.entrySet()) {
                JsonNode times = a.get("units").get(Integer.toString(e.getKey()));
                assertNotNull(times, "unit of electrode " + e.getKey());
                assertEquals(e.getValue().size(), times.size());
                for (int i = 0; i < times.size(); i++) assertEquals(e.getValue().get(i), times.get(i).asDouble(), 1e-9);
            }
            assertEquals(List.of(8, 90, 8), json.convertValue(a.get("templates_shape"), List.class), "a template per electrode on its channel");
            assertEquals(List.of(80, 90), json.convertValue(a.get("waveforms_shape"), List.class));
            assertEquals(List.of(600.0, 200.0), json.convertValue(a.get("channel_positions").get(7), List.class), "electrode 7's position in µm");
            assertTrue(a.get("params").asText().contains("n_channels_dat = 8"), a.get("params").asText());
        }
    }

    @Test
    void the_zip_holds_the_same_files_as_the_folder() throws Exception {
        Path folder = export(ExportFormat.OPEN_EPHYS);
        Path zip = dir.resolve("oe.zip");
        try (OutputStream out = Files.newOutputStream(zip); ExportSink sink = ExportSink.zip(out)) {
            Exports.write(store, folders, id, ExportFormat.OPEN_EPHYS, sink, ExportProgress.NONE);
        }
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; entries++)
                assertArrayEquals(Files.readAllBytes(folder.resolve(e.getName())), in.readAllBytes(), e.getName());
        }
        try (var files = Files.walk(folder)) {
            assertEquals(files.filter(Files::isRegularFile).count(), entries);
        }
    }

    JsonNode readNwb(Path file) throws Exception {
        Path script = dir.resolve("read_nwb.py");
        try (InputStream in = getClass().getResourceAsStream("read_nwb.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        if (System.getenv("NWB_KEEP") != null) Files.copy(file, Path.of(System.getenv("NWB_KEEP")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, p.exitValue(), "h5py/hdmf failed on the NWB export: " + out);
        return json.readTree(out);
    }

    static double seconds(long labMicros) {
        return (labMicros - 3_000_000) / 1e6; // from the recording's start
    }

    @Test
    void nwb_is_read_by_h5py_and_hdmf_with_the_stores_spikes_stimulations_and_geometry() throws Exception {
        Path folder = export(ExportFormat.NWB);
        assertTrue(Files.exists(folder.resolve("neurolab.json")));
        JsonNode r = readNwb(folder.resolve("recording-" + id + ".nwb"));

        JsonNode typed = r.get("typed");
        assertEquals("NWBFile", typed.get("/").get("neurodata_type").asText());
        assertEquals("core", typed.get("/").get("namespace").asText());
        assertEquals("2.7.0", typed.get("/").get("nwb_version").asText());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var e : typed.properties()) {
            String ns = e.getValue().get("namespace").asText();
            assertTrue(ns.equals("core") || ns.equals("hdmf-common"), e.getKey() + " in " + ns);
            assertTrue(ids.add(java.util.UUID.fromString(e.getValue().get("object_id").asText()).toString()), "object ids are unique: " + e.getKey());
        }
        Map<String, String> types = new TreeMap<>();
        for (var e : typed.properties()) types.put(e.getKey(), e.getValue().get("neurodata_type").asText());
        assertEquals("ElectricalSeries", types.get("/acquisition/ElectricalSeries_sim_mea0"));
        assertEquals("DynamicTableRegion", types.get("/acquisition/ElectricalSeries_sim_mea1/electrodes"));
        assertEquals("DynamicTable", types.get("/general/extracellular_ephys/electrodes"));
        assertEquals("ElectrodeGroup", types.get("/general/extracellular_ephys/sim_mea1"));
        assertEquals("Device", types.get("/general/devices/sim_mea0"));
        assertEquals("Subject", types.get("/general/subject"));
        assertEquals("Units", types.get("/units"));
        assertEquals("VectorIndex", types.get("/units/spike_times_index"));
        assertEquals("ElementIdentifiers", types.get("/units/id"));
        assertEquals("TimeIntervals", types.get("/intervals/stimulations"));
        assertEquals(List.of("acquisition", "analysis", "file_create_date", "general", "identifier", "intervals", "processing", "session_description",
                "session_start_time", "stimulus", "timestamps_reference_time", "units"), json.convertValue(r.get("groups"), List.class));
        assertEquals("1970-01-01T00:00:00.000+00:00", r.get("session_start_time").asText(), "the recording's start, UTC");
        assertEquals("/general/devices/sim_mea1 -> Device", r.get("group_device").get("sim_mea1").asText());
        assertTrue(r.get("subject").get("description").asText().contains("consent-0042"), "the donor by the consent's reference only");
        assertEquals("sim/mea0-o0,sim/mea1-o0", r.get("subject").get("subject_id").asText());

        JsonNode el = r.get("electrodes");
        assertEquals(16, el.get("rows").asInt(), "the recorded electrodes 0-7 of both arrays");
        for (int row = 0; row < 16; row++) {
            int e = el.get("electrode").get(row).asInt();
            assertEquals(row % 8, e);
            assertEquals(e % 4 * 200.0, el.get("x").get(row).asDouble());
            assertEquals(e / 4 * 200.0, el.get("y").get(row).asDouble());
            String mea = row < 8 ? "sim_mea0" : "sim_mea1";
            assertEquals(mea, el.get("group_name").get(row).asText());
            assertEquals("/general/extracellular_ephys/" + mea, el.get("group").get(row).asText(), "the group column refers to the array's ElectrodeGroup");
            assertEquals(row < 8 ? "sim/mea0-o0" : "sim/mea1-o0", el.get("culture").get(row).asText());
        }

        for (String mea : MEAS) {
            JsonNode s = r.get("series").get("ElectricalSeries_" + mea.replace('/', '_'));
            assertEquals(List.of(BLOCK * BLOCKS, RECORDED.length), json.convertValue(s.get("shape"), List.class));
            assertEquals("int16", s.get("dtype").asText());
            assertEquals("volts", s.get("unit").asText());
            assertEquals(RawChunkWriter.MICROVOLTS_PER_BIT * 1e-6, s.get("conversion").asDouble(), 1e-12);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), json.convertValue(s.get("electrodes"), List.class), "the region's rows are the channels' electrodes");
            assertEquals("/general/extracellular_ephys/electrodes", s.get("table").asText());
            assertEquals(seconds(FIRST_SAMPLE * 1_000_000 / RATE), s.get("starting_time").asDouble(), 1e-9);
            assertEquals(RATE, s.get("rate").asDouble());
            for (int c = 0; c < RECORDED.length; c++)
                assertEquals(truth(RECORDED[c], FIRST_SAMPLE), s.get("first_uv").get(c).asDouble(), RawChunkWriter.MICROVOLTS_PER_BIT, "µV of channel " + c);
        }

        JsonNode units = r.get("units").get("units");
        List<Long> counts = new ArrayList<>();
        int u = 0;
        for (String mea : MEAS) {
            Map<Integer, List<Double>> expected = new TreeMap<>();
            for (StoredSpike sp : stored(mea)) expected.computeIfAbsent(sp.electrode(), k -> new ArrayList<>()).add(seconds(sp.timeMicros()));
            for (var e : expected.entrySet()) {
                JsonNode unit = units.get(u++);
                assertEquals(mea.replace('/', '_'), unit.get("mea").asText());
                assertEquals("/general/extracellular_ephys/" + mea.replace('/', '_'), unit.get("group").asText());
                assertEquals((int) e.getKey(), unit.get("electrode").asInt());
                assertEquals(e.getValue().size(), unit.get("spike_times").size(), "spikes of " + mea + " electrode " + e.getKey());
                for (int i = 0; i < e.getValue().size(); i++) assertEquals(e.getValue().get(i), unit.get("spike_times").get(i).asDouble(), 1e-9);
                counts.add((long) e.getValue().size());
            }
        }
        assertEquals(u, units.size(), "one unit per electrode with spikes, no more");
        assertEquals(List.of(160, 90), json.convertValue(r.get("units").get("waveforms_shape"), List.class));
        assertEquals(List.of(16, 90), json.convertValue(r.get("units").get("waveform_mean_shape"), List.class));
        assertEquals(counts, json.convertValue(r.get("units").get("waveforms_per_unit"), new com.fasterxml.jackson.core.type.TypeReference<List<Long>>() { }));
        assertEquals(RATE, r.get("units").get("sampling_rate").asDouble());
        for (JsonNode min : r.get("units").get("waveform_mean_min_uv")) assertTrue(min.asDouble() < -39, "the mean snippet's trough in µV: " + min);

        List<StoredStimulation> stims = new ArrayList<>(store.stimulations(id, 0, Long.MAX_VALUE));
        stims.sort(java.util.Comparator.comparingLong(StoredStimulation::timeMicros));
        JsonNode st = r.get("stimulations");
        assertEquals(5, stims.size());
        assertEquals(stims.size(), st.get("rows").asInt());
        for (int i = 0; i < stims.size(); i++) {
            assertEquals(seconds(stims.get(i).timeMicros()), st.get("start_time").get(i).asDouble(), 1e-9);
            assertEquals(seconds(OpenEphysExporter.end(stims.get(i))), st.get("stop_time").get(i).asDouble(), 1e-9);
            assertEquals(stims.get(i).meaId().replace('/', '_'), st.get("mea").get(i).asText());
            assertEquals(List.of(2, 3), json.convertValue(st.get("electrodes").get(i), List.class));
        }
        assertTrue(r.get("invalid_times") == null || r.get("invalid_times").isNull(), "no gaps, no invalid_times");

        JsonNode hdmf = r.get("hdmf");
        assertEquals(List.of(), json.convertValue(hdmf.get("errors"), List.class), "hdmf validates every table against hdmf-common");
        assertEquals(Set.of("general/extracellular_ephys/electrodes", "units", "intervals/stimulations"), json.convertValue(hdmf.get("tables"), Map.class).keySet());
        assertEquals(16, hdmf.get("tables").get("general/extracellular_ephys/electrodes").get("rows").asInt());
        assertEquals(counts, json.convertValue(hdmf.get("tables").get("units").get("spike_counts"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Long>>() { }), "hdmf reads the ragged spike_times through spike_times_index");
        for (int i = 0; i < stims.size(); i++)
            assertEquals(seconds(stims.get(i).timeMicros()), hdmf.get("tables").get("intervals/stimulations").get("start_time").get(i).asDouble(), 1e-9);
    }

    @Test
    void nwb_in_a_zip_is_the_same_file() throws Exception {
        Path zip = dir.resolve("nwb.zip");
        try (OutputStream out = Files.newOutputStream(zip); ExportSink sink = ExportSink.zip(out)) {
            Exports.write(store, folders, id, ExportFormat.NWB, sink, ExportProgress.NONE);
        }
        List<String> names = new ArrayList<>();
        Path nwb = dir.resolve("from-zip.nwb");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                if (e.getName().endsWith(".nwb")) Files.write(nwb, in.readAllBytes());
            }
        }
        assertEquals(List.of("recording-" + id + ".nwb", "neurolab.json"), names);
        JsonNode r = readNwb(nwb);
        assertEquals(5, r.get("stimulations").get("rows").asInt());
        assertEquals(List.of(), json.convertValue(r.get("hdmf").get("errors"), List.class));
    }

    @Test
    void nwb_of_an_array_that_skipped_ahead_has_each_samples_time_and_the_gap_as_invalid_times() throws Exception {
        String mea = "sim/mea0";
        long rec = store.createRecording(10_000_000, 0, List.of(mea), List.of("sim/mea0-o0"), true,
                new RecordingProvenance("run-2", "sha256:s", rigConfig, "", "", null), "k=6", "alice", "lab-1");
        Path raw = folders.claim(store.rawFolder(rec), rec);
        RawChunkWriter w = new RawChunkWriter(raw.resolve("sim_mea0"), mea, RATE, RECORDED);
        long first = 300_000, skip = 3_000; // 10 s into the array's clock; 100 ms shed after 0.5 s
        for (int b = 0; b < 20; b++) {
            long f = first + (long) b * BLOCK + (b >= 10 ? skip : 0);
            float[] smp = new float[CHANNELS * BLOCK];
            for (int c = 0; c < CHANNELS; c++) for (int i = 0; i < BLOCK; i++) smp[c * BLOCK + i] = truth(c, f + i);
            w.append(new RawSampleBlock(mea, f, f * 1_000_000 / RATE, RATE, CHANNELS, BLOCK, smp));
        }
        w.close();
        var gap = new org.neurolab.recording.RecordingGap(mea, 10_500_000, 10_600_000, "the simulation fell 0.1 s behind: model time shed");
        store.append(rec, List.of(), List.of(), (m, e) -> m + "-o0", List.of(), List.of(gap), 11_100_000, Long.MIN_VALUE);
        store.indexChunks(rec, rawIndex(raw, mea));
        store.finishRecording(rec, 11_100_000);
        Path out = dir.resolve("export-gap-nwb");
        try (ExportSink sink = ExportSink.folder(out)) {
            Exports.write(store, folders, rec, ExportFormat.NWB, sink, ExportProgress.NONE);
        }
        JsonNode r = readNwb(out.resolve("recording-" + rec + ".nwb"));
        JsonNode s = r.get("series").get("ElectricalSeries_sim_mea0");
        assertEquals(List.of(20 * BLOCK, RECORDED.length), json.convertValue(s.get("shape"), List.class));
        assertTrue(s.get("starting_time") == null, "samples that skip ahead have no single rate: " + s);
        assertEquals(0.0, s.get("timestamps_first_last").get(0).asDouble(), 1e-9);
        assertEquals(0.6 + (10 * BLOCK - 1) / (double) RATE, s.get("timestamps_first_last").get(1).asDouble(), 1e-9, "the last sample after the gap");
        JsonNode inv = r.get("invalid_times");
        assertEquals(1, inv.get("rows").asInt());
        assertEquals(0.5, inv.get("start_time").get(0).asDouble(), 1e-9);
        assertEquals(0.6, inv.get("stop_time").get(0).asDouble(), 1e-9);
        assertEquals("sim_mea0", inv.get("mea").get(0).asText());
        assertEquals(gap.reason(), inv.get("reason").get(0).asText());
        assertTrue(r.get("units") == null && r.get("stimulations") == null, "no spikes, no stimulations: no empty tables");
        assertEquals(List.of(), json.convertValue(r.get("hdmf").get("errors"), List.class));
        assertEquals(1, r.get("hdmf").get("tables").get("intervals/invalid_times").get("rows").asInt());
    }
}
