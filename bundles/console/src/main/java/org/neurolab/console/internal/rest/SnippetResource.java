package org.neurolab.console.internal.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.recording.StoredSpike;

/** The stored waveform snippets of a recording's spikes (µV around each spike), for notebooks: raw snippets by time range. */
final class SnippetResource {
    static final int MAX_SNIPPETS = 10_000;
    private final LabServices lab;
    private final RecordingResource recordings;

    SnippetResource(LabServices lab, RecordingResource recordings) {
        this.lab = lab;
        this.recordings = recordings;
    }

    void register(RouteTable t) {
        t.get("/api/recordings/{id}/snippets", Access.ANY_USER, "Spikes with their stored waveform snippets (µV) in [from, to) µs of lab time, "
                + "filtered by ?organoid, ?mea & ?electrode; at most ?limit (default 1000, at most " + MAX_SNIPPETS + "). " + RecordingResource.COMPLETE, c -> {
            // the same access check and range as the other recording queries: ends at the complete data, says so in headers
            List<StoredSpike> spikes = lab.recordings().spikes(recordings.range(c, MAX_SNIPPETS, 1000).query());
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
