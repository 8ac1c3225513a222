package org.neurolab.console.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The lab's first account. There is no default password: the first start takes it from
 * {@code NEUROLAB_ADMIN_PASSWORD} or makes a random one and prints it once; only its hash is stored.
 */
public final class AdminCredential {
    public static final String USER = "admin";
    public static final String ENV = "NEUROLAB_ADMIN_PASSWORD";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminCredential() {
    }

    /** Loads the stored hash, creating it first if the lab has none. */
    public static PasswordHash loadOrCreate(Path file, String fromEnvironment, int iterations) throws IOException {
        if (Files.exists(file)) return PasswordHash.parse(Files.readString(file, StandardCharsets.UTF_8));
        boolean generated = fromEnvironment == null || fromEnvironment.isBlank();
        String password = generated ? randomPassword(20) : fromEnvironment;
        if (!generated && password.length() < 12)
            throw new IllegalArgumentException(ENV + " must be at least 12 characters long");
        PasswordHash hash = PasswordHash.create(password.toCharArray(), iterations);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, hash.format() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // the data folder's permissions apply
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (generated) {
            System.out.println("""
                    ================================================================================
                     NeuroLab admin account created. User: %s  Password: %s
                     This is shown once. Only a PBKDF2 hash is stored (%s).
                    ================================================================================""".formatted(USER, password, file));
        } else {
            System.out.println("NeuroLab admin account created from " + ENV + "; only its hash is stored (" + file + ").");
        }
        return hash;
    }

    public static String randomPassword(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
