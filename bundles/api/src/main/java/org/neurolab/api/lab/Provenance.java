package org.neurolab.api.lab;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Where a culture comes from. The consent reference ties it to the donor's consent, which the ethics
 * guard checks before every action.
 *
 * @param cellLine         the stem-cell line, e.g. {@code HUES-9}
 * @param batch            differentiation batch
 * @param donorConsentRef  the donor consent record this line was derived under
 * @param seedingDate      the day the organoid was seeded; its age is counted from here
 */
public record Provenance(String cellLine, String batch, String donorConsentRef, LocalDate seedingDate) {
    public Provenance {
        Ids.require(cellLine, "cell line");
        Ids.require(batch, "batch");
        Ids.require(donorConsentRef, "donor consent reference");
        Objects.requireNonNull(seedingDate, "seeding date is required");
    }
}
