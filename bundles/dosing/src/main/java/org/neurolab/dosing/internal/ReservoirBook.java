package org.neurolab.dosing.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.neurolab.dosing.Compound;
import org.neurolab.dosing.CompoundForm;
import org.neurolab.dosing.Reservoir;

/**
 * What is left in each reservoir: fresh medium and compound stocks on the pumps (µL), caged compound pre-loaded
 * in the chambers (nmol). A reservoir starts full unless the event log says otherwise. Not thread-safe: the owner locks.
 */
final class ReservoirBook {
    private final Map<String, Reservoir> byId = new TreeMap<>();
    private final Map<String, Double> lastKnownLevels = new HashMap<>();

    /** An independent copy (for a dry run's rehearsal). */
    ReservoirBook copy() {
        ReservoirBook c = new ReservoirBook();
        c.byId.putAll(byId);
        c.lastKnownLevels.putAll(lastKnownLevels);
        return c;
    }

    /** Makes sure the chamber's reservoirs for these compounds exist. */
    void ensure(Chamber chamber, List<Compound> compounds) {
        put(chamber.mediumReservoirId(), "medium", "medium", chamber.pumpDeviceId(), chamber.mediumReservoirMicrolitres(), "µL", chamber);
        for (Compound c : compounds) {
            if (c.form() == CompoundForm.FREE)
                put(chamber.stockReservoirId(c.name()), "stock", c.name(), chamber.pumpDeviceId(), chamber.stockReservoirMicrolitres(), "µL", chamber);
            else if (!chamber.lightDeviceId().isEmpty())
                put(chamber.cagedReservoirId(c.name()), "caged", c.name(), chamber.meaId(), chamber.cagedPreloadNanomoles(), "nmol", chamber);
        }
    }

    private void put(String id, String kind, String compound, String location, double capacity, String unit, Chamber chamber) {
        Reservoir existing = byId.get(id);
        if (existing != null && existing.capacity() == capacity) return;
        double level = Math.min(capacity, lastKnownLevels.getOrDefault(id, capacity));
        byId.put(id, new Reservoir(id, kind, compound, location, capacity, level, unit, capacity * chamber.lowFraction()));
    }

    Optional<Reservoir> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    double level(String id) {
        Reservoir r = byId.get(id);
        return r == null ? lastKnownLevels.getOrDefault(id, 0.0) : r.level();
    }

    /** Sets a level (after a draw or a refill, or from the event log before the reservoir is configured). */
    void setLevel(String id, double level) {
        lastKnownLevels.put(id, level);
        Reservoir r = byId.get(id);
        if (r != null) byId.put(id, new Reservoir(r.id(), r.kind(), r.compound(), r.location(), r.capacity(), level, r.unit(), r.lowBelow()));
    }

    List<Reservoir> all() {
        return List.copyOf(byId.values());
    }
}
