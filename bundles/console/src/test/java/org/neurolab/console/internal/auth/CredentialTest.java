package org.neurolab.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialTest {
    @TempDir
    Path dir;

    @Test
    void hash_round_trips_and_only_the_right_password_matches() {
        PasswordHash h = PasswordHash.create("correct horse".toCharArray(), 1_000);
        PasswordHash parsed = PasswordHash.parse(h.format());
        assertTrue(parsed.matches("correct horse".toCharArray()));
        assertFalse(parsed.matches("correct horsf".toCharArray()));
        assertTrue(h.format().startsWith("pbkdf2-sha256$1000$"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("{sha-256}abc"));
    }

    @Test
    void first_start_creates_the_credential_from_the_environment_and_stores_only_a_hash() throws Exception {
        Path file = dir.resolve("security/admin.credential");
        PasswordHash h = AdminCredential.loadOrCreate(file, "a long enough password", 1_000);
        assertTrue(h.matches("a long enough password".toCharArray()));
        String stored = Files.readString(file);
        assertFalse(stored.contains("a long enough password"));
        // the second start loads it and ignores the environment
        PasswordHash again = AdminCredential.loadOrCreate(file, "another password entirely", 1_000);
        assertTrue(again.matches("a long enough password".toCharArray()));
    }

    @Test
    void a_short_password_from_the_environment_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminCredential.loadOrCreate(dir.resolve("c"), "short", 1_000));
        assertTrue(e.getMessage().contains("at least 12 characters"));
        assertFalse(Files.exists(dir.resolve("c")));
    }

    @Test
    void generated_passwords_are_random_and_unambiguous() {
        String a = AdminCredential.randomPassword(20), b = AdminCredential.randomPassword(20);
        assertEquals(20, a.length());
        assertFalse(a.equals(b));
        assertFalse(a.matches(".*[0O1lI].*"), a);
    }

    @Test
    void throttle_blocks_after_too_many_failures_until_the_window_passes() {
        AtomicLong now = new AtomicLong(1_000_000);
        LoginThrottle t = new LoginThrottle(3, 60_000, now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, t.waitMillis("10.0.0.1"));
            t.failed("10.0.0.1");
        }
        assertEquals(60_000, t.waitMillis("10.0.0.1"));
        assertEquals(0, t.waitMillis("10.0.0.2"), "other addresses are not affected");
        now.addAndGet(60_001);
        assertEquals(0, t.waitMillis("10.0.0.1"));
        t.failed("10.0.0.1");
        t.succeeded("10.0.0.1");
        assertEquals(0, t.waitMillis("10.0.0.1"));
    }
}
