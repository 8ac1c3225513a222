package org.neurolab.recording;

import java.util.List;

/**
 * A stored recording.
 *
 * @param id                  its id
 * @param startedMicros       lab time it started
 * @param stoppedMicros       lab time it stopped, or null while running or when the lab died during it (see {@code state})
 * @param startedEpochMillis  wall clock at the start
 * @param meaIds              arrays recorded
 * @param organoidIds         cultures recorded (it holds their electrodes only)
 * @param rawTraces           whether raw traces were kept
 * @param provenance          where it came from
 * @param detection           the detection settings, as text
 * @param state               running, stopped, or interrupted by a crash
 * @param owner               who may share it: the user whose run started it; {@code system:recording} for the lab's automatic recording
 * @param acknowledged        what it had committed (for an interrupted recording: all it holds)
 * @param lastSeenMicros      lab time the lab last saw it recording (its last commit or heartbeat), or null
 * @param lastSeenEpochMillis wall clock of that moment, or null
 * @param completeUpToMicros  lab time up to which it holds everything its arrays delivered (their lowest watermark at its
 *                            last commit): queries that end at "now" end here; null before its first commit
 * @param gapCount            gaps its arrays reported while it recorded (data missing for good, not silence)
 * @param gapMicros           their total length
 */
public record RecordingInfo(long id, long startedMicros, Long stoppedMicros, long startedEpochMillis, List<String> meaIds, List<String> organoidIds,
                            boolean rawTraces, RecordingProvenance provenance, String detection, RecordingState state, String owner,
                            Acknowledged acknowledged, Long lastSeenMicros, Long lastSeenEpochMillis, Long completeUpToMicros, long gapCount,
                            long gapMicros) {
    public RecordingInfo {
        meaIds = List.copyOf(meaIds);
        organoidIds = List.copyOf(organoidIds);
        if (state == null) state = stoppedMicros == null ? RecordingState.RUNNING : RecordingState.STOPPED;
        owner = owner == null ? "" : owner;
        if (acknowledged == null) acknowledged = Acknowledged.NONE;
    }

    /** As before gaps and completeness were stored. */
    public RecordingInfo(long id, long startedMicros, Long stoppedMicros, long startedEpochMillis, List<String> meaIds, List<String> organoidIds,
                         boolean rawTraces, RecordingProvenance provenance, String detection, RecordingState state, String owner,
                         Acknowledged acknowledged, Long lastSeenMicros, Long lastSeenEpochMillis) {
        this(id, startedMicros, stoppedMicros, startedEpochMillis, meaIds, organoidIds, rawTraces, provenance, detection, state, owner, acknowledged,
                lastSeenMicros, lastSeenEpochMillis, null, 0, 0);
    }

    /** As before states, owners and acknowledgements were stored. */
    public RecordingInfo(long id, long startedMicros, Long stoppedMicros, long startedEpochMillis, List<String> meaIds, List<String> organoidIds,
                         boolean rawTraces, RecordingProvenance provenance, String detection) {
        this(id, startedMicros, stoppedMicros, startedEpochMillis, meaIds, organoidIds, rawTraces, provenance, detection, null, null, null, null, null);
    }
}
