package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.sql.SQLException;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.store.RecordingStore;

/** Writes one recording in one format into a sink (a folder or a zip), in bounded memory, telling its progress. */
public final class Exports {
    private Exports() {
    }

    public static void write(RecordingStore store, RawFolders folders, long recordingId, ExportFormat format, ExportSink sink, ExportProgress progress)
            throws IOException, SQLException {
        ExportContext x = new ExportContext(store, folders, recordingId, sink, progress);
        switch (format) {
            case OPEN_EPHYS -> OpenEphysExporter.write(x);
            case PHY -> PhyExporter.write(x);
            case NWB -> NwbExporter.write(x);
        }
        x.done();
    }
}
