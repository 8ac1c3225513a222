package org.neurolab.console.internal.rest;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;

/** Stored recordings: list, spikes in a time range, counts per bin, CSV export. */
final class RecordingResource {
    static final int MAX_SPIKES_JSON = 100_000;
    static final int MAX_SPIKES_CSV = 5_000_000;
    static final int MAX_BINS = 100_000;
    private final LabServices lab;

    RecordingResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/recordings", Access.ANY_USER, "Stored recordings, with their arrays, cultures and provenance", c -> lab.recordings().recordings());
        t.get("/api/recordings/{id}", Access.ANY_USER, "One recording", c -> info(c));
        t.get("/api/recordings/{id}/spikes", Access.ANY_USER,
                "Spikes in [from, to) µs of lab time, filtered by ?organoid, ?mea & ?electrode; at most ?limit (" + MAX_SPIKES_JSON + ")",
                c -> lab.recordings().spikes(query(c, MAX_SPIKES_JSON)).stream().map(RecordingResource::view).toList());
        t.get("/api/recordings/{id}/counts", Access.ANY_USER, "Spike counts in consecutive bins of ?binMicros over [from, to)", c -> {
            SpikeQuery q = query(c, MAX_SPIKES_JSON);
            long bin = c.queryLong("binMicros", 100_000, 1, Long.MAX_VALUE);
            if ((q.toMicros() - q.fromMicros()) / bin > MAX_BINS) throw ApiException.badRequest("that is more than " + MAX_BINS + " bins; widen binMicros");
            return Map.of("fromMicros", q.fromMicros(), "binMicros", bin, "counts", lab.recordings().countsPerBin(q, bin));
        });
        t.get("/api/recordings/{id}/stimulations", Access.ANY_USER, "Stimulations delivered during the recording in [from, to) µs of lab time", c -> {
            SpikeQuery q = query(c, 1);
            return lab.recordings().stimulations(q.recordingId(), q.fromMicros(), q.toMicros());
        });
        t.get("/api/recordings/{id}/export", Access.ANY_USER, "The spikes as CSV (recording, mea, organoid, electrode, time µs, amplitude µV)", c -> {
            SpikeQuery q = query(c, MAX_SPIKES_CSV);
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

    private RecordingInfo info(Call c) {
        long id = id(c);
        return lab.recordings().recordings().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("no recording " + id));
    }

    private static long id(Call c) {
        try {
            return Long.parseLong(c.path("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("a recording id is a number, was '" + Call.clip(c.path("id")) + "'");
        }
    }

    private SpikeQuery query(Call c, int maxLimit) {
        RecordingInfo r = info(c);
        long from = c.queryLong("from", r.startedMicros(), 0, Long.MAX_VALUE);
        long to = c.queryLong("to", r.stoppedMicros() != null ? r.stoppedMicros() + 1 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
        if (to < from) throw ApiException.badRequest("'to' (" + to + ") is before 'from' (" + from + ")");
        int limit = (int) c.queryLong("limit", maxLimit, 1, maxLimit);
        Integer electrode = c.query("electrode") == null ? null : (int) c.queryLong("electrode", 0, 0, 100_000);
        String mea = c.query("mea");
        if (electrode != null && mea == null) throw ApiException.badRequest("?electrode needs ?mea (electrode indices are per array)");
        return new SpikeQuery(r.id(), from, to, c.query("organoid"), mea, electrode, limit);
    }

    static Map<String, Object> view(StoredSpike s) {
        return Map.of("meaId", s.meaId(), "organoidId", String.valueOf(s.organoidId()), "electrode", s.electrode(), "timeMicros", s.timeMicros(),
                "amplitudeMicrovolts", s.amplitudeMicrovolts());
    }
}
