package org.neurolab.api.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file that only grows, each append forced to disk before it returns. Journals are written from whatever thread
 * issues a command, and such a thread may be interrupted at any moment (a script cancelled, a run stopped at its
 * slot's end). A {@link FileChannel} closes itself for good when the thread using it is interrupted, which would
 * leave the journal unwritable for everyone; here an interrupted append reopens the file, cuts off what the cut-short
 * write left (never acknowledged), writes the record again and keeps the caller's interrupt for it to act on.
 */
public final class AppendOnlyFile implements Closeable {
    private static final int ATTEMPTS = 5;

    private final Path file;
    private FileChannel channel;
    private long size;
    private boolean closed;

    private AppendOnlyFile(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens (creating) {@code file} for appends after its first {@code validLength} bytes; anything beyond (a torn
     * record of a crash, which the caller has judged) is cut off.
     */
    public static AppendOnlyFile open(Path file, long validLength) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (validLength < 0 || validLength > ch.size())
                throw new IOException(file + " holds " + ch.size() + " bytes; " + validLength + " of them cannot be valid");
            if (ch.size() > validLength) {
                ch.truncate(validLength);
                ch.force(true);
            }
            return new AppendOnlyFile(file, ch, validLength);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Opens {@code file} keeping all of it. */
    public static AppendOnlyFile open(Path file) throws IOException {
        return open(file, Files.exists(file) ? Files.size(file) : 0);
    }

    /** Appends {@code record} and forces it to disk; when this returns the record survives a crash. */
    public synchronized void append(byte[] record) throws IOException {
        if (closed) throw new IOException(file + " is closed");
        boolean interrupted = Thread.interrupted(); // a pending interrupt would close the channel at its first write
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (!channel.isOpen()) { // an interrupt closed it, in this append or an earlier one
                        channel = FileChannel.open(file, StandardOpenOption.WRITE);
                        channel.truncate(size); // what a cut-short write left was never acknowledged
                    }
                    ByteBuffer buf = ByteBuffer.wrap(record);
                    while (buf.hasRemaining()) channel.write(buf, size + buf.position());
                    channel.force(false);
                    size += record.length;
                    return;
                } catch (ClosedChannelException e) {
                    if (closed) throw e;
                    interrupted |= Thread.interrupted(); // cleared for the retry; given back to the caller below
                    if (attempt == ATTEMPTS) throw new IOException("interrupted " + ATTEMPTS + " times while appending to " + file + "; nothing was appended", e);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Bytes appended and forced so far (with what was there at open). */
    public synchronized long size() {
        return size;
    }

    public Path path() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        channel.close();
    }
}
