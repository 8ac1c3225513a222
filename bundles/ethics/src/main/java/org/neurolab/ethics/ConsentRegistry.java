package org.neurolab.ethics;

import java.util.List;
import java.util.Map;

/** The consent registry in force: every consent, and the cell lines linked to a consent. */
public record ConsentRegistry(List<DonorConsent> consents, Map<String, String> cellLines) {
    public ConsentRegistry {
        consents = List.copyOf(consents);
        cellLines = Map.copyOf(cellLines);
    }
}
