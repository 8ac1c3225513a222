package org.neurolab.recording;

import java.util.Objects;
import java.util.Set;

/**
 * What to record. The spikes kept are the events the signal path delivers to everyone (see
 * {@code LabControl.detection}); a recording does not detect on its own.
 *
 * @param organoidIds cultures to record: their electrodes only (spikes, stimulations and raw channels of other cultures
 *                    on the same arrays are not kept; others may have booked them)
 * @param rawTraces   also keep the raw traces (chunked files), needed for continuous data in exports
 * @param provenance  where the recording comes from
 * @param owner       the user it belongs to (who may read and share it); empty = the lab's own ({@code system:recording})
 */
public record RecordingOptions(Set<String> organoidIds, boolean rawTraces, RecordingProvenance provenance, String owner) {
    public static final String LAB_OWNER = "system:recording";

    public RecordingOptions {
        organoidIds = Set.copyOf(organoidIds);
        if (organoidIds.isEmpty()) throw new IllegalArgumentException("a recording needs at least one organoid");
        Objects.requireNonNull(provenance, "provenance is required");
        owner = owner == null || owner.isBlank() ? LAB_OWNER : owner.strip();
    }

    /** A recording of the lab's own ({@code system:recording}). */
    public RecordingOptions(Set<String> organoidIds, boolean rawTraces, RecordingProvenance provenance) {
        this(organoidIds, rawTraces, provenance, LAB_OWNER);
    }
}
