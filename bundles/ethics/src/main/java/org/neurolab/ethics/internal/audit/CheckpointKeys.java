package org.neurolab.ethics.internal.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The log's Ed25519 signing key, kept beside it: private key readable by the lab's user only, public key for verifiers. */
public final class CheckpointKeys {
    public static final String PRIVATE = "checkpoint-ed25519.key";
    public static final String PUBLIC = "checkpoint-ed25519.pub";

    private CheckpointKeys() {
    }

    static KeyPair loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve(PRIVATE), pub = dir.resolve(PUBLIC);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            if (Files.exists(priv) && Files.exists(pub)) {
                return new KeyPair(publicKey(pub), kf.generatePrivate(new PKCS8EncodedKeySpec(read(priv))));
            }
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            write(priv, kp.getPrivate().getEncoded(), true);
            write(pub, kp.getPublic().getEncoded(), false);
            return kp;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load or create the audit signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static PublicKey publicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(read(file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not an Ed25519 public key: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] read(Path f) throws IOException {
        return Base64.getDecoder().decode(Files.readString(f, StandardCharsets.US_ASCII).trim());
    }

    private static void write(Path f, byte[] der, boolean secret) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(der) + "\n", StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data folder's own permissions must protect it
            }
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
    }
}
