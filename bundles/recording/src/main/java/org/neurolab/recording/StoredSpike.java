package org.neurolab.recording;

/** One stored spike; {@code snippet} is its waveform in µV (empty when none was kept). */
public record StoredSpike(long recordingId, String meaId, String organoidId, int electrode, long timeMicros, long sampleIndex, float amplitudeMicrovolts,
                          float[] snippet) {
}
