package org.neurolab.ethics.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.ethics.internal.audit.AuditLog;

/** The ethics bundle's audit journal outside OSGi, for benchmarks: the same class the lab registers, over a log in {@code dir}. */
public final class BenchAudit {
    private BenchAudit() {
    }

    /** Closing the returned log closes the journal. */
    public static CommandJournal journal(AuditLog log) {
        return new AuditJournal(log);
    }

    public static AuditLog open(Path dir, int checkpointEvery) throws IOException {
        return AuditLog.open(dir, Clock.systemUTC(), checkpointEvery);
    }
}
