package org.neurolab.recording.internal.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where an export's files go, one after another: a folder, or a zip streamed to a client. Entries are written in
 * sequence, so a zip needs no temporary copy and memory stays bounded whatever the recording's size.
 */
public abstract class ExportSink implements AutoCloseable {
    private long written;

    /** Bytes written to all entries so far. */
    public long written() {
        return written;
    }

    /** Opens the next file, at a '/'-separated path; the returned stream must be closed before the next entry. */
    public abstract OutputStream entry(String path) throws IOException;

    @Override
    public abstract void close() throws IOException;

    OutputStream counted(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }
        };
    }

    public static ExportSink folder(Path root) throws IOException {
        Files.createDirectories(root);
        return new ExportSink() {
            @Override
            public OutputStream entry(String path) throws IOException {
                Path f = root.resolve(path).normalize();
                if (!f.startsWith(root.normalize())) throw new IOException("export entry outside its folder: " + path);
                Files.createDirectories(f.getParent());
                return counted(new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16));
            }

            @Override
            public void close() {
            }
        };
    }

    /** A zip on {@code out} (deflated at the fastest level: raw traces compress little, and the export must keep up). */
    public static ExportSink zip(OutputStream out) {
        ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        zip.setLevel(Deflater.BEST_SPEED);
        return new ExportSink() {
            @Override
            public OutputStream entry(String path) throws IOException {
                zip.putNextEntry(new ZipEntry(path));
                return counted(new FilterOutputStream(zip) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        zip.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        zip.closeEntry();
                    }
                });
            }

            @Override
            public void close() throws IOException {
                zip.finish();
                zip.flush();
            }
        };
    }
}
