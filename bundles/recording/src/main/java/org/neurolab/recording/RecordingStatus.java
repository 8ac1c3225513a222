package org.neurolab.recording;

/**
 * How a recording is going. "Acknowledged" means committed to the store: it survives a crash of the lab.
 *
 * @param id                        the recording
 * @param running                   whether it still records
 * @param acknowledgedSpikes        spikes committed
 * @param lastAcknowledgedMicros    lab time of the newest committed spike (or of the last commit)
 * @param missedSpikes              spikes lost because storage fell behind (counted, never silent)
 * @param missedRawBlocks           raw sample blocks not kept in the raw trace files because their writer fell behind
 *                                  (their spikes were still detected and stored); 0 when raw traces are not kept
 * @param rejectedBlocks            raw blocks refused as malformed
 * @param lastRejection             why the last block was refused, or empty
 */
public record RecordingStatus(long id, boolean running, long acknowledgedSpikes, long lastAcknowledgedMicros, long missedSpikes, long missedRawBlocks, long rejectedBlocks,
                              String lastRejection) {
}
