package org.neurolab.ethics.internal.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.neurolab.ethics.internal.merkle.Hex;

/**
 * A signed tree head: the log had {@code size} entries with this root at this time. Signed with Ed25519 over a
 * fixed text body, stored one per line as {@code size rootHex time signatureBase64}.
 */
public record Checkpoint(long size, byte[] root, Instant time, byte[] signature) {
    static final String ORIGIN = "neurolab-audit/v1";

    static byte[] body(long size, byte[] root, Instant time) {
        return (ORIGIN + "\n" + size + "\n" + Hex.of(root) + "\n" + time + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Checkpoint sign(long size, byte[] root, Instant time, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(body(size, root, time));
            return new Checkpoint(size, root, time, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint: " + e.getMessage(), e);
        }
    }

    public boolean verify(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(body(size, root, time));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    String line() {
        return size + " " + Hex.of(root) + " " + time + " " + Base64.getEncoder().encodeToString(signature);
    }

    /** @throws IllegalArgumentException when the line is not a checkpoint */
    static Checkpoint parse(String line) {
        String[] w = line.trim().split(" ");
        if (w.length != 4) throw new IllegalArgumentException("a checkpoint has 4 fields (size root time signature), this has " + w.length);
        try {
            return new Checkpoint(Long.parseLong(w[0]), Hex.parse(w[1]), Instant.parse(w[2]), Base64.getDecoder().decode(w[3]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed checkpoint: " + e.getMessage(), e);
        }
    }
}
