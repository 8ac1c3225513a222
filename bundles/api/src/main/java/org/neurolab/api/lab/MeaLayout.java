package org.neurolab.api.lab;

import java.util.List;

/**
 * The electrodes of one multi-electrode array and how it samples them.
 *
 * @param meaId        the array's id, unique in the lab (for example {@code rig1/mea0})
 * @param electrodes   the electrodes; their indices are 0..n-1 in order
 * @param sampleRateHz samples per second per electrode
 */
public record MeaLayout(String meaId, List<Electrode> electrodes, int sampleRateHz) {
    public MeaLayout {
        Ids.require(meaId, "MEA id");
        electrodes = List.copyOf(electrodes);
        if (electrodes.isEmpty()) throw new IllegalArgumentException("MEA " + meaId + " has no electrodes");
        for (int i = 0; i < electrodes.size(); i++) {
            if (electrodes.get(i).index() != i)
                throw new IllegalArgumentException("MEA " + meaId + ": electrode at position " + i + " has index " + electrodes.get(i).index());
        }
        if (sampleRateHz <= 0) throw new IllegalArgumentException("MEA " + meaId + ": sample rate must be positive, was " + sampleRateHz);
    }

    public int electrodeCount() {
        return electrodes.size();
    }

    /** @throws IllegalArgumentException naming the array when the index is not one of its electrodes */
    public Electrode electrode(int index) {
        if (index < 0 || index >= electrodes.size())
            throw new IllegalArgumentException("electrode " + index + " is outside MEA " + meaId + " (0.." + (electrodes.size() - 1) + ")");
        return electrodes.get(index);
    }
}
