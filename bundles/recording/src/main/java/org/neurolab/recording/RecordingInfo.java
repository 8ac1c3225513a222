package org.neurolab.recording;

import java.util.List;

/**
 * A stored recording.
 *
 * @param id                 its id
 * @param startedMicros      lab time it started
 * @param stoppedMicros      lab time it stopped, or null while running (or when the lab died during it)
 * @param startedEpochMillis wall clock at the start
 * @param meaIds             arrays recorded
 * @param organoidIds        cultures recorded
 * @param rawTraces          whether raw traces were kept
 * @param provenance         where it came from
 * @param detection          the detection settings, as text
 */
public record RecordingInfo(long id, long startedMicros, Long stoppedMicros, long startedEpochMillis, List<String> meaIds, List<String> organoidIds,
                            boolean rawTraces, RecordingProvenance provenance, String detection) {
    public RecordingInfo {
        meaIds = List.copyOf(meaIds);
        organoidIds = List.copyOf(organoidIds);
    }
}
