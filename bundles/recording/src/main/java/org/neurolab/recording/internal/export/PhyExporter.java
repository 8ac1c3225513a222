package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Phy's folder format (what Kilosort writes and Phy, SpikeInterface and Neo's PhyRawIO read), one folder per array,
 * {@code phy/<mea>/}. The lab does not sort spikes: each electrode's threshold crossings are one cluster (and one
 * template, the mean of their stored 3 ms snippets on that electrode's channel), labelled {@code unsorted}:
 * <pre>
 *   params.py              dat_path, n_channels_dat, dtype, offset, sample_rate, hp_filtered
 *   recording.dat          the raw traces of the recorded electrodes, int16 interleaved (when raw traces were kept)
 *   spike_times.npy        uint64, samples from the first sample of recording.dat (or of the recording's start)
 *   spike_clusters.npy     int32, the electrode;  spike_templates.npy: the same
 *   amplitudes.npy         float64, peak amplitude in µV
 *   templates.npy          float32 (electrodes, samples, channels): mean waveform on the electrode's channel
 *   spike_waveforms.npy    float32 (spikes, samples): each spike's stored snippet, µV
 *   channel_map.npy, channel_positions.npy (µm), cluster_group.tsv, cluster_info.tsv (cluster, channel, electrode, culture, spikes)
 *   gaps.tsv               the array's gaps (data missing for good), in samples on spike_times' axis and in lab µs, with reasons
 * </pre>
 */
final class PhyExporter {
    private PhyExporter() {
    }

    static void write(ExportContext x) throws IOException, SQLException {
        for (ExportContext.Array a : x.arrays.values())
            x.expect(a.rawSamples() * a.channels() * 2L + a.spikes().total() * (8 + 4 + 4 + 8 + 4L * a.spikes().snippetFloats()));
        for (ExportContext.Array a : x.arrays.values()) array(x, a);
        x.text("neurolab.json", x.metadataJson("phy"));
    }

    /** The electrodes a folder's channels are: the raw file's, or (no raw traces) the recorded cultures' on this array. */
    private static int[] channels(ExportContext x, ExportContext.Array a) {
        if (!a.chunks().isEmpty()) return a.electrodes();
        TreeSet<Integer> es = new TreeSet<>();
        for (Map<String, String> c : x.cultures())
            if (c.get("mea").equals(a.meaId()) && !c.get("electrodes").isBlank())
                for (String e : c.get("electrodes").split(",")) es.add(Integer.parseInt(e.strip()));
        es.addAll(a.spikes().perElectrode().keySet());
        return es.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void array(ExportContext x, ExportContext.Array a) throws IOException, SQLException {
        String dir = "phy/" + a.safeName() + "/";
        int[] channelElectrode = channels(x, a);
        int channels = channelElectrode.length;
        int[] channelOf = new int[Arrays.stream(channelElectrode).max().orElse(-1) + 1];
        Arrays.fill(channelOf, -1);
        for (int c = 0; c < channels; c++) channelOf[channelElectrode[c]] = c;
        int templates = channelOf.length; // template (and cluster) id = electrode index
        long n = a.spikes().total();
        int len = a.spikes().snippetFloats();
        long id = x.info.id();
        boolean raw = !a.chunks().isEmpty();
        long t0 = raw ? a.chunks().get(0).firstSampleIndex() : Math.round(x.info.startedMicros() * (double) a.sampleRateHz() / 1e6);

        x.text(dir + "params.py", "dat_path = " + (raw ? "'recording.dat'" : "None") + "\nn_channels_dat = " + channels + "\ndtype = 'int16'\noffset = 0\n"
                + "sample_rate = " + (double) a.sampleRateHz() + "\nhp_filtered = False\n" + "neurolab_first_sample = " + t0 + "\n"
                + "neurolab_uv_per_bit = " + org.neurolab.recording.internal.raw.RawChunkWriter.MICROVOLTS_PER_BIT + "\n");
        if (raw) {
            try (var out = x.entry(dir + "recording.dat")) {
                x.copyRaw(a, out);
            }
        }
        try (Npy s = Npy.open(x.entry(dir + "spike_times.npy"), "<u8", Npy.vector(n), n)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.int64(Math.max(0, a.sampleOf(si, t) - t0)));
        }
        for (String name : new String[]{"spike_clusters.npy", "spike_templates.npy"}) {
            try (Npy s = Npy.open(x.entry(dir + name), "<i4", Npy.vector(n), n)) {
                x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.int32(e));
            }
        }
        try (Npy s = Npy.open(x.entry(dir + "amplitudes.npy"), "<f8", Npy.vector(n), n)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, false, (o, e, t, si, amp, sn) -> s.float64(Math.abs(amp)));
        }
        double[][] sum = new double[templates][len];
        long[] count = new long[templates];
        String[] cultureOf = new String[templates];
        try (Npy s = Npy.open(x.entry(dir + "spike_waveforms.npy"), "<f4", "(" + n + ", " + len + ")", n * len)) {
            x.store.forEachSpike(id, a.meaId(), x.untilMicros, true, (o, e, t, si, amp, sn) -> {
                for (int i = 0; i < len; i++) {
                    float v = i < sn.length ? sn[i] : 0f;
                    s.float32(v);
                    if (e < templates) sum[e][i] += v;
                }
                if (e < templates) {
                    count[e]++;
                    cultureOf[e] = o;
                }
                x.report();
            });
        }
        try (Npy s = Npy.open(x.entry(dir + "templates.npy"), "<f4", "(" + templates + ", " + len + ", " + channels + ")", (long) templates * len * channels)) {
            for (int t = 0; t < templates; t++)
                for (int i = 0; i < len; i++)
                    for (int c = 0; c < channels; c++) s.float32(c == channelOf[t] && count[t] > 0 ? (float) (sum[t][i] / count[t]) : 0f);
        }
        try (Npy s = Npy.open(x.entry(dir + "channel_map.npy"), "<i4", Npy.vector(channels), channels)) {
            for (int c = 0; c < channels; c++) s.int32(c);
        }
        try (Npy s = Npy.open(x.entry(dir + "channel_positions.npy"), "<f8", "(" + channels + ", 2)", 2L * channels)) {
            for (int c = 0; c < channels; c++) {
                double[] g = x.geometry(a.meaId(), channelElectrode[c]);
                s.float64(g == null ? 0 : g[0]);
                s.float64(g == null ? 200.0 * c : g[1]);
            }
        }
        StringBuilder group = new StringBuilder("cluster_id\tgroup\n"), info = new StringBuilder("cluster_id\tch\telectrode\tculture\tn_spikes\n");
        for (var e : a.spikes().perElectrode().entrySet()) {
            int el = e.getKey();
            group.append(el).append("\tunsorted\n");
            info.append(el).append('\t').append(el < channelOf.length ? channelOf[el] : -1).append('\t').append(el).append('\t')
                    .append(el < cultureOf.length && cultureOf[el] != null ? cultureOf[el] : "").append('\t').append(e.getValue()).append('\n');
        }
        x.text(dir + "cluster_group.tsv", group.toString());
        x.text(dir + "cluster_info.tsv", info.toString());
        if (!a.gaps().isEmpty()) { // Phy has no place for them: a table beside spike_times, on the same sample axis
            StringBuilder gaps = new StringBuilder("from_sample\tto_sample\tfrom_lab_micros\tto_lab_micros\treason\n");
            for (var g : a.gaps())
                gaps.append(Math.round(g.fromMicros() * (double) a.sampleRateHz() / 1e6) - t0).append('\t')
                        .append(Math.round(g.toMicros() * (double) a.sampleRateHz() / 1e6) - t0).append('\t').append(g.fromMicros()).append('\t')
                        .append(g.toMicros()).append('\t').append(g.reason().replace('\t', ' ').replace('\n', ' ')).append('\n');
            x.text(dir + "gaps.tsv", gaps.toString());
        }
    }
}
