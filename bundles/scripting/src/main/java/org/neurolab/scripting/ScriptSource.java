package org.neurolab.scripting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An experiment script.
 *
 * @param name     file name, shown in errors with the script's own line numbers
 * @param language Python or JavaScript
 * @param code     the source
 */
public record ScriptSource(String name, Language language, String code) {
    public static final int MAX_SOURCE_CHARS = 1_000_000;

    public ScriptSource {
        Objects.requireNonNull(name, "a script needs a name");
        Objects.requireNonNull(language, "a script needs a language");
        Objects.requireNonNull(code, "a script needs code");
        if (code.length() > MAX_SOURCE_CHARS) throw new IllegalArgumentException("script " + name + " is longer than " + MAX_SOURCE_CHARS + " characters");
    }

    public static ScriptSource of(String fileName, String code) {
        return new ScriptSource(fileName, Language.ofFileName(fileName), code);
    }

    /** SHA-256 of the source, recorded as the run's provenance. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
