package org.neurolab.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** Start and stop recordings, ask what they hold, export them. Scripts and REST call this. */
@ProviderType
public interface RecordingService {
    /** Starts recording the arrays of these cultures. @return the recording's id */
    long start(RecordingOptions options);

    /** Stops it; everything received until now is committed when this returns. */
    RecordingStatus stop(long recordingId);

    Optional<RecordingStatus> status(long recordingId);

    List<RecordingInfo> recordings();

    List<StoredSpike> spikes(SpikeQuery query);

    /** Spike counts in consecutive bins of {@code binMicros} over the query's time range. */
    long[] countsPerBin(SpikeQuery query, long binMicros);

    List<StoredStimulation> stimulations(long recordingId, long fromMicros, long toMicros);

    List<TelemetryRecord> telemetry(String deviceId, long fromMicros, long toMicros);

    void recordTelemetry(TelemetryRecord reading);

    /** Gaps its arrays reported that overlap [fromMicros, toMicros) of lab time, oldest first (data missing for good, not silence). */
    default List<RecordingGap> gaps(long recordingId, long fromMicros, long toMicros) {
        return List.of();
    }

    /** Stores a dose given to a culture (the dosing bundle calls this for every dose it gives). */
    void recordDose(DoseRecord dose);

    /** Doses given to a culture in [fromMicros, toMicros) of lab time, oldest first. */
    List<DoseRecord> doses(String organoidId, long fromMicros, long toMicros);

    void recordRun(RunRecord run);

    /** Writes the recording in the Open Ephys binary format under {@code folder}; returns the folder holding structure.oebin. */
    Path exportOpenEphys(long recordingId, Path folder) throws IOException;

    /** Roles that read every recording (besides its owner and the users it is shared with). */
    Set<String> READ_ALL_ROLES = Set.of("operator", "admin", "ethics-officer");

    /** Whether this user may read the recording: its owner, operators, admins, ethics officers, and users its owner shared it with. */
    default boolean mayRead(long recordingId, String user, Set<String> roles) {
        throw new UnsupportedOperationException("access checks are not offered here");
    }

    /** Lets {@code withUser} read the recording; {@code byUser} must be its owner or an admin ({@code byRoles}). */
    default void share(long recordingId, String withUser, String byUser, Set<String> byRoles) {
        throw new UnsupportedOperationException("sharing is not offered here");
    }

    /** Takes a share back (the owner or an admin). */
    default void unshare(long recordingId, String withUser, String byUser, Set<String> byRoles) {
        throw new UnsupportedOperationException("sharing is not offered here");
    }

    /** Users the recording is shared with. */
    default Set<String> sharedWith(long recordingId) {
        return Set.of();
    }

    /** Writes the recording in {@code format} into {@code folder} (created if missing); returns the folder written. Bounded memory. */
    default Path export(long recordingId, ExportFormat format, Path folder, ExportProgress progress) throws IOException {
        if (format == ExportFormat.OPEN_EPHYS) return exportOpenEphys(recordingId, folder);
        throw new UnsupportedOperationException(format.id() + " export is not offered here");
    }

    /** Exports into a new folder of the lab's own ({@code data/exports/recording-<id>-<format>-<time>}); returns it. */
    default Path exportInLab(long recordingId, ExportFormat format, ExportProgress progress) throws IOException {
        throw new UnsupportedOperationException("exports into the lab's folder are not offered here");
    }

    /** Streams the recording in {@code format} as a zip of the same files {@link #export} writes. Bounded memory. */
    default void exportZip(long recordingId, ExportFormat format, OutputStream out, ExportProgress progress) throws IOException {
        throw new UnsupportedOperationException("zip export is not offered here");
    }
}
