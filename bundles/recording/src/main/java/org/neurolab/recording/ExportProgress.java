package org.neurolab.recording;

/** Told how far an export is, in bytes written of the bytes it will write (an estimate when not known exactly). */
@FunctionalInterface
public interface ExportProgress {
    ExportProgress NONE = (done, total) -> { };

    void progress(long doneBytes, long totalBytes);
}
