package org.neurolab.recording.internal.export;

import static org.neurolab.recording.internal.export.NwbTables.COMMON;
import static org.neurolab.recording.internal.export.NwbTables.CORE;
import static org.neurolab.recording.internal.export.NwbTables.typed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.StoredStimulation;
import org.neurolab.recording.internal.export.NwbTables.Table;
import org.neurolab.recording.internal.export.hdf5.H5Dataset;
import org.neurolab.recording.internal.export.hdf5.H5File;
import org.neurolab.recording.internal.export.hdf5.H5Group;
import org.neurolab.recording.internal.export.hdf5.H5Node;
import org.neurolab.recording.internal.export.hdf5.H5Type;
import org.neurolab.recording.internal.store.RecordingStore.RawChunk;

/**
 * One NWB 2.7 file, {@code recording-<id>.nwb} (HDF5), beside {@code neurolab.json}:
 * <pre>
 *   /acquisition/ElectricalSeries_&lt;mea&gt;   raw traces (int16 × conversion = volts), starting_time + rate, or timestamps
 *                                          when the array's samples do not follow on; electrodes: rows of the table below
 *   /general/devices/&lt;mea&gt;, /general/extracellular_ephys/&lt;mea&gt; (ElectrodeGroup), .../electrodes (x, y and rel_x,
 *                                          rel_y in µm on the array, group, electrode, culture)
 *   /general/subject                       the cultures: cell line, batch, seeding date, consent reference (no donor data)
 *   /units                                 one unit per electrode with spikes (threshold events, not sorted): spike_times,
 *                                          electrodes, electrode_group, waveforms (each spike's snippet), waveform_mean
 *   /intervals/stimulations                each stimulation train: start, end, electrodes, amplitude, pulses, trigger
 *   /intervals/invalid_times               the arrays' gaps (data missing for good) with their reasons
 * </pre>
 * Times are seconds from the recording's start (session_start_time, UTC). Data streams from the store and the raw
 * files in one pass per dataset, in bounded memory.
 */
final class NwbExporter {
    static final String NWB_VERSION = "2.7.0";
    /** ISO 8601 with milliseconds and a numeric UTC offset, as NWB's isodatetime. */
    static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private final ExportContext x;
    private final long t0;
    private final H5File file = new H5File();
    private final Map<String, Map<Integer, Integer>> rowOf = new LinkedHashMap<>(); // mea -> electrode -> electrodes table row
    private final Map<String, H5Group> electrodeGroups = new LinkedHashMap<>();
    private H5Group electrodesTable;

    private NwbExporter(ExportContext x) {
        this.x = x;
        this.t0 = x.info.startedMicros();
    }

    static void write(ExportContext x) throws IOException, SQLException {
        NwbExporter n = new NwbExporter(x);
        n.build();
        for (ExportContext.Array a : x.arrays.values())
            x.expect(a.rawSamples() * a.channels() * 2L + a.spikes().total() * (8 + 8 + 4L * a.spikes().snippetFloats()) + a.stimulations().size() * 64L);
        try (OutputStream out = x.entry("recording-" + x.info.id() + ".nwb")) {
            n.file.write(out);
        }
        x.text("neurolab.json", x.metadataJson("nwb"));
    }

    private double seconds(long labMicros) {
        return (labMicros - t0) / 1e6;
    }

    private void build() throws IOException {
        H5Group root = typed(file.root(), CORE, "NWBFile");
        root.attr("nwb_version", NWB_VERSION);
        Instant start = Instant.ofEpochMilli(x.info.startedEpochMillis());
        String startText = ISO.format(start);
        root.add("file_create_date", H5Dataset.vector(H5Type.TEXT, new String[]{ISO.format(Instant.now())}));
        root.add("identifier", H5Dataset.scalar("neurolab-" + x.store.storeId() + "-recording-" + x.info.id()
                + (x.untilMicros == Long.MAX_VALUE ? "" : "-until-" + x.untilMicros)));
        root.add("session_description", H5Dataset.scalar("NeuroLab recording " + x.info.id() + " of " + String.join(", ", x.info.organoidIds()) + " on "
                + String.join(", ", x.info.meaIds()) + (x.info.provenance().runId().isEmpty() ? "" : " (run " + x.info.provenance().runId() + ")")));
        root.add("session_start_time", H5Dataset.scalar(startText));
        root.add("timestamps_reference_time", H5Dataset.scalar(startText));
        H5Group acquisition = root.group("acquisition");
        root.group("analysis");
        root.group("processing");
        H5Group stimulus = root.group("stimulus");
        stimulus.group("presentation");
        stimulus.group("templates");
        general(root.group("general"));
        for (ExportContext.Array a : x.arrays.values()) if (!a.chunks().isEmpty()) electricalSeries(acquisition, a);
        H5Group intervals = root.group("intervals");
        stimulations(intervals);
        invalidTimes(intervals);
        if (x.arrays.values().stream().anyMatch(a -> a.spikes().total() > 0)) units(root.group("units"));
    }

    // ---- general: provenance, devices, electrodes, subject ------------------------------------------------------

    private void general(H5Group g) throws IOException {
        var p = x.info.provenance();
        g.add("session_id", H5Dataset.scalar("recording-" + x.info.id()));
        g.add("lab", H5Dataset.scalar("NeuroLab OS, store " + x.store.storeId()));
        g.add("data_collection", H5Dataset.scalar("spike detection: " + x.info.detection()));
        g.add("stimulus", H5Dataset.scalar("current stimulation trains through the arrays' electrodes; one row each in /intervals/stimulations"));
        g.add("notes", H5Dataset.scalar("recording " + x.info.id() + " of store " + x.store.storeId() + ", state " + x.info.state()
                + ", lab time at session start " + t0 + " µs" + (x.untilMicros == Long.MAX_VALUE ? "" : ", exported as far as acknowledged: lab time " + x.untilMicros + " µs")
                + ", complete up to lab time " + x.info.completeUpToMicros() + " µs; run " + p.runId() + ", script " + p.scriptHash() + ", ethics policy set "
                + p.policySetHash() + (p.simulatorSeed() == null ? "" : ", simulator seed " + p.simulatorSeed()) + "\ndriver versions:\n" + p.driverVersions()));
        Properties versions = new Properties();
        versions.load(new StringReader(p.driverVersions()));
        H5Group devices = g.group("devices");
        H5Group ephys = g.group("extracellular_ephys");
        for (ExportContext.Array a : x.arrays.values()) {
            H5Group d = typed(devices.group(a.safeName()), CORE, "Device");
            String model = versions.getProperty("device." + a.meaId() + ".model", "");
            d.attr("description", "multi-electrode array " + a.meaId() + (model.isEmpty() ? "" : ", " + model + " firmware "
                    + versions.getProperty("device." + a.meaId() + ".firmware", "?")));
            if (!model.isEmpty()) d.attr("manufacturer", model);
            H5Group eg = typed(ephys.group(a.safeName()), CORE, "ElectrodeGroup");
            eg.attr("description", "the electrodes of " + a.meaId() + " recorded");
            eg.attr("location", "in vitro: " + String.join(", ", culturesOn(a.meaId())) + " on " + a.meaId());
            eg.softLink("device", "/general/devices/" + a.safeName());
            electrodeGroups.put(a.meaId(), eg);
        }
        electrodes(ephys.group("electrodes"));
        subject(g.group("subject"));
    }

    private List<String> culturesOn(String mea) {
        return x.cultures().stream().filter(c -> c.get("mea").equals(mea)).map(c -> c.get("id")).toList();
    }

    /** Every electrode the recording names: raw channels, its cultures', those with spikes or stimulations. */
    private void electrodes(H5Group group) {
        List<String> mea = new ArrayList<>(), location = new ArrayList<>(), culture = new ArrayList<>();
        List<H5Node> groups = new ArrayList<>();
        List<Float> xs = new ArrayList<>(), ys = new ArrayList<>(), diameters = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (ExportContext.Array a : x.arrays.values()) {
            Map<Integer, String> cultureOf = new LinkedHashMap<>();
            for (Map<String, String> c : x.cultures())
                if (c.get("mea").equals(a.meaId()) && !c.get("electrodes").isBlank())
                    for (String e : c.get("electrodes").split(",")) cultureOf.put(Integer.parseInt(e.strip()), c.get("id"));
            TreeSet<Integer> es = new TreeSet<>(cultureOf.keySet());
            for (int e : a.electrodes()) es.add(e);
            es.addAll(a.spikes().perElectrode().keySet());
            for (StoredStimulation s : a.stimulations()) es.addAll(electrodesOf(s));
            Map<Integer, Integer> rows = new LinkedHashMap<>();
            for (int e : es) {
                rows.put(e, index.size());
                index.add(e);
                mea.add(a.safeName());
                groups.add(electrodeGroups.get(a.meaId()));
                String c = cultureOf.getOrDefault(e, "");
                culture.add(c);
                location.add(c.isEmpty() ? "in vitro, " + a.meaId() + ": no recorded culture" : "in vitro, " + a.meaId() + ": " + c);
                double[] geo = x.geometry(a.meaId(), e);
                xs.add(geo == null ? Float.NaN : (float) geo[0]);
                ys.add(geo == null ? Float.NaN : (float) geo[1]);
                diameters.add(geo == null ? Float.NaN : (float) geo[2]);
            }
            rowOf.put(a.meaId(), rows);
        }
        int n = index.size();
        Table t = new Table(group, COMMON, "DynamicTable", "the arrays' electrodes the recording names; positions in µm on the array", n, null);
        electrodesTable = group;
        t.column("location", "the culture over the electrode (in vitro)", H5Dataset.vector(H5Type.TEXT, NwbTables.texts(location)));
        t.column("group", "the electrode's array (ElectrodeGroup)", H5Dataset.vector(H5Type.REFERENCE, groups.toArray(H5Node[]::new)));
        t.column("group_name", "the electrode's array", H5Dataset.vector(H5Type.TEXT, NwbTables.texts(mea)));
        t.column("x", "x position on the array, µm (in vitro: no brain coordinates)", H5Dataset.vector(H5Type.FLOAT32, floats(xs)));
        t.column("y", "y position on the array, µm (in vitro: no brain coordinates)", H5Dataset.vector(H5Type.FLOAT32, floats(ys)));
        t.column("rel_x", "x position in the electrode group (the array), µm", H5Dataset.vector(H5Type.FLOAT32, floats(xs)));
        t.column("rel_y", "y position in the electrode group (the array), µm", H5Dataset.vector(H5Type.FLOAT32, floats(ys)));
        t.column("diameter", "electrode diameter, µm", H5Dataset.vector(H5Type.FLOAT32, floats(diameters)));
        t.column("electrode", "the electrode's index on its array, as the lab names it", H5Dataset.vector(H5Type.INT32, index.stream().mapToInt(i -> i).toArray()));
        t.column("culture", "the recorded culture over the electrode, or empty", H5Dataset.vector(H5Type.TEXT, NwbTables.texts(culture)));
        t.close();
    }

    private static float[] floats(List<Float> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) f[i] = l.get(i);
        return f;
    }

    /** The cultures as NWB's subject: what identifies them, and the donor only by the consent's reference. */
    private void subject(H5Group s) {
        typed(s, CORE, "Subject");
        List<Map<String, String>> cs = x.cultures();
        StringBuilder d = new StringBuilder("human neural organoid culture" + (cs.size() == 1 ? "" : "s") + " on multi-electrode arrays (no donor identity here: "
                + "the donor is named by the consent's reference only)");
        for (Map<String, String> c : cs)
            d.append("; ").append(c.get("id")).append(": cell line ").append(c.get("cellLine")).append(", batch ").append(c.get("batch")).append(", seeded ")
                    .append(c.get("seedingDate")).append(", donor consent ").append(c.get("donorConsentRef")).append(", on ").append(c.get("mea"))
                    .append(" electrodes ").append(c.get("electrodes"));
        s.add("subject_id", H5Dataset.scalar(String.join(",", x.info.organoidIds())));
        s.add("description", H5Dataset.scalar(d.toString()));
        s.add("species", H5Dataset.scalar("Homo sapiens"));
        TreeSet<String> lines = new TreeSet<>();
        for (Map<String, String> c : cs) if (!c.get("cellLine").isBlank()) lines.add(c.get("cellLine"));
        if (!lines.isEmpty()) s.add("strain", H5Dataset.scalar("cell line " + String.join(", ", lines)));
        if (cs.size() == 1 && !cs.get(0).get("seedingDate").isBlank()) { // the culture's "birth" is its seeding
            try {
                LocalDate seeded = LocalDate.parse(cs.get(0).get("seedingDate"));
                s.add("date_of_birth", H5Dataset.scalar(ISO.format(seeded.atStartOfDay().toInstant(ZoneOffset.UTC))));
                long days = ChronoUnit.DAYS.between(seeded, Instant.ofEpochMilli(x.info.startedEpochMillis()).atOffset(ZoneOffset.UTC).toLocalDate());
                if (days >= 0) s.add("age", H5Dataset.scalar("P" + days + "D")).attr("reference", "birth");
            } catch (java.time.format.DateTimeParseException ignored) {
                // a seeding date the lab did not record as a date: the description still carries it
            }
        }
    }

    // ---- acquisition: raw traces ----------------------------------------------------------------------------

    private void electricalSeries(H5Group acquisition, ExportContext.Array a) throws IOException {
        List<RawChunk> chunks = a.chunks();
        float uvPerBit = chunks.get(0).microvoltsPerBit();
        for (RawChunk c : chunks)
            if (c.microvoltsPerBit() != uvPerBit) throw new IOException("raw chunks of " + a.meaId() + " change their scale; they cannot be exported as one series");
        int channels = a.channels();
        long samples = a.rawSamples();
        H5Group es = typed(acquisition.group("ElectricalSeries_" + a.safeName()), CORE, "ElectricalSeries");
        es.attr("description", "raw wideband traces of " + a.meaId() + " (the recorded cultures' electrodes), " + a.sampleRateHz() + " Hz, int16 × conversion = volts");
        es.attr("comments", "gaps (data missing for good) are in /intervals/invalid_times");
        H5Dataset data = es.add("data", H5Dataset.streamed(H5Type.INT16, new long[]{samples, channels}, out -> x.copyRaw(a, out)));
        double volts = uvPerBit * 1e-6;
        data.attr("conversion", H5Type.FLOAT32, (float) volts).attr("offset", H5Type.FLOAT32, 0f).attr("resolution", H5Type.FLOAT32, (float) volts)
                .attr("unit", "volts").attr("continuity", "continuous");
        boolean follows = true;
        for (int i = 1; i < chunks.size(); i++)
            follows &= chunks.get(i).firstSampleIndex() == chunks.get(i - 1).firstSampleIndex() + chunks.get(i - 1).sampleCount();
        if (follows) {
            es.add("starting_time", H5Dataset.scalar(seconds(chunks.get(0).startMicros()))).attr("rate", H5Type.FLOAT32, (float) a.sampleRateHz())
                    .attr("unit", "seconds");
        } else { // samples skip ahead (a gap): each sample's own time
            es.add("timestamps", H5Dataset.streamed(H5Type.FLOAT64, new long[]{samples}, out -> {
                for (RawChunk c : chunks)
                    for (int i = 0; i < c.sampleCount(); i++) out.float64(seconds(c.startMicros()) + i / (double) c.sampleRateHz());
            })).attr("interval", H5Type.INT32, 1).attr("unit", "seconds");
        }
        Map<Integer, Integer> rows = rowOf.get(a.meaId());
        int[] region = Arrays.stream(a.electrodes()).map(rows::get).toArray();
        H5Dataset el = typed(es.add("electrodes", H5Dataset.vector(H5Type.INT32, region)), COMMON, "DynamicTableRegion");
        el.attr("description", "the electrodes of the data's channels, in order").attr("table", electrodesTable);
    }

    // ---- units: spikes per electrode --------------------------------------------------------------------------

    private void units(H5Group g) {
        List<ExportContext.Array> arrays = new ArrayList<>(x.arrays.values());
        List<long[]> units = new ArrayList<>(); // {array index, electrode, spikes}
        for (int i = 0; i < arrays.size(); i++)
            for (var e : arrays.get(i).spikes().perElectrode().entrySet()) units.add(new long[]{i, e.getKey(), e.getValue()});
        int n = units.size();
        long total = units.stream().mapToLong(u -> u[2]).sum();
        int len = arrays.stream().mapToInt(a -> a.spikes().snippetFloats()).max().orElse(0);
        long[] ids = new long[n], counts = new long[n], ones = new long[n];
        int[] electrodeRows = new int[n];
        H5Node[] groups = new H5Node[n];
        for (int u = 0; u < n; u++) {
            ExportContext.Array a = arrays.get((int) units.get(u)[0]);
            ids[u] = u;
            counts[u] = units.get(u)[2];
            ones[u] = 1;
            electrodeRows[u] = rowOf.get(a.meaId()).get((int) units.get(u)[1]);
            groups[u] = electrodeGroups.get(a.meaId());
        }
        Table t = new Table(g, CORE, "Units", "one unit per electrode with spikes: the lab's threshold events, not sorted into neurons", n, ids);
        H5Dataset times = t.column("spike_times", "spike times, seconds from the session start", H5Dataset.streamed(H5Type.FLOAT64, new long[]{total}, out -> {
            for (ExportContext.Array a : arrays) {
                UnitCheck check = new UnitCheck(a);
                x.store.forEachSpikeByElectrode(x.info.id(), a.meaId(), x.untilMicros, false, (o, e, tm, si, amp, sn) -> {
                    check.spike(e);
                    out.float64(seconds(tm));
                });
                check.done();
                x.report();
            }
        }));
        times.attr("resolution", H5Type.FLOAT64, 1e-6);
        t.index("spike_times_index", times, H5Dataset.vector(H5Type.UINT64, NwbTables.ends(counts)));
        H5Dataset el = t.region("electrodes", "the unit's electrode", H5Dataset.vector(H5Type.INT32, electrodeRows), electrodesTable);
        t.index("electrodes_index", el, H5Dataset.vector(H5Type.UINT64, NwbTables.ends(ones)));
        t.column("electrode_group", "the unit's array", H5Dataset.vector(H5Type.REFERENCE, groups));
        if (len > 0) waveforms(t, arrays, n, total, len, counts);
        t.close();
    }

    /** Each spike's stored snippet on its electrode (volts, zero-padded to the longest), and each unit's mean of them. */
    private void waveforms(Table t, List<ExportContext.Array> arrays, int units, long total, int len, long[] counts) {
        double[][] sum = new double[units][len];
        H5Dataset w = t.column("waveforms", "each spike's snippet on its electrode, volts", H5Dataset.streamed(H5Type.FLOAT32, new long[]{total, len}, out -> {
            int[] unit = {-1};
            for (ExportContext.Array a : arrays) {
                int[] last = {Integer.MIN_VALUE};
                x.store.forEachSpikeByElectrode(x.info.id(), a.meaId(), x.untilMicros, true, (o, e, tm, si, amp, sn) -> {
                    if (e != last[0]) {
                        last[0] = e;
                        unit[0]++;
                    }
                    for (int i = 0; i < len; i++) {
                        float v = i < sn.length ? sn[i] : 0f;
                        out.float32(v * 1e-6f);
                        sum[unit[0]][i] += v;
                    }
                    x.report();
                });
            }
        }));
        float rate = (float) arrays.get(0).sampleRateHz();
        boolean oneRate = arrays.stream().allMatch(a -> a.sampleRateHz() == arrays.get(0).sampleRateHz());
        if (oneRate) w.attr("sampling_rate", H5Type.FLOAT32, rate);
        w.attr("unit", "volts");
        // a spike's waveforms are on its one electrode: one row each; a unit's spikes are its rows of waveforms_index
        H5Dataset wi = t.index("waveforms_index", w, H5Dataset.streamed(H5Type.UINT64, new long[]{total}, out -> {
            for (long i = 1; i <= total; i++) out.int64(i);
        }));
        t.index("waveforms_index_index", wi, H5Dataset.vector(H5Type.UINT64, NwbTables.ends(counts)));
        // written after waveforms (datasets are written in the order they were added), from the sums that pass made
        H5Dataset mean = t.column("waveform_mean", "mean of the unit's snippets, volts", H5Dataset.streamed(H5Type.FLOAT32, new long[]{units, len}, out -> {
            for (int u = 0; u < units; u++)
                for (int i = 0; i < len; i++) out.float32(counts[u] == 0 ? 0f : (float) (sum[u][i] / counts[u] * 1e-6));
        }));
        if (oneRate) mean.attr("sampling_rate", H5Type.FLOAT32, rate);
        mean.attr("unit", "volts");
    }

    /** Fails the export when an electrode's spikes differ from the count its index was written with (the data changed under it). */
    private static final class UnitCheck {
        private final ExportContext.Array a;
        private int electrode = Integer.MIN_VALUE;
        private long seen;

        UnitCheck(ExportContext.Array a) {
            this.a = a;
        }

        void spike(int e) throws IOException {
            if (e != electrode) {
                done();
                electrode = e;
                seen = 0;
            }
            seen++;
        }

        void done() throws IOException {
            if (electrode != Integer.MIN_VALUE && a.spikes().perElectrode().getOrDefault(electrode, 0L) != seen)
                throw new IOException("electrode " + electrode + " of " + a.meaId() + " has " + seen + " spikes, counted " + a.spikes().perElectrode().get(electrode));
        }
    }

    // ---- intervals: stimulations and gaps ------------------------------------------------------------------------

    static List<Integer> electrodesOf(StoredStimulation s) {
        List<Integer> out = new ArrayList<>();
        if (s.electrodes() != null) for (String e : s.electrodes().split(",")) if (!e.isBlank()) out.add(Integer.parseInt(e.strip()));
        return out;
    }

    private void stimulations(H5Group intervals) {
        List<StoredStimulation> all = new ArrayList<>();
        for (ExportContext.Array a : x.arrays.values()) all.addAll(a.stimulations());
        if (all.isEmpty()) return;
        all.sort(Comparator.comparingLong(StoredStimulation::timeMicros));
        int n = all.size();
        double[] start = new double[n], stop = new double[n];
        float[] amplitude = new float[n];
        int[] phase = new int[n], pulses = new int[n];
        long[] period = new long[n], perRow = new long[n];
        List<Integer> rows = new ArrayList<>();
        String[] mea = new String[n], culture = new String[n], command = new String[n], trigger = new String[n];
        for (int i = 0; i < n; i++) {
            StoredStimulation s = all.get(i);
            start[i] = seconds(s.timeMicros());
            stop[i] = seconds(OpenEphysExporter.end(s));
            amplitude[i] = s.amplitudeMicroamps();
            phase[i] = s.phaseMicros();
            pulses[i] = s.pulseCount();
            period[i] = s.periodMicros();
            List<Integer> es = electrodesOf(s);
            for (int e : es) rows.add(rowOf.get(s.meaId()).get(e));
            perRow[i] = es.size();
            mea[i] = x.arrays.get(s.meaId()).safeName();
            culture[i] = nonNull(s.organoidId());
            command[i] = nonNull(s.commandId());
            trigger[i] = nonNull(s.trigger());
        }
        Table t = new Table(intervals.group("stimulations"), CORE, "TimeIntervals", "stimulation trains as the stimulators applied them (lab time of the first "
                + "pulse), one row each", n, null);
        t.column("start_time", "first pulse, seconds from the session start", H5Dataset.vector(H5Type.FLOAT64, start));
        t.column("stop_time", "end of the last pulse, seconds from the session start", H5Dataset.vector(H5Type.FLOAT64, stop));
        H5Dataset el = t.region("electrodes", "the electrodes stimulated", H5Dataset.vector(H5Type.INT32, rows.stream().mapToInt(i -> i).toArray()), electrodesTable);
        t.index("electrodes_index", el, H5Dataset.vector(H5Type.UINT64, NwbTables.ends(perRow)));
        t.column("amplitude", "current amplitude of a phase, µA", H5Dataset.vector(H5Type.FLOAT32, amplitude));
        t.column("phase_width", "duration of a phase, µs", H5Dataset.vector(H5Type.INT32, phase));
        t.column("pulses", "pulses in the train", H5Dataset.vector(H5Type.INT32, pulses));
        t.column("period", "pulse period, µs", H5Dataset.vector(H5Type.INT64, period));
        t.column("mea", "the array", H5Dataset.vector(H5Type.TEXT, mea));
        t.column("culture", "the culture stimulated", H5Dataset.vector(H5Type.TEXT, culture));
        t.column("command_id", "the command's id in the lab's audit log", H5Dataset.vector(H5Type.TEXT, command));
        t.column("trigger", "who or what sent it", H5Dataset.vector(H5Type.TEXT, trigger));
        t.close();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private void invalidTimes(H5Group intervals) {
        List<RecordingGap> gaps = new ArrayList<>();
        for (ExportContext.Array a : x.arrays.values()) gaps.addAll(a.gaps());
        if (gaps.isEmpty()) return;
        gaps.sort(Comparator.comparingLong(RecordingGap::fromMicros));
        int n = gaps.size();
        double[] start = new double[n], stop = new double[n];
        String[] mea = new String[n], reason = new String[n];
        for (int i = 0; i < n; i++) {
            start[i] = seconds(gaps.get(i).fromMicros());
            stop[i] = seconds(gaps.get(i).toMicros());
            mea[i] = x.arrays.get(gaps.get(i).meaId()).safeName();
            reason[i] = gaps.get(i).reason();
        }
        Table t = new Table(intervals.group("invalid_times"), CORE, "TimeIntervals", "the arrays' gaps: data missing for good (not silence)", n, null);
        t.column("start_time", "where the array's data stops, seconds from the session start", H5Dataset.vector(H5Type.FLOAT64, start));
        t.column("stop_time", "where it resumes", H5Dataset.vector(H5Type.FLOAT64, stop));
        t.column("mea", "the array", H5Dataset.vector(H5Type.TEXT, mea));
        t.column("reason", "what the array said", H5Dataset.vector(H5Type.TEXT, reason));
        t.close();
    }
}
