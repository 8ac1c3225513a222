package org.neurolab.ethics;

import java.util.Set;

/**
 * A donor consent as the registry holds it.
 *
 * @param id           the reference cultures carry ({@code donorConsentRef})
 * @param donorCode    pseudonymous donor code, never a name
 * @param scopes       what the donor agreed to
 * @param onWithdrawal {@code DISPOSE}, {@code QUARANTINE} or {@code KEEP_DATA_ONLY}
 * @param state        {@code ACTIVE} or {@code WITHDRAWN}
 * @param withdrawnAt  ISO-8601 when withdrawn, null while active
 */
public record DonorConsent(String id, String donorCode, Set<String> scopes, String onWithdrawal, String state, String withdrawnAt) {
    public DonorConsent {
        scopes = Set.copyOf(scopes);
    }
}
