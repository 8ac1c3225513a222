package org.neurolab.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginHardeningTest {
    static final int ITERATIONS = 40_000; // slow enough that a skipped hash shows, fast enough for a unit test

    @TempDir
    Path dir;

    @Test
    void an_unknown_or_disabled_name_costs_the_same_hash_as_a_wrong_password() throws Exception {
        UserStore s = new UserStore(dir.resolve("users.json"), PasswordHash.create("first-admin-password".toCharArray(), ITERATIONS), ITERATIONS);
        s.create("rita", "rita-password-1x".toCharArray(), Set.of(Role.RESEARCHER));
        s.create("gone", "gone-password-1x".toCharArray(), Set.of(Role.RESEARCHER));
        s.update("gone", Set.of(Role.RESEARCHER), true);
        for (int i = 0; i < 3; i++) s.check("warm-up", "x".toCharArray()); // JIT and the lazily made dummy hash
        long known = median(() -> s.check("rita", "wrong-password-99".toCharArray()));
        long unknown = median(() -> s.check("nobody", "wrong-password-99".toCharArray()));
        long disabled = median(() -> s.check("gone", "gone-password-1x".toCharArray()));
        // statistical, generous: without the dummy hash an unknown name answers in microseconds, ~1000x faster
        assertTrue(unknown > known / 3, "unknown " + unknown + " ns vs known " + known + " ns");
        assertTrue(disabled > known / 3, "disabled " + disabled + " ns vs known " + known + " ns");
    }

    @Test
    void one_persons_typos_hold_their_account_not_everyone_at_that_address() throws Exception {
        Accounts accounts = new Accounts(dir, "first-admin-password");
        accounts.users().create("rita", "rita-password-1x".toCharArray(), Set.of(Role.RESEARCHER));
        for (int i = 0; i < 5; i++)
            assertInstanceOf(Accounts.LoginResult.Refused.class, accounts.login("rita", ("typo-" + i).toCharArray(), "127.0.0.1", false));
        Accounts.LoginResult held = accounts.login("rita", "rita-password-1x".toCharArray(), "127.0.0.1", false);
        assertInstanceOf(Accounts.LoginResult.Throttled.class, held, "rita's account waits, even with the right password");
        // the refusal names what is held: rita's account, not the address everyone at this lab shares
        String message = ((Accounts.LoginResult.Throttled) held).message();
        assertTrue(message.startsWith("too many failed logins for the account 'rita'"), message);
        assertFalse(message.contains("127.0.0.1"), message);
        assertInstanceOf(Accounts.LoginResult.Ok.class, accounts.login("admin", "first-admin-password".toCharArray(), "127.0.0.1", false),
                "the admin at the same address is not locked out");
        assertTrue(accounts.loginWaitMillis("127.0.0.1", "rita") > 0);
        assertTrue(accounts.loginWaitMillis("127.0.0.1", "admin") == 0);
    }

    @Test
    void guessing_across_accounts_is_refused_naming_the_address() throws Exception {
        Accounts accounts = new Accounts(dir, "first-admin-password");
        for (int i = 0; i < Accounts.ADDRESS_FAILURES; i++) accounts.login("guess-" + i, "wrong-password-xx".toCharArray(), "10.1.2.3", false);
        Accounts.LoginResult held = accounts.login("admin", "first-admin-password".toCharArray(), "10.1.2.3", false);
        assertInstanceOf(Accounts.LoginResult.Throttled.class, held);
        String message = ((Accounts.LoginResult.Throttled) held).message();
        assertTrue(message.startsWith("too many failed logins from 10.1.2.3"), message);
        assertInstanceOf(Accounts.LoginResult.Ok.class, accounts.login("admin", "first-admin-password".toCharArray(), "10.1.2.4", false));
    }

    @Test
    void guessing_across_many_accounts_from_one_address_holds_the_address() {
        LoginThrottle perAddress = new LoginThrottle(20, 60_000, () -> 1000);
        for (int i = 0; i < 20; i++) perAddress.failed("10.0.0.9");
        assertTrue(perAddress.waitMillis("10.0.0.9") > 0);
        assertTrue(perAddress.waitMillis("10.0.0.10") == 0);
    }

    /** The median CPU time of the calling thread over 7 runs: the hash's work, whatever else the machine is doing. */
    private static long median(Runnable r) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] t = new long[7];
        for (int i = 0; i < t.length; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            r.run();
            t[i] = cpu.getCurrentThreadCpuTime() - t0;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
