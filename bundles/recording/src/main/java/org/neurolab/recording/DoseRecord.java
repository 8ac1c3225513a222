package org.neurolab.recording;

/** A dose given to a culture (recordingId may be null when no recording was running). */
public record DoseRecord(Long recordingId, long timeMicros, String organoidId, String compound, double amount, String unit, String method) {
}
