package org.neurolab.ethics.internal.policy;

import java.util.List;
import java.util.Set;

/** The stimulation-limits document: the electrode geometry assumed and the limits, enforced in order. */
public record StimulationPolicy(String id, int version, double electrodeDiameterMicrons, List<Limit> limits) {
    static final Set<String> KINDS = Set.of("charge-balance", "charge-per-phase", "charge-density", "shannon-k", "pulse-rate",
            "charge-budget", "culture-age");

    public StimulationPolicy {
        limits = List.copyOf(limits);
        if (!(electrodeDiameterMicrons > 0)) throw new IllegalArgumentException(id + ": electrodeDiameterMicrons must be > 0");
        for (Limit l : limits)
            if (!KINDS.contains(l.kind())) throw new IllegalArgumentException(id + ": limit " + l.id() + " has unknown kind '" + l.kind() + "'; known: " + KINDS);
    }

    /** Contact area in cm² of the assumed electrode, the unit charge density is stated in. */
    public double electrodeAreaSquareCentimetres() {
        double r = electrodeDiameterMicrons / 2 * 1e-4;
        return Math.PI * r * r;
    }
}
