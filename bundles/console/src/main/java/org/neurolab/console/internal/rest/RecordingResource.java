package org.neurolab.console.internal.rest;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.RecordingGap;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingOptions;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;

/**
 * Stored recordings: list, spikes in a time range, counts per bin, exports (CSV of spikes; Open Ephys and Phy as a
 * streamed zip), shares. A recording is readable by its owner, operators, admins, ethics officers and the users its
 * owner shared it with; everyone else gets 403 and sees it in no list.
 */
final class RecordingResource {
    static final int MAX_SPIKES_JSON = 100_000;
    static final int MAX_SPIKES_CSV = 5_000_000;
    static final int MAX_BINS = 100_000;
    static final int MAX_GAPS = 1_000;
    /** Lab time up to which the recording holds all its arrays delivered (absent: nothing committed yet). */
    static final String COMPLETE_HEADER = "NeuroLab-Complete-Up-To-Micros";
    /** Where the answer ends: the asked 'to', or the complete data when that is earlier. */
    static final String ANSWERED_HEADER = "NeuroLab-Answered-To-Micros";
    /** How many gaps (data missing for good) the answered range holds, and their length; the list is at /gaps. */
    static final String GAPS_HEADER = "NeuroLab-Gaps";
    static final String COMPLETE = "Without ?to, or with one beyond the complete data, it ends at the complete data (never at data still on its way); headers "
            + "NeuroLab-Answered-To-Micros, NeuroLab-Complete-Up-To-Micros and NeuroLab-Gaps (count and length of the gaps in the range, listed at /gaps) say so";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = ApiServlet.mapper();
    private final LabServices lab;

    RecordingResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/recordings", Access.ANY_USER, "Stored recordings you may read, with their arrays, cultures, state, acknowledged counts and provenance",
                c -> lab.recordings().recordings().stream().filter(r -> lab.recordings().mayRead(r.id(), c.user(), roles(c))).toList());
        t.get("/api/recordings/{id}", Access.ANY_USER, "One recording, with completeUpToMicros and its gaps (data missing for good, not silence; "
                + "the first " + MAX_GAPS + ")", c -> withGaps(info(c)));
        t.get("/api/recordings/{id}/spikes", Access.ANY_USER,
                "Spikes in [from, to) µs of lab time, filtered by ?organoid, ?mea & ?electrode; at most ?limit (" + MAX_SPIKES_JSON + "). " + COMPLETE,
                c -> {
                    Range q = range(c, MAX_SPIKES_JSON);
                    return lab.recordings().spikes(q.query()).stream().map(RecordingResource::view).toList();
                });
        t.get("/api/recordings/{id}/counts", Access.ANY_USER, "Spike counts in consecutive bins of ?binMicros over [from, to), with the answered range "
                + "(toMicros), completeUpToMicros and the gaps in it: a gap's bins are missing data, not zero activity", c -> {
            Range r = range(c, MAX_SPIKES_JSON);
            SpikeQuery q = r.query();
            long bin = c.queryLong("binMicros", 100_000, 1, Long.MAX_VALUE);
            if ((q.toMicros() - q.fromMicros()) / bin > MAX_BINS) throw ApiException.badRequest("that is more than " + MAX_BINS + " bins; widen binMicros");
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("fromMicros", q.fromMicros());
            m.put("toMicros", q.toMicros());
            m.put("binMicros", bin);
            m.put("counts", lab.recordings().countsPerBin(q, bin));
            m.put("completeUpToMicros", r.completeUpToMicros());
            m.put("gaps", r.gaps());
            return m;
        });
        t.get("/api/recordings/{id}/stimulations", Access.ANY_USER, "Stimulations delivered during the recording in [from, to) µs of lab time. " + COMPLETE, c -> {
            SpikeQuery q = range(c, 1).query();
            return lab.recordings().stimulations(q.recordingId(), q.fromMicros(), q.toMicros());
        });
        t.get("/api/recordings/{id}/gaps", Access.ANY_USER, "Gaps of the recording's arrays (data missing for good: shed simulation time, a dropped "
                + "connection) overlapping [from, to) µs of lab time (default: all), oldest first", c -> {
            RecordingInfo r = info(c);
            long from = c.queryLong("from", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
            long to = c.queryLong("to", Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
            if (to < from) throw ApiException.badRequest("'to' (" + to + ") is before 'from' (" + from + ")");
            return lab.recordings().gaps(r.id(), from, to);
        });
        t.get("/api/recordings/{id}/status", Access.ANY_USER, "A running recording's live status: acknowledged (committed) and in-flight counts, losses", c -> {
            RecordingInfo r = info(c);
            return lab.recordings().status(r.id()).orElseThrow(() -> new ApiException(409, "recording " + r.id() + " is not running here (" + r.state() + ")"));
        });
        t.get("/api/recordings/{id}/shares", Access.ANY_USER, "Users the recording is shared with", c -> lab.recordings().sharedWith(info(c).id()));
        t.post("/api/recordings/{id}/shares", Access.ANY_USER, "Share the recording with a user (body {user}); its owner or an admin", c -> {
            RecordingInfo r = info(c);
            String user = Call.text(c.json(), "user", true, 200);
            lab.recordings().share(r.id(), user, c.user(), roles(c));
            return lab.recordings().sharedWith(r.id());
        });
        t.delete("/api/recordings/{id}/shares/{user}", Access.ANY_USER, "Take a share back; its owner or an admin", c -> {
            RecordingInfo r = info(c);
            lab.recordings().unshare(r.id(), c.path("user"), c.user(), roles(c));
            return lab.recordings().sharedWith(r.id());
        });
        t.get("/api/recordings/{id}/export", Access.ANY_USER, "?format=csv (default: the spikes as CSV: recording, mea, organoid, electrode, time µs, amplitude µV), "
                + "openephys (Open Ephys binary), phy (Phy folders per array) or nwb (one NWB 2.7 file), streamed as a zip", c -> {
            String format = c.query("format");
            if (format != null && !format.equalsIgnoreCase("csv")) return zip(c, format);
            SpikeQuery q = range(c, MAX_SPIKES_CSV).query();
            var spikes = lab.recordings().spikes(q);
            c.response().setStatus(200);
            c.response().setContentType("text/csv;charset=utf-8");
            c.response().setHeader("Content-Disposition", "attachment; filename=\"recording-" + q.recordingId() + "-spikes.csv\"");
            PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(c.response().getOutputStream(), StandardCharsets.UTF_8));
            w.print("recording,mea,organoid,electrode,time_us,amplitude_uv\n");
            for (StoredSpike s : spikes)
                w.print(s.recordingId() + "," + s.meaId() + "," + s.organoidId() + "," + s.electrode() + "," + s.timeMicros() + "," + s.amplitudeMicrovolts() + "\n");
            w.flush();
            return Call.STREAMED;
        });
    }

    private Object zip(Call c, String formatName) throws java.io.IOException {
        ExportFormat format;
        try {
            format = ExportFormat.of(formatName);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage() + " or csv");
        }
        RecordingInfo r = info(c);
        var response = c.response();
        // headers go out with the first byte, so a refusal before it (e.g. a format not offered) is still a JSON error
        OutputStream out = new java.io.FilterOutputStream(null) {
            private OutputStream body;

            private OutputStream body() throws java.io.IOException {
                if (body == null) {
                    response.setStatus(200);
                    response.setContentType("application/zip");
                    response.setHeader("Content-Disposition", "attachment; filename=\"recording-" + r.id() + "-" + format.id() + ".zip\"");
                    body = response.getOutputStream();
                }
                return body;
            }

            @Override
            public void write(int b) throws java.io.IOException {
                body().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                body().write(b, off, len);
            }

            @Override
            public void flush() throws java.io.IOException {
                if (body != null) body.flush();
            }

            @Override
            public void close() throws java.io.IOException {
                if (body != null) body.flush();
            }
        };
        lab.recordings().exportZip(r.id(), format, out, ExportProgress.NONE);
        out.flush();
        return Call.STREAMED;
    }

    static Set<String> roles(Call c) {
        Set<String> roles = new TreeSet<>();
        if (c.principal() != null) c.principal().roles().forEach(x -> roles.add(x.id()));
        return roles;
    }

    /** The recording, if the caller may read it: 404 when there is none, 403 when it is someone else's and not shared. */
    private RecordingInfo info(Call c) {
        return readable(lab, c);
    }

    /** The recording of the call's {@code {id}}, if the caller may read it (404 when there is none, 403 when not theirs). */
    static RecordingInfo readable(LabServices lab, Call c) {
        long id = id(c);
        RecordingInfo r = lab.recordings().recordings().stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("no recording " + id));
        if (!lab.recordings().mayRead(id, c.user(), roles(c)))
            throw new ApiException(403, "recording " + id + " is " + (r.owner().equals(RecordingOptions.LAB_OWNER) ? "the lab's (operators')" : r.owner() + "'s")
                    + "; its owner, operators, admins, ethics officers and users it is shared with may read it");
        return r;
    }

    private static long id(Call c) {
        try {
            return Long.parseLong(c.path("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a recording id is a number, was '" + Call.clip(c.path("id")) + "'");
        }
    }

    /** A query's range as answered: ending at the recording's complete data, with the gaps in it. */
    record Range(SpikeQuery query, Long completeUpToMicros, List<RecordingGap> gaps) {
    }

    /**
     * The asked range, ended at the complete data: a query without {@code to}, or with one beyond the complete data, is
     * answered up to it (never from data still on its way), and the answer's headers say so ({@link #COMPLETE_HEADER},
     * {@link #ANSWERED_HEADER}, {@link #GAPS_HEADER}).
     */
    Range range(Call c, int maxLimit) {
        return range(c, maxLimit, maxLimit);
    }

    Range range(Call c, int maxLimit, int defaultLimit) {
        RecordingInfo r = info(c);
        long from = c.queryLong("from", r.startedMicros(), 0, Long.MAX_VALUE);
        long asked = c.queryLong("to", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        if (asked < from) throw ApiException.badRequest("'to' (" + asked + ") is before 'from' (" + from + ")");
        CompleteData.Answer complete = CompleteData.of(r, lab.recordings().status(r.id()).orElse(null), lab.control().dataHealth());
        long to = Math.max(from, Math.min(asked, complete.endMicros()));
        int limit = (int) c.queryLong("limit", defaultLimit, 1, maxLimit);
        Integer electrode = c.query("electrode") == null ? null : (int) c.queryLong("electrode", 0, 0, 100_000);
        String mea = c.query("mea");
        if (electrode != null && mea == null) throw ApiException.badRequest("?electrode needs ?mea (electrode indices are per array)");
        List<RecordingGap> gaps = lab.recordings().gaps(r.id(), from, to).stream().filter(g -> mea == null || g.meaId().equals(mea)).toList();
        c.response().setHeader(ANSWERED_HEADER, Long.toString(to));
        if (complete.completeUpToMicros() != null) c.response().setHeader(COMPLETE_HEADER, Long.toString(complete.completeUpToMicros()));
        c.response().setHeader(GAPS_HEADER, gaps.size() + " gap(s), " + gaps.stream().mapToLong(RecordingGap::durationMicros).sum() + " µs");
        return new Range(new SpikeQuery(r.id(), from, to, c.query("organoid"), mea, electrode, limit), complete.completeUpToMicros(), gaps);
    }

    /** The recording as stored, with its gaps (the first {@link #MAX_GAPS}) and, while it runs, how far its data is complete now. */
    private Map<String, Object> withGaps(RecordingInfo r) {
        Map<String, Object> m = JSON.convertValue(r, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {
        });
        CompleteData.Answer complete = CompleteData.of(r, lab.recordings().status(r.id()).orElse(null), lab.control().dataHealth());
        m.put("completeUpToMicros", complete.completeUpToMicros());
        List<RecordingGap> gaps = lab.recordings().gaps(r.id(), Long.MIN_VALUE, Long.MAX_VALUE);
        m.put("gaps", gaps.size() > MAX_GAPS ? gaps.subList(0, MAX_GAPS) : gaps);
        return m;
    }

    static Map<String, Object> view(StoredSpike s) {
        return Map.of("meaId", s.meaId(), "organoidId", String.valueOf(s.organoidId()), "electrode", s.electrode(), "timeMicros", s.timeMicros(),
                "amplitudeMicrovolts", s.amplitudeMicrovolts());
    }
}
