package org.neurolab.dosing.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * What is dissolved in one chamber, over time. Each compound decays by its washout half-life; a dose adds
 * amount/volume at once; a medium exchange of volume v through a well-mixed chamber of volume V leaves
 * exp(−v/V) of everything. Kept as the concentration at the last event, so evaluating at t is one power:
 * C(t) = C(t₀)·2^(−(t−t₀)/h), the same as summing every dose's decayed, exchanged share (the closed form).
 * Times are absolute, µs since 1970, so the model survives a restart of the lab. Not thread-safe: the owner locks.
 */
final class ChamberChemistry {
    private record Level(double micromolar, long atMicros, double halfLifeSeconds) {
        double at(long t) {
            if (t <= atMicros) return micromolar;
            return micromolar * Math.pow(2, -(t - atMicros) / (halfLifeSeconds * 1e6));
        }
    }

    private final double volumeMicrolitres;
    private final Map<String, Level> levels = new TreeMap<>();

    ChamberChemistry(double volumeMicrolitres) {
        if (!(volumeMicrolitres > 0)) throw new IllegalArgumentException("chamber volume must be > 0 µL, was " + volumeMicrolitres);
        this.volumeMicrolitres = volumeMicrolitres;
    }

    /** An independent copy (for a dry run's rehearsal). */
    ChamberChemistry copy() {
        ChamberChemistry c = new ChamberChemistry(volumeMicrolitres);
        c.levels.putAll(levels);
        return c;
    }

    double volumeMicrolitres() {
        return volumeMicrolitres;
    }

    double micromolar(String compound, long atMicros) {
        Level l = levels.get(compound);
        return l == null ? 0 : l.at(atMicros);
    }

    /** µM that {@code nanomoles} add to this chamber: 1 nmol in 1 µL is 1 mM. */
    double micromolarOf(double nanomoles) {
        return nanomoles / volumeMicrolitres * 1e3;
    }

    /** Nanomoles that raise this chamber by {@code micromolar}. */
    double nanomolesFor(double micromolar) {
        return micromolar * volumeMicrolitres / 1e3;
    }

    /** Adds a dose at {@code atMicros}; returns the concentration right after. */
    double dose(String compound, double nanomoles, double halfLifeSeconds, long atMicros) {
        double after = micromolar(compound, atMicros) + micromolarOf(nanomoles);
        levels.put(compound, new Level(after, atMicros, halfLifeSeconds));
        return after;
    }

    /** Flushes {@code volume} of fresh medium through; returns the fraction of each compound left. */
    double exchange(double volumeMicrolitres, long atMicros) {
        double remaining = Math.exp(-volumeMicrolitres / this.volumeMicrolitres);
        levels.replaceAll((c, l) -> new Level(l.at(atMicros) * remaining, atMicros, l.halfLifeSeconds()));
        return remaining;
    }

    /** Every compound's concentration at {@code atMicros}, leaving out what has washed out below 1 pM. */
    Map<String, Double> all(long atMicros) {
        Map<String, Double> out = new TreeMap<>();
        levels.forEach((c, l) -> {
            double v = l.at(atMicros);
            if (v >= 1e-6) out.put(c, v);
        });
        return out;
    }
}
