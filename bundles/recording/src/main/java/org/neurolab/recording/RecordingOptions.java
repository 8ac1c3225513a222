package org.neurolab.recording;

import java.util.Objects;
import java.util.Set;

/**
 * What to record.
 *
 * @param organoidIds cultures to record (their arrays are recorded whole; spikes carry their organoid)
 * @param rawTraces   also keep the raw traces (chunked files), needed for Open Ephys export of continuous data
 * @param detection   spike detection settings
 * @param provenance  where the recording comes from
 */
public record RecordingOptions(Set<String> organoidIds, boolean rawTraces, DetectionSettings detection, RecordingProvenance provenance) {
    public RecordingOptions {
        organoidIds = Set.copyOf(organoidIds);
        if (organoidIds.isEmpty()) throw new IllegalArgumentException("a recording needs at least one organoid");
        Objects.requireNonNull(detection, "detection settings are required");
        Objects.requireNonNull(provenance, "provenance is required");
    }
}
