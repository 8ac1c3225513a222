package org.neurolab.ethics;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.neurolab.api.control.CommandJournal;
import org.neurolab.api.control.CommandRecord;
import org.neurolab.ethics.internal.AuditJournal;
import org.neurolab.ethics.internal.audit.AuditLog;

/**
 * The lab's {@code audit} journal without a framework, for benchmarks and tests of other modules: the journal the ethics
 * bundle registers, over a Merkle log (with its signed checkpoints) in a folder of the caller's. Inside the lab, the
 * journal is a service and {@link EthicsOffice} reads the trail.
 */
public final class StandaloneAudit implements CommandJournal, Closeable {
    private final AuditLog log;
    private final AuditJournal journal;

    private StandaloneAudit(AuditLog log) {
        this.log = log;
        this.journal = new AuditJournal(log);
    }

    /**
     * Opens the log in {@code dir} (a new one when the folder has none; an existing one is checked against its signed
     * checkpoints first).
     *
     * @param checkpointEvery a checkpoint is signed after this many entries, off the append path
     */
    public static StandaloneAudit open(Path dir, int checkpointEvery) throws IOException {
        if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be at least 1, was " + checkpointEvery);
        return new StandaloneAudit(AuditLog.open(dir, Clock.systemUTC(), checkpointEvery));
    }

    @Override
    public void append(CommandRecord record) throws IOException {
        journal.append(record);
    }

    /** Signs and forces a checkpoint over every entry so far, now, on the caller's thread. */
    public void checkpoint() throws IOException {
        log.checkpoint();
    }

    /** Entries in the log. */
    public long size() {
        return log.size();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
