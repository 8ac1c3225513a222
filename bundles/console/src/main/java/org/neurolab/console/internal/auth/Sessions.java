package org.neurolab.console.internal.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Browser sessions, in memory (a restart logs everyone out, which is what a lab wants after an update). Each has
 * a CSRF token the UI sends back in {@code X-CSRF-Token} on every mutating request; sessions end after being idle.
 */
public final class Sessions {
    public record Session(String id, String user, String csrfToken, long lastUsedMillis) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final long idleMillis;
    private final LongSupplier clock;

    public Sessions(long idleMillis, LongSupplier clock) {
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    public Session open(String user) {
        Session s = new Session(random(), user, random(), clock.getAsLong());
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its idle timer restarted. */
    public Optional<Session> touch(String id) {
        if (id == null) return Optional.empty();
        long now = clock.getAsLong();
        Session s = sessions.computeIfPresent(id, (k, v) -> now - v.lastUsedMillis() > idleMillis ? null
                : new Session(v.id(), v.user(), v.csrfToken(), now));
        return Optional.ofNullable(s);
    }

    public void close(String id) {
        if (id != null) sessions.remove(id);
    }

    /** Ends every session of a user (password changed, account disabled or deleted). */
    public void closeAllOf(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
