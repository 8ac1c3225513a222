package org.neurolab.recording;

/**
 * How a recording is going. "Acknowledged" means committed to the store: it survives a crash of the lab. "In flight"
 * is what it has received and not committed yet (lost if the lab dies now).
 *
 * @param id                        the recording
 * @param running                   whether it still records
 * @param acknowledgedSpikes        spikes committed
 * @param lastAcknowledgedMicros    lab time of the newest committed spike or stimulation (or -1 before the first)
 * @param missedSpikes              spikes lost because storage fell behind (counted, never silent)
 * @param missedRawBlocks           raw sample blocks not kept in the raw trace files because their writer fell behind
 *                                  (their spikes were still detected and stored); 0 when raw traces are not kept
 * @param rejectedBlocks            raw blocks refused as malformed
 * @param lastRejection             why the last block was refused, or empty
 * @param acknowledged              every kind's committed count (spikes, stimulations, doses, telemetry)
 * @param inFlightSpikes            spikes received, not committed yet
 * @param inFlightStimulations      stimulations received, not committed yet
 * @param completeUpToMicros        lab time up to which everything its arrays delivered is committed (their lowest
 *                                  watermark at the last commit), or null before the first
 * @param gaps                      gaps its arrays reported so far (committed or in flight)
 */
public record RecordingStatus(long id, boolean running, long acknowledgedSpikes, long lastAcknowledgedMicros, long missedSpikes, long missedRawBlocks, long rejectedBlocks,
                              String lastRejection, Acknowledged acknowledged, long inFlightSpikes, long inFlightStimulations, Long completeUpToMicros, long gaps) {
    public RecordingStatus {
        if (acknowledged == null) acknowledged = new Acknowledged(acknowledgedSpikes, 0, 0, 0, lastAcknowledgedMicros < 0 ? null : lastAcknowledgedMicros);
    }

    public RecordingStatus(long id, boolean running, long acknowledgedSpikes, long lastAcknowledgedMicros, long missedSpikes, long missedRawBlocks, long rejectedBlocks,
                           String lastRejection) {
        this(id, running, acknowledgedSpikes, lastAcknowledgedMicros, missedSpikes, missedRawBlocks, rejectedBlocks, lastRejection, null, 0, 0, null, 0);
    }
}
