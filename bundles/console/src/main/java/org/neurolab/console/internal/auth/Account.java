package org.neurolab.console.internal.auth;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
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
 * @param createdBy    who created it (empty: the lab itself, or an account older than this record)
 * @param grantedBy    per role id, who granted it: the admin who gave it, or for the ethics-officer role the proposer and the
 *                     approver of the two-person change (the ethics office's independence rule reads this)
 * @param passwordSetBy the admin who set the password as a temporary one (the account must choose its own before anything
 *                     else), empty when the holder chose it: whoever set a password must not go on knowing it
 */
public record Account(String name, Set<Role> roles, String passwordHash, List<ApiToken> tokens, String createdAt, boolean disabled,
                      String createdBy, Map<String, List<String>> grantedBy, String passwordSetBy) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    public static final int MIN_PASSWORD_CHARS = PasswordPolicy.MIN_CHARS;
    public static final int MAX_PASSWORD_CHARS = PasswordPolicy.MAX_CHARS;

    public Account {
        requireName(name);
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(passwordHash, "password hash");
        tokens = List.copyOf(Objects.requireNonNullElse(tokens, List.of()));
        createdAt = Objects.requireNonNullElse(createdAt, "");
        createdBy = Objects.requireNonNullElse(createdBy, "");
        passwordSetBy = Objects.requireNonNullElse(passwordSetBy, ""); // accounts stored before this field chose their own
        Map<String, List<String>> grants = new TreeMap<>();
        for (var g : Objects.requireNonNullElse(grantedBy, Map.<String, List<String>>of()).entrySet())
            if (roles.contains(Role.of(g.getKey()))) grants.put(g.getKey(), List.copyOf(g.getValue())); // a grant lasts as long as its role
        grantedBy = Collections.unmodifiableMap(grants);
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

    /** As {@link #requirePassword(char[])}, and not little more than the account's own name. */
    public static void requirePassword(char[] password, String account) {
        PasswordPolicy.require(password, account);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The password is a temporary one an admin set: the holder must choose their own before the console does anything else. */
    public boolean mustChangePassword() {
        return !passwordSetBy.isEmpty();
    }

    /** @param setBy the admin who set it as a temporary password, or empty: the holder chose it */
    Account withPassword(String hash, String setBy) {
        return new Account(name, roles, hash, tokens, createdAt, disabled, createdBy, grantedBy, setBy);
    }

    /** New roles, each one added granted by {@code grantedBy}. */
    Account withRoles(Set<Role> newRoles, boolean nowDisabled, List<String> by) {
        Map<String, List<String>> grants = new TreeMap<>(grantedBy);
        for (Role r : newRoles) if (!roles.contains(r)) grants.put(r.id(), by);
        return new Account(name, newRoles, passwordHash, tokens, createdAt, nowDisabled, createdBy, grants, passwordSetBy);
    }

    Account withTokens(List<ApiToken> newTokens) {
        return new Account(name, roles, passwordHash, newTokens, createdAt, disabled, createdBy, grantedBy, passwordSetBy);
    }
}
