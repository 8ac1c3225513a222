package org.neurolab.ethics.internal.consent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of the consent registry: consents by id and cell lines linked to their consent. The guard
 * reads one of these per decision; a change builds a new one.
 */
public record ConsentBook(Map<String, Consent> consents, Map<String, String> cellLines) {
    /** The consent shipped for simulated cultures: no human donor is involved, so every scope is covered. */
    public static final String SIMULATED = "simulated-no-donor";
    public static final String SIMULATED_LINE = "SIM-iPSC";

    public ConsentBook {
        consents = Map.copyOf(consents);
        cellLines = Map.copyOf(cellLines);
    }

    public static ConsentBook empty() {
        return new ConsentBook(Map.of(), Map.of());
    }

    public static ConsentBook withSimulated(Set<String> allScopes) {
        return new ConsentBook(Map.of(SIMULATED, new Consent(SIMULATED, "none (simulation)", allScopes, Consent.WithdrawalTerms.KEEP_DATA_ONLY,
                Consent.State.ACTIVE, null)), Map.of(SIMULATED_LINE, SIMULATED));
    }

    public Optional<Consent> consent(String id) {
        return Optional.ofNullable(consents.get(id));
    }

    /** The consent a cell line is linked to, if any. */
    public Optional<String> consentOfLine(String cellLine) {
        return Optional.ofNullable(cellLines.get(cellLine));
    }

    public ConsentBook with(Consent c) {
        Map<String, Consent> m = new LinkedHashMap<>(consents);
        m.put(c.id(), c);
        return new ConsentBook(m, cellLines);
    }

    public ConsentBook withLine(String cellLine, String consentId) {
        Map<String, String> m = new LinkedHashMap<>(cellLines);
        m.put(cellLine, consentId);
        return new ConsentBook(consents, m);
    }
}
