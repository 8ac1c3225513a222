package org.neurolab.console.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.SpikeQuery;
import org.neurolab.recording.StoredSpike;

/** The stored waveform snippets of a recording's spikes (µV around each spike), for notebooks: raw snippets by time range. */
final class SnippetResource {
    static final int MAX_SNIPPETS = 10_000;
    private final LabServices lab;

    SnippetResource(LabServices lab) {
        this.lab = lab;
    }

    void register(RouteTable t) {
        t.get("/api/recordings/{id}/snippets", Access.ANY_USER, "Spikes with their stored waveform snippets (µV) in [from, to) µs of lab time, "
                + "filtered by ?organoid, ?mea & ?electrode; at most ?limit (" + MAX_SNIPPETS + ")", c -> {
            // readable by the same people as the recording's spikes: its owner, those it is shared with, the lab's roles
            RecordingInfo r = RecordingResource.readable(lab, c);
            long id = r.id();
            long from = c.queryLong("from", r.startedMicros(), 0, Long.MAX_VALUE);
            long to = c.queryLong("to", r.stoppedMicros() != null ? r.stoppedMicros() + 1 : Long.MAX_VALUE, 0, Long.MAX_VALUE);
            if (to < from) throw ApiException.badRequest("'to' (" + to + ") is before 'from' (" + from + ")");
            int limit = (int) c.queryLong("limit", 1000, 1, MAX_SNIPPETS);
            Integer electrode = c.query("electrode") == null ? null : (int) c.queryLong("electrode", 0, 0, 100_000);
            String mea = c.query("mea");
            if (electrode != null && mea == null) throw ApiException.badRequest("?electrode needs ?mea (electrode indices are per array)");
            List<StoredSpike> spikes = lab.recordings().spikes(new SpikeQuery(id, from, to, c.query("organoid"), mea, electrode, limit));
            return spikes.stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("meaId", s.meaId());
                m.put("organoidId", String.valueOf(s.organoidId()));
                m.put("electrode", s.electrode());
                m.put("timeMicros", s.timeMicros());
                m.put("amplitudeMicrovolts", s.amplitudeMicrovolts());
                m.put("snippetMicrovolts", s.snippet());
                return m;
            }).toList();
        });
    }
}
