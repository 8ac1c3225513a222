package org.neurolab.recording;

/** One experiment run (endedMicros and outcome are null while it runs). */
public record RunRecord(String runId, String scriptHash, String caller, long startedMicros, Long endedMicros, String outcome) {
}
