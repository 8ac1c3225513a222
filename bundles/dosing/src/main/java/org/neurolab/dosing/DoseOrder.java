package org.neurolab.dosing;

import org.neurolab.api.lab.Ids;

/**
 * What a researcher asks for. The amount is either an amount of substance ({@code pmol}, {@code nmol},
 * {@code µmol}) or the rise in the chamber's concentration ({@code nM}, {@code µM}, {@code mM}); the unit is
 * required and written exactly (case matters: {@code nm} is a length, {@code nM} a concentration).
 *
 * @param organoidId the culture
 * @param compound   catalogue name
 * @param amount     how much, in {@code unit}
 * @param unit       see above; {@code uM} is accepted for {@code µM}
 * @param route      null for the compound's default route
 */
public record DoseOrder(String organoidId, String compound, double amount, String unit, Route route) {
    public DoseOrder {
        Ids.require(organoidId, "organoid id");
        if (compound == null || compound.isBlank()) throw new IllegalArgumentException("a dose needs a compound name");
        if (unit == null || unit.isBlank())
            throw new IllegalArgumentException("a dose of " + amount + " " + compound + " needs a unit: pmol, nmol, µmol, or nM, µM, mM");
    }
}
