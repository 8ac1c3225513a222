package org.neurolab.scripting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one run, as it stands.
 *
 * @param id            unique run id
 * @param state         queued, running, succeeded, failed or cancelled
 * @param script        the script's name
 * @param language      its language
 * @param scriptSha256  hash of the source that ran
 * @param user          who ran it
 * @param organoids     the cultures it may act on
 * @param queuedAt      when it was submitted
 * @param startedAt     when it started (null while queued)
 * @param endedAt       when it ended (null until final)
 * @param labMicros     lab time used between start and end, µs (dry runs report the booking length from it)
 * @param output        what the script printed and logged (bounded)
 * @param error         why it failed or was cancelled, with the script's own line number; empty otherwise
 * @param errorLine     the script line of the error, 0 if none
 * @param results       structured results the script returned with {@code lab.result(key, value)}
 * @param provenance    script hash, user, organoids, bundle versions, lab clock kind, ...
 * @param history       what happened to the run, oldest first (queued, started, suspended, resumed, ended)
 */
public record RunRecord(String id, RunState state, String script, Language language, String scriptSha256, String user, List<String> organoids,
                        Instant queuedAt, Instant startedAt, Instant endedAt, long labMicros, String output, String error, int errorLine,
                        Map<String, Object> results, Map<String, String> provenance,
                        List<RunEvent> history) {
}
