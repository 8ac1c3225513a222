package org.neurolab.dosing;

/**
 * Something that holds what doses and feeding use up.
 *
 * @param id        e.g. {@code rig1/pump0:glutamate}, {@code rig1/pump0:medium}, {@code rig1/mea0:caged-glutamate}
 * @param kind      {@code stock} (free compound, µL), {@code medium} (fresh medium, µL) or {@code caged} (caged compound in a chamber, nmol)
 * @param compound  the compound, or {@code medium}
 * @param location  the pump or MEA it belongs to
 * @param capacity  full level
 * @param level     what is left
 * @param unit      {@code µL} or {@code nmol}
 * @param lowBelow  level under which it raises an alert
 */
public record Reservoir(String id, String kind, String compound, String location, double capacity, double level, String unit, double lowBelow) {
    public boolean low() {
        return level < lowBelow;
    }
}
