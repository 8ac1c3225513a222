package org.neurolab.console.internal.rest;

import java.util.List;
import org.neurolab.api.control.DataSourceHealth;
import org.neurolab.recording.RecordingInfo;
import org.neurolab.recording.RecordingStatus;

/**
 * How far a recording's data is complete, and where a query that ends at "now" ends. A running recording is answered
 * up to what it has committed of its arrays' complete data (the lowest watermark at its last commit, and never past an
 * array's watermark now), so an answer never changes afterwards because late data arrived. A stopped or interrupted
 * recording gets nothing more: it is answered as far as it holds, and says how far that is complete.
 */
final class CompleteData {
    /**
     * @param completeUpToMicros lab time up to which the recording holds everything its arrays delivered, or null when
     *                           unknown (nothing committed yet, or recorded before completeness was stored)
     * @param endMicros          the exclusive end of the answer to a query without an end
     */
    record Answer(Long completeUpToMicros, long endMicros) {
    }

    private CompleteData() {
    }

    static Answer of(RecordingInfo r, RecordingStatus running, List<DataSourceHealth> health) {
        if (running == null || !running.running()) {
            long end = r.stoppedMicros() != null ? r.stoppedMicros() + 1 : Long.MAX_VALUE;
            return new Answer(r.completeUpToMicros(), end);
        }
        Long committed = running.completeUpToMicros();
        if (committed == null) return new Answer(null, r.startedMicros()); // nothing committed yet: nothing to answer from
        long complete = committed;
        for (DataSourceHealth h : health)
            if (r.meaIds().contains(h.meaId()) && h.watermarkMicros() != Long.MIN_VALUE) complete = Math.min(complete, h.watermarkMicros());
        return new Answer(complete, complete);
    }
}
