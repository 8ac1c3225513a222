package org.neurolab.ethics.internal.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.neurolab.api.storage.AppendOnlyFile;
import org.neurolab.ethics.internal.merkle.CompactRange;
import org.neurolab.ethics.internal.merkle.Hex;
import org.neurolab.ethics.internal.merkle.Merkle;

/**
 * The append-only audit log: one canonical JSON entry per line in {@code log.jsonl}, each the leaf of an RFC 9162
 * Merkle tree and linked to its predecessor's leaf hash; signed checkpoints in {@code checkpoints.txt}. Every append
 * is forced to disk before it returns, so an acknowledged entry survives a crash. Opening a log verifies it first:
 * a log that does not match its signed checkpoints is not written to (the lab then fails closed).
 *
 * <p>The periodic checkpoint (every {@code checkpointEvery} entries) is signed and forced to disk on a background thread,
 * off the command path: the tree head is taken under the log's lock when the entry that triggers it is appended, so the
 * checkpoint covers exactly that size, as before; only its signature and write follow a moment later. An entry is never
 * acknowledged before it is durable; a checkpoint that cannot be written makes the next append fail (fail closed).
 */
public final class AuditLog implements Closeable {
    public static final String LOG = "log.jsonl";
    public static final String CHECKPOINTS = "checkpoints.txt";

    private final Path dir;
    private final KeyPair keys;
    private final Clock clock;
    private final int checkpointEvery;
    /** Appends survive a crash and an interrupted caller (a cancelled script's thread may be the one journaling). */
    private final AppendOnlyFile log;
    private final AppendOnlyFile checkpoints;
    private final List<byte[]> leaves = new ArrayList<>();
    private final CompactRange range = new CompactRange();
    private long checkpointedSize;
    private boolean closed;
    /** Serializes checkpoint writes, so their sizes only grow; taken before the log's own lock, never after. */
    private final Object checkpointLock = new Object();
    private long writtenCheckpointSize;
    private final java.util.concurrent.ExecutorService checkpointer = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("audit-checkpoint").daemon().factory());
    private volatile IOException checkpointFailure;

    private AuditLog(Path dir, KeyPair keys, Clock clock, int checkpointEvery) throws IOException {
        this.dir = dir;
        this.keys = keys;
        this.clock = clock;
        this.checkpointEvery = Math.max(1, checkpointEvery);
        this.log = AppendOnlyFile.open(dir.resolve(LOG));
        this.checkpoints = AppendOnlyFile.open(dir.resolve(CHECKPOINTS));
    }

    /**
     * Opens (or creates) the log in {@code dir}. A torn last line (a crash mid-write, never acknowledged) is cut off;
     * any other damage refuses the open with the verifier's finding.
     */
    public static AuditLog open(Path dir, Clock clock, int checkpointEvery) throws IOException {
        Files.createDirectories(dir);
        KeyPair keys = CheckpointKeys.loadOrCreate(dir);
        cutTornTail(dir.resolve(LOG));
        LogVerifier.Report report = LogVerifier.verify(dir, keys.getPublic());
        if (!report.ok())
            throw new IOException("the audit log in " + dir + " fails verification, so nothing more is written to it: "
                    + report.problems().get(0) + " (run `neurolab audit verify` for the full report)");
        AuditLog l = new AuditLog(dir, keys, clock, checkpointEvery);
        for (byte[] line : LogVerifier.lines(Files.readAllBytes(dir.resolve(LOG))).complete()) l.add(Merkle.leafHash(line));
        l.checkpointedSize = report.lastCheckpointSize();
        l.writtenCheckpointSize = report.lastCheckpointSize();
        return l;
    }

    /** Appends, forces to disk, and returns the entry's sequence number. */
    public synchronized long append(AuditEvent e) throws IOException {
        if (closed) throw new IOException("the audit log is closed");
        IOException failed = checkpointFailure;
        if (failed != null) throw new IOException("the audit log could not write a checkpoint: " + failed.getMessage(), failed);
        long seq = leaves.size();
        String prev = seq == 0 ? "" : Hex.of(leaves.get((int) seq - 1));
        byte[] line = new Json().field("seq", seq).field("prev", prev).field("time", Instant.now(clock).toString())
                .field("labTimeMicros", e.labTimeMicros()).field("actor", e.actor()).field("action", e.action()).field("target", e.target())
                .field("decision", e.decision()).field("decidedBy", e.decidedBy()).field("policyIds", e.policyIds())
                .field("policySet", e.policySetHash()).field("reason", e.reason()).field("oldValue", e.oldValue())
                .field("newValue", e.newValue()).field("detail", e.detail()).end().getBytes(StandardCharsets.UTF_8);
        byte[] record = java.util.Arrays.copyOf(line, line.length + 1);
        record[line.length] = '\n';
        log.append(record);
        add(Merkle.leafHash(line));
        if (leaves.size() - checkpointedSize >= checkpointEvery) {
            long size = range.size();
            byte[] root = range.root();
            checkpointedSize = size;
            checkpointer.execute(() -> {
                try {
                    writeCheckpoint(size, root, false);
                } catch (IOException | RuntimeException ex) {
                    checkpointFailure = ex instanceof IOException io ? io : new IOException(ex.toString(), ex);
                }
            });
        }
        return seq;
    }

    /** Signs and stores a checkpoint of the log as it is now. */
    public Checkpoint checkpoint() throws IOException {
        synchronized (checkpointLock) {
            long size;
            byte[] root;
            synchronized (this) {
                if (closed) throw new IOException("the audit log is closed");
                size = range.size();
                root = range.root();
                checkpointedSize = Math.max(checkpointedSize, size);
            }
            return writeCheckpoint(size, root, true);
        }
    }

    /** Signs and appends a checkpoint of the tree at {@code size}; a background one older than the last written is dropped. */
    private Checkpoint writeCheckpoint(long size, byte[] root, boolean always) throws IOException {
        synchronized (checkpointLock) {
            if (!always && size <= writtenCheckpointSize) return null;
            Checkpoint c = Checkpoint.sign(size, root, Instant.now(clock), keys.getPrivate());
            checkpoints.append((c.line() + "\n").getBytes(StandardCharsets.US_ASCII));
            writtenCheckpointSize = Math.max(writtenCheckpointSize, size);
            return c;
        }
    }

    public synchronized long size() {
        return leaves.size();
    }

    public synchronized byte[] root() {
        return range.root();
    }

    public synchronized List<byte[]> inclusionProof(int index, int treeSize) {
        return Merkle.inclusionProof(leaves, index, treeSize);
    }

    public synchronized List<byte[]> consistencyProof(int size1, int size2) {
        return Merkle.consistencyProof(leaves, size1, size2);
    }

    public synchronized byte[] leafHash(int index) {
        return leaves.get(index).clone();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        checkpointer.shutdown(); // checkpoints already triggered are written first
        try {
            checkpointer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (checkpointLock) {
            synchronized (this) {
                if (closed) return;
                try {
                    if (range.size() > writtenCheckpointSize) writeCheckpoint(range.size(), range.root(), true);
                } finally {
                    closed = true;
                    log.close();
                    checkpoints.close();
                }
            }
        }
    }

    private void add(byte[] leafHash) {
        leaves.add(leafHash);
        range.append(leafHash);
    }

    private static void cutTornTail(Path file) throws IOException {
        if (!Files.exists(file)) return;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size(), end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') break;
                end--;
            }
            if (end < size) {
                ch.truncate(end);
                ch.force(true);
            }
        }
    }
}
