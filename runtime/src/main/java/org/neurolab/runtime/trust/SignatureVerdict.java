package org.neurolab.runtime.trust;

import java.security.cert.X509Certificate;

/**
 * What the lab makes of a jar's signature. {@code signer} is the signing certificate when there is exactly one signer
 * (trusted or not), {@code alias} the trust store's name for it when it is trusted.
 */
public record SignatureVerdict(Outcome outcome, String reason, X509Certificate signer, String alias) {

    public enum Outcome {
        /** signed, every entry covered, by one certificate of the trust store */
        TRUSTED,
        /** no signature at all */
        UNSIGNED,
        /** signed, but by a certificate the lab does not trust, or by more than one */
        UNTRUSTED,
        /** a signature is there but does not hold: an entry changed after signing, or one is not covered */
        BROKEN,
        /** not a jar the lab can read */
        UNREADABLE
    }

    public boolean trusted() {
        return outcome == Outcome.TRUSTED;
    }

    static SignatureVerdict refused(Outcome outcome, String reason, X509Certificate signer) {
        return new SignatureVerdict(outcome, reason, signer, null);
    }
}
