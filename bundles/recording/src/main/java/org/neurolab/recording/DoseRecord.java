package org.neurolab.recording;

import java.util.Objects;

/**
 * A dose given to a culture.
 *
 * @param recordingId         the recording running on that culture, or null when none was
 * @param timeMicros          lab time it was given
 * @param organoidId          the culture
 * @param compound            what was given
 * @param amount              how much, in {@code unit}
 * @param unit                e.g. {@code µL} of a stock, {@code nmol}
 * @param method              how it was delivered (e.g. {@code uv-uncaging}, {@code infusion}), or empty
 * @param user                who gave it (the caller's user), or empty when not known
 * @param resultingMicromolar the compound's concentration in the culture's medium after the dose, in µM; NaN when
 *                            not known (doses stored before this was recorded)
 */
public record DoseRecord(Long recordingId, long timeMicros, String organoidId, String compound, double amount, String unit, String method, String user,
                         double resultingMicromolar) {
    public DoseRecord {
        if (organoidId == null || organoidId.isBlank()) throw new IllegalArgumentException("a dose needs the organoid it was given to");
        if (compound == null || compound.isBlank()) throw new IllegalArgumentException("a dose needs its compound");
        if (!Double.isFinite(amount) || amount < 0) throw new IllegalArgumentException("dose amount must be a finite number >= 0, was " + amount);
        if (unit == null || unit.isBlank()) throw new IllegalArgumentException("a dose amount needs its unit");
        if (resultingMicromolar < 0 || Double.isInfinite(resultingMicromolar))
            throw new IllegalArgumentException("resulting concentration must be >= 0 µM (or NaN when not known), was " + resultingMicromolar);
        method = Objects.requireNonNullElse(method, "");
        user = Objects.requireNonNullElse(user, "");
    }
}
