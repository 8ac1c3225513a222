package org.neurolab.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neurolab.api.control.Caller;
import org.neurolab.api.control.LabControl;
import org.neurolab.api.control.LabSession;
import org.neurolab.api.signal.SpikeBatch;
import org.neurolab.ethics.AuditVerification;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.scripting.ExperimentRunner;
import org.neurolab.scripting.RunLimits;
import org.neurolab.scripting.RunRecord;
import org.neurolab.scripting.RunRequest;
import org.neurolab.scripting.ScriptSource;

/**
 * Starts scripts (hostile and well-behaved) through the lab's ExperimentRunner, waits for their end, and reads the lab
 * afterwards: spikes of a culture in real time, and the audit trail's verification.
 */
public final class HostileScriptProbe extends ProbeBase {
    private static final Caller RESEARCHER = new Caller("probe-researcher", Set.of("researcher"), "research");

    @Override
    protected String name() {
        return "hostile";
    }

    /** "submit <script file> <organoid> [CPU seconds]" → run id; "await <id> <seconds>" → the record; "spikes <organoid> <ms>"; "audit". */
    @Override
    protected Object answer(String[] w) throws Exception {
        return switch (w[0]) {
            case "submit" -> {
                Path file = Path.of(w[1]);
                RunLimits d = RunLimits.DEFAULT;
                RunLimits limits = w.length < 4 ? d : new RunLimits(d.maxWallTime(), d.maxStatements(), d.maxOutputBytes(),
                        Duration.ofSeconds(Long.parseLong(w[3])), d.maxCallbackTime(), d.maxResultBytes(), d.maxRunResultBytes());
                yield service(ExperimentRunner.class).submit(new RunRequest(ScriptSource.of(file.getFileName().toString(), Files.readString(file)),
                        RESEARCHER, List.of(w[2]), limits)).id();
            }
            case "await" -> awaitEnd(w[1], Duration.ofSeconds(Long.parseLong(w[2])));
            case "spikes" -> spikes(w[1], Long.parseLong(w[2]));
            case "audit" -> {
                AuditVerification v = service(EthicsOffice.class).verifyAudit();
                yield Map.of("ok", v.ok(), "entries", v.entries(), "problems", v.problems());
            }
            default -> "unknown request " + String.join(" ", w);
        };
    }

    private Map<String, Object> awaitEnd(String id, Duration timeout) throws InterruptedException {
        ExperimentRunner runner = service(ExperimentRunner.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        RunRecord r = runner.run(id).orElseThrow();
        while (!r.state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = runner.run(id).orElseThrow();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", r.state().name());
        out.put("error", r.error());
        out.put("results", r.results());
        out.put("seconds", r.startedAt() == null || r.endedAt() == null ? -1.0 : Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
        return out;
    }

    /** Spikes of a culture over the next {@code millis} of real time, through a session of the control service. */
    private long spikes(String organoid, long millis) throws Exception {
        AtomicLong n = new AtomicLong();
        try (LabSession session = service(LabControl.class).openSession(RESEARCHER);
             AutoCloseable sub = session.subscribe(organoid, (SpikeBatch b) -> n.addAndGet(b.count()), false)) {
            Thread.sleep(millis);
        }
        return n.get();
    }
}
