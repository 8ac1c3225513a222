package org.neurolab.recording;

import java.util.Arrays;
import java.util.Locale;

/** Formats a recording exports to, named as REST, the CLI and scripts say them. */
public enum ExportFormat {
    /** Open Ephys binary (GUI 0.6 layout): continuous, events per array, spikes; Neo's OpenEphysBinaryRawIO, SpikeInterface. */
    OPEN_EPHYS("openephys"),
    /** Phy's folder format per array, one cluster per electrode (threshold events, not sorted); Neo's PhyRawIO, Phy. */
    PHY("phy"),
    /** Neurodata Without Borders 2.7 (HDF5): one .nwb file with raw traces, electrodes, units, stimulations and gaps; pynwb, SpikeInterface, NWB Widgets. */
    NWB("nwb");

    private final String id;

    ExportFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the formats there are */
    public static ExportFormat of(String name) {
        if (name != null) {
            String n = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (ExportFormat f : values()) if (f.id.equals(n)) return f;
        }
        throw new IllegalArgumentException("unknown export format '" + name + "' (known: " + Arrays.stream(values()).map(ExportFormat::id).toList() + ")");
    }
}
