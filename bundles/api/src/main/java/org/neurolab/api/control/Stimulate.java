package org.neurolab.api.control;

import java.util.List;
import java.util.Objects;
import org.neurolab.api.lab.Ids;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * Deliver a pulse train through some of a culture's electrodes at once.
 *
 * @param organoidId the culture
 * @param electrodes electrode indices on the culture's MEA; each must be one the culture covers
 * @param train      what to deliver through each
 */
public record Stimulate(String organoidId, List<Integer> electrodes, PulseTrain train) implements Command {
    public Stimulate {
        Ids.require(organoidId, "organoid id");
        electrodes = List.copyOf(electrodes);
        if (electrodes.isEmpty()) throw new IllegalArgumentException("stimulate needs at least one electrode");
        if (electrodes.stream().distinct().count() != electrodes.size())
            throw new IllegalArgumentException("electrodes repeat: " + electrodes);
        Objects.requireNonNull(train, "stimulate needs a pulse train");
    }

    @Override
    public String action() {
        return "stimulate";
    }
}
