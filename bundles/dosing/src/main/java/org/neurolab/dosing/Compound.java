package org.neurolab.dosing;

import java.util.Objects;
import org.neurolab.api.chemistry.EffectClass;
import org.neurolab.api.lab.Ids;

/**
 * One entry of the compound catalogue.
 *
 * @param name                      catalogue name, lower case (e.g. {@code glutamate})
 * @param form                      caged (uncaging) or free (infusion)
 * @param molarMassGramsPerMole     of the active compound
 * @param effectClass               what it does to a culture
 * @param potency                   strength relative to its class's reference compound (1 = as glutamate, GABA, …)
 * @param washoutHalfLifeSeconds    time for its concentration to halve by uptake and perfusion
 * @param maxConcentrationMicromolar a dose that would take a chamber above this is refused
 * @param maxDailyNanomoles         a dose that would take a culture's amount over 24 h above this is refused
 * @param stockMillimolar           free form: the pump reservoir's stock concentration (1 mM = 1 nmol/µL); caged: 0
 * @param uncagingExposure          caged form: UV exposure (mJ/mm²) that releases 63 % (1 − 1/e) of the caged amount; free: 0
 * @param description               one line for people
 */
public record Compound(String name, CompoundForm form, double molarMassGramsPerMole, EffectClass effectClass, double potency,
                       double washoutHalfLifeSeconds, double maxConcentrationMicromolar, double maxDailyNanomoles, double stockMillimolar,
                       double uncagingExposure, String description) {
    public Compound {
        Ids.require(name, "compound name");
        Objects.requireNonNull(form, name + ": form (CAGED or FREE) is required");
        Objects.requireNonNull(effectClass, name + ": effect class is required");
        positive(molarMassGramsPerMole, name + ": molar mass (g/mol)");
        if (!(potency >= 0) || !Double.isFinite(potency)) throw new IllegalArgumentException(name + ": potency must be >= 0, was " + potency);
        positive(washoutHalfLifeSeconds, name + ": washout half-life (s)");
        positive(maxConcentrationMicromolar, name + ": maximum concentration (µM)");
        positive(maxDailyNanomoles, name + ": maximum amount per 24 h (nmol)");
        if (form == CompoundForm.FREE) positive(stockMillimolar, name + ": stock concentration (mM) of a free compound");
        if (form == CompoundForm.CAGED) positive(uncagingExposure, name + ": uncaging exposure (mJ/mm²) of a caged compound");
        description = Objects.requireNonNullElse(description, "");
    }

    /** The route a dose takes unless the order names one. */
    public Route defaultRoute() {
        return form == CompoundForm.CAGED ? Route.UNCAGING : Route.INFUSION;
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(what + " must be a finite number > 0, was " + v);
    }
}
