package org.neurolab.console.internal.auth;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One person's account as stored: a password hash (never the password), roles and API tokens (their hashes).
 *
 * @param name         login name
 * @param roles        what the account may do
 * @param passwordHash {@link PasswordHash#format()}
 * @param tokens       API tokens, stored hashed
 * @param createdAt    ISO-8601
 * @param disabled     a disabled account cannot log in and its tokens are refused
 */
public record Account(String name, Set<Role> roles, String passwordHash, List<ApiToken> tokens, String createdAt, boolean disabled) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    public static final int MIN_PASSWORD_CHARS = PasswordPolicy.MIN_CHARS;
    public static final int MAX_PASSWORD_CHARS = PasswordPolicy.MAX_CHARS;

    public Account {
        requireName(name);
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(passwordHash, "password hash");
        tokens = List.copyOf(Objects.requireNonNullElse(tokens, List.of()));
        createdAt = Objects.requireNonNullElse(createdAt, "");
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches())
            throw new IllegalArgumentException("a user name is 2..32 characters: a lower-case letter, then lower-case letters, digits, '.', '_' or '-'");
        return name;
    }

    /** Length and the list of common passwords: see {@link PasswordPolicy}. */
    public static void requirePassword(char[] password) {
        PasswordPolicy.require(password);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    Account withPassword(String hash) {
        return new Account(name, roles, hash, tokens, createdAt, disabled);
    }

    Account withRoles(Set<Role> newRoles, boolean nowDisabled) {
        return new Account(name, newRoles, passwordHash, tokens, createdAt, nowDisabled);
    }

    Account withTokens(List<ApiToken> newTokens) {
        return new Account(name, roles, passwordHash, newTokens, createdAt, disabled);
    }
}
