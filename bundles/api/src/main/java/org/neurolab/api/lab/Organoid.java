package org.neurolab.api.lab;

import java.util.List;
import java.util.Objects;

/**
 * A culture (organoid) sitting on some electrodes of one MEA.
 *
 * @param id          unique in the lab
 * @param meaId       the array it sits on
 * @param electrodes  the electrode indices of that array it covers; commands address these
 * @param provenance  cell line, batch, donor consent, seeding date
 * @param state       whether it may be acted on
 */
public record Organoid(String id, String meaId, List<Integer> electrodes, Provenance provenance, CultureState state) {
    public Organoid {
        Ids.require(id, "organoid id");
        Ids.require(meaId, "MEA id of organoid " + id);
        electrodes = List.copyOf(electrodes);
        if (electrodes.isEmpty()) throw new IllegalArgumentException("organoid " + id + " covers no electrodes");
        if (electrodes.stream().anyMatch(e -> e < 0))
            throw new IllegalArgumentException("organoid " + id + ": electrode indices must be >= 0, were " + electrodes);
        if (electrodes.stream().distinct().count() != electrodes.size())
            throw new IllegalArgumentException("organoid " + id + ": electrode indices repeat: " + electrodes);
        Objects.requireNonNull(provenance, "organoid " + id + " needs its provenance");
        Objects.requireNonNull(state, "organoid " + id + " needs a state");
    }

    public boolean covers(int electrode) {
        return electrodes.contains(electrode);
    }
}
