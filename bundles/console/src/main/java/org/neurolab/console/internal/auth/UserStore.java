package org.neurolab.console.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lab's accounts in {@code data/security/users.json} (0600, replaced atomically on every change). The first
 * account is the admin credential the lab created at its first start (from {@code NEUROLAB_ADMIN_PASSWORD} or printed
 * once): there is no default password anywhere.
 *
 * <p>Each account keeps who created it and who granted each of its roles. The ethics-officer role changes only by an
 * approved two-person change of the ethics office ({@link #setEthicsOfficer}); the one exception is the lab's first two
 * officers, whom an admin appoints directly because there is nobody yet who could approve (the bootstrap). Once two
 * accounts have held the role the bootstrap is over for good (recorded in the file), whatever happens to them later.
 */
public final class UserStore {
    public static final int MAX_TOKENS_PER_USER = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Stored(List<Account> users, boolean officerBootstrapOver) {
    }

    /** What the two-person rule says to a direct change of the ethics-officer role. */
    public static final String TWO_PERSON = "the ethics-officer role is granted and removed only by a two-person change (proposed by one person, "
            + "approved by an independent ethics officer through the ethics office)";

    private final Path file;
    private final int iterations;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private boolean officerBootstrapOver;

    /**
     * @param file          users.json
     * @param adminHash     the first admin's password hash, used only when the file does not exist yet
     * @param iterations    PBKDF2 iterations for passwords set from now on
     */
    public UserStore(Path file, PasswordHash adminHash, int iterations) throws IOException {
        this.file = file;
        this.iterations = iterations;
        if (Files.exists(file)) {
            Stored s = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
            for (Account a : s.users()) accounts.put(a.name(), a);
            officerBootstrapOver = s.officerBootstrapOver() || officers(accounts) >= 2;
        } else {
            commit(AdminCredential.USER, new Account(AdminCredential.USER, Set.of(Role.ADMIN), adminHash.format(), List.of(), Instant.now().toString(), false,
                    "", Map.of(), ""));
        }
    }

    public synchronized List<Account> all() {
        return List.copyOf(accounts.values());
    }

    public synchronized Optional<Account> get(String name) {
        return Optional.ofNullable(accounts.get(name));
    }

    /** The account if the password is its password (and it is enabled). Runs the slow hash. */
    public Optional<Account> check(String name, char[] password) {
        Account a;
        synchronized (this) {
            a = accounts.get(name);
        }
        if (a == null || a.disabled() || password == null || password.length > Account.MAX_PASSWORD_CHARS) {
            // the same slow hash as for a real account: how long a refusal takes must not tell which names exist
            dummyHash().matches(password == null ? new char[0] : password);
            return Optional.empty();
        }
        return PasswordHash.parse(a.passwordHash()).matches(password) ? Optional.of(a) : Optional.empty();
    }

    private volatile PasswordHash dummy;

    private PasswordHash dummyHash() {
        PasswordHash d = dummy;
        if (d == null) dummy = d = PasswordHash.create("not-an-account-password".toCharArray(), iterations);
        return d;
    }

    public synchronized Account create(String name, char[] password, Set<Role> roles) {
        return create(name, password, roles, "", false, false);
    }

    public synchronized Account create(String name, char[] password, Set<Role> roles, String by, boolean awaitingRole) {
        return create(name, password, roles, by, awaitingRole, false);
    }

    /**
     * @param by           who creates it (granting its roles)
     * @param awaitingRole no role yet: the account waits for the approval of its ethics-officer role
     * @param temporary    the password is one to be replaced at first login (set by {@code by})
     * @throws IllegalStateException when it would be an ethics officer and the bootstrap is over
     */
    public synchronized Account create(String name, char[] password, Set<Role> roles, String by, boolean awaitingRole, boolean temporary) {
        Account.requireName(name);
        if (accounts.containsKey(name)) throw new IllegalStateException("user '" + name + "' exists already");
        Account.requirePassword(password, name);
        if (roles.isEmpty() && !awaitingRole) throw new IllegalArgumentException("a user needs at least one role");
        if (roles.contains(Role.ETHICS_OFFICER) && !officerBootstrap()) throw new IllegalStateException(TWO_PERSON);
        Map<String, List<String>> grants = new TreeMap<>();
        for (Role r : roles) grants.put(r.id(), List.of(by));
        Account a = new Account(name, roles, PasswordHash.create(password, iterations).format(), List.of(), Instant.now().toString(), false, by, grants,
                temporary ? setter(by) : "");
        commit(name, a);
        return a;
    }

    public synchronized Account update(String name, Set<Role> roles, boolean disabled) {
        return update(name, roles, disabled, "");
    }

    /** @throws IllegalStateException when the ethics-officer role would change and the bootstrap is over */
    public synchronized Account update(String name, Set<Role> roles, boolean disabled, String by) {
        Account a = require(name);
        if (roles.isEmpty()) throw new IllegalArgumentException("a user needs at least one role");
        if (roles.contains(Role.ETHICS_OFFICER) != a.has(Role.ETHICS_OFFICER) && !officerBootstrap()) throw new IllegalStateException(TWO_PERSON);
        Account changed = a.withRoles(roles, disabled, List.of(by));
        requireAnAdminLeft(name, changed);
        commit(name, changed);
        return changed;
    }

    /**
     * Applies an approved two-person change of the ethics-officer role, recording its proposer and approver as the grant.
     *
     * @throws java.util.NoSuchElementException when there is no such account
     */
    public synchronized Account setEthicsOfficer(String name, boolean officer, String proposedBy, String approvedBy) {
        Account a = require(name);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(a.roles());
        if (officer) roles.add(Role.ETHICS_OFFICER);
        else roles.remove(Role.ETHICS_OFFICER);
        Account changed = a.withRoles(roles, a.disabled(), List.of(proposedBy, approvedBy));
        commit(name, changed);
        return changed;
    }

    /** True while an admin may still appoint an ethics officer directly: fewer than two accounts have ever held the role. */
    public synchronized boolean officerBootstrap() {
        return !officerBootstrapOver && officers(accounts) < 2;
    }

    private static long officers(Map<String, Account> content) {
        return content.values().stream().filter(a -> a.has(Role.ETHICS_OFFICER)).count();
    }

    /** The holder's own choice (or the lab's first credential): no change is asked of them. */
    public synchronized void setPassword(String name, char[] password) {
        setPassword(name, password, "");
    }

    /** @param temporarySetBy the admin setting it as a temporary password the holder must replace, or empty */
    public synchronized void setPassword(String name, char[] password, String temporarySetBy) {
        Account a = require(name);
        Account.requirePassword(password, name);
        commit(name, a.withPassword(PasswordHash.create(password, iterations).format(), temporarySetBy == null ? "" : temporarySetBy));
    }

    private static String setter(String by) {
        return by == null || by.isBlank() ? "admin" : by;
    }

    public synchronized void delete(String name) {
        if (require(name).has(Role.ETHICS_OFFICER) && !officerBootstrap())
            throw new IllegalStateException("remove the ethics-officer role of '" + name + "' first: " + TWO_PERSON);
        requireAnAdminLeft(name, null);
        commit(name, null);
    }

    /** @return the token, to be shown once */
    public synchronized String createToken(String name, String label) {
        Account a = require(name);
        if (a.tokens().size() >= MAX_TOKENS_PER_USER)
            throw new IllegalStateException("user '" + name + "' has " + MAX_TOKENS_PER_USER + " tokens already; revoke one first");
        String id = HexFormat.of().formatHex(bytes(6));
        String token = "nl_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        List<ApiToken> tokens = new ArrayList<>(a.tokens());
        tokens.add(new ApiToken(id, label, sha256(token), Instant.now().toString()));
        commit(name, a.withTokens(tokens));
        return token;
    }

    public synchronized boolean revokeToken(String name, String tokenId) {
        Account a = require(name);
        List<ApiToken> tokens = new ArrayList<>(a.tokens());
        if (!tokens.removeIf(t -> t.id().equals(tokenId))) return false;
        commit(name, a.withTokens(tokens));
        return true;
    }

    /** The enabled account a bearer token belongs to. */
    public synchronized Optional<Account> byToken(String token) {
        if (token == null || !token.startsWith("nl_") || token.length() > 200) return Optional.empty();
        int sep = token.indexOf('_', 3);
        if (sep < 0) return Optional.empty();
        String id = token.substring(3, sep);
        byte[] digest = HexFormat.of().parseHex(sha256(token));
        for (Account a : accounts.values()) {
            for (ApiToken t : a.tokens()) {
                if (t.id().equals(id) && MessageDigest.isEqual(digest, HexFormat.of().parseHex(t.sha256())))
                    return a.disabled() ? Optional.empty() : Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private Account require(String name) {
        Account a = accounts.get(name);
        if (a == null) throw new java.util.NoSuchElementException("no user '" + name + "'");
        return a;
    }

    /** The lab must never lock itself out: at least one enabled admin stays. */
    private void requireAnAdminLeft(String changing, Account replacement) {
        boolean left = accounts.values().stream()
                .map(a -> a.name().equals(changing) ? replacement : a)
                .anyMatch(a -> a != null && !a.disabled() && a.has(Role.ADMIN));
        if (!left) throw new IllegalStateException("refused: this would leave the lab without an enabled admin");
    }

    /** Writes the accounts with this one changed (null: removed), and only then takes the change: memory never runs ahead of the file. */
    private void commit(String name, Account changed) {
        Map<String, Account> next = new LinkedHashMap<>(accounts);
        if (changed == null) next.remove(name);
        else next.put(name, changed);
        boolean over = officerBootstrapOver || officers(next) >= 2;
        save(next, over);
        accounts.clear();
        accounts.putAll(next);
        officerBootstrapOver = over;
    }

    private void save(Map<String, Account> content, boolean bootstrapOver) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(new Stored(List.copyOf(content.values()), bootstrapOver)), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // the data folder's permissions apply
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the accounts to " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
