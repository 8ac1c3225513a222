package org.neurolab.api.control;

import java.util.Objects;
import org.neurolab.api.lab.Ids;

/**
 * Deliver an amount of a compound into a culture's chamber. Guards judge the amount (the dosing bundle's
 * guard checks it against its catalogue, limits and reservoirs, and that the delivery matches it).
 *
 * @param organoidId       the culture
 * @param compound         catalogue name, e.g. {@code glutamate}
 * @param amountNanomoles  amount released into the chamber
 * @param delivery         how
 * @param expectedMicromolarAfter the chamber's concentration of the compound right after, as the dosing model
 *                         predicts it (the dosing guard refuses a dose whose prediction it does not share), so the audit
 *                         trail records it
 */
public record Dose(String organoidId, String compound, double amountNanomoles, Delivery delivery, double expectedMicromolarAfter) implements Command {
    public Dose {
        Ids.require(organoidId, "organoid id");
        Ids.require(compound, "compound");
        if (!(amountNanomoles > 0) || !Double.isFinite(amountNanomoles))
            throw new IllegalArgumentException("dose amount must be a finite number > 0 nmol, was " + amountNanomoles);
        Objects.requireNonNull(delivery, "a dose needs a delivery (uncaging or infusion)");
        if (!(expectedMicromolarAfter >= 0) || !Double.isFinite(expectedMicromolarAfter))
            throw new IllegalArgumentException("expected concentration after a dose must be a finite number >= 0 µM, was " + expectedMicromolarAfter);
    }

    @Override
    public String action() {
        return "dose";
    }
}
