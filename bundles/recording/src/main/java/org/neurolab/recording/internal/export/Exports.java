package org.neurolab.recording.internal.export;

import java.io.IOException;
import java.sql.SQLException;
import org.neurolab.recording.ExportFormat;
import org.neurolab.recording.ExportProgress;
import org.neurolab.recording.internal.raw.RawFolders;
import org.neurolab.recording.internal.store.RecordingStore;

/** Writes one recording in one format into a sink (a folder or a zip), in bounded memory, telling its progress. */
public final class Exports {
    /** Why there is no NWB export, as the API and the README say it. */
    public static final String NO_NWB = "NWB export is not available: a valid NWB 2.x file is HDF5 with object references and the cached NWB "
            + "schema, and no HDF5 writer is wired into the lab yet (Debian's libhdf5-java 1.10.8 JNI wrapper exists but is not packaged for OSGi here); "
            + "export openephys or phy instead";

    private Exports() {
    }

    /** @throws UnsupportedOperationException saying why, for a format this lab cannot write */
    public static void requireAvailable(ExportFormat format) {
        if (format == ExportFormat.NWB) throw new UnsupportedOperationException(NO_NWB);
    }

    public static void write(RecordingStore store, RawFolders folders, long recordingId, ExportFormat format, ExportSink sink, ExportProgress progress)
            throws IOException, SQLException {
        requireAvailable(format);
        ExportContext x = new ExportContext(store, folders, recordingId, sink, progress);
        switch (format) {
            case OPEN_EPHYS -> OpenEphysExporter.write(x);
            case PHY -> PhyExporter.write(x);
            default -> throw new UnsupportedOperationException(format.id() + " export is not available");
        }
        x.done();
    }
}
