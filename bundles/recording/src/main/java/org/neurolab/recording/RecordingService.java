package org.neurolab.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /** Stores a dose given to a culture (the dosing bundle calls this for every dose it gives). */
    void recordDose(DoseRecord dose);

    /** Doses given to a culture in [fromMicros, toMicros) of lab time, oldest first. */
    List<DoseRecord> doses(String organoidId, long fromMicros, long toMicros);

    void recordRun(RunRecord run);

    /** Writes the recording in the Open Ephys binary format under {@code folder}; returns the folder holding structure.oebin. */
    Path exportOpenEphys(long recordingId, Path folder) throws IOException;
}
