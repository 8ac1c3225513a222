package org.neurolab.recording;

/** One stored stimulation command (a train on some electrodes) and what triggered it. */
public record StoredStimulation(long recordingId, String meaId, String organoidId, long timeMicros, String electrodes, float amplitudeMicroamps,
                                int phaseMicros, int pulseCount, long periodMicros, String commandId, String trigger) {
}
