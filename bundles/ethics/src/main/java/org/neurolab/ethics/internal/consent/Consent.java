package org.neurolab.ethics.internal.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A donor's consent: what it allows (scopes), what happens to material if it is withdrawn, and whether it still stands.
 *
 * @param id          the reference cultures carry in their provenance ({@code donorConsentRef})
 * @param donorCode   pseudonymous donor code; never a name
 * @param scopes      what the donor agreed to, e.g. {@code organoid-generation}, {@code future-unspecified-research}
 * @param onWithdrawal what to do with the material when consent is withdrawn
 * @param state       active or withdrawn
 * @param withdrawnAt when it was withdrawn, ISO-8601 (null while active)
 */
public record Consent(String id, String donorCode, Set<String> scopes, WithdrawalTerms onWithdrawal, State state, String withdrawnAt) {
    public enum State { ACTIVE, WITHDRAWN }

    public enum WithdrawalTerms {
        /** destroy the material */
        DISPOSE,
        /** keep the material sealed off, used for nothing, pending the donor's or a committee's decision */
        QUARANTINE,
        /** destroy the material, keep the data already gathered */
        KEEP_DATA_ONLY
    }

    public Consent {
        Objects.requireNonNull(id, "consent id");
        if (id.isBlank()) throw new IllegalArgumentException("a consent needs an id");
        donorCode = Objects.requireNonNullElse(donorCode, "");
        scopes = Set.copyOf(new TreeSet<>(Objects.requireNonNull(scopes, "consent " + id + " needs its scopes (may be empty)")));
        Objects.requireNonNull(onWithdrawal, "consent " + id + " needs its withdrawal terms");
        Objects.requireNonNull(state, "consent " + id + " needs a state");
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public Consent withdrawn(Instant at) {
        return new Consent(id, donorCode, scopes, onWithdrawal, State.WITHDRAWN, at.toString());
    }
}
