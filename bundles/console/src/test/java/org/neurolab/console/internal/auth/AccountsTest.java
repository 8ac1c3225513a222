package org.neurolab.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
    static final int FAST = 1000; // iterations: the tests check behaviour, not cost

    @TempDir
    Path dir;

    UserStore store() throws Exception {
        return new UserStore(dir.resolve("users.json"), PasswordHash.create("first-admin-password".toCharArray(), FAST), FAST);
    }

    @Test
    void the_first_account_is_the_admin_credential_and_the_file_is_private() throws Exception {
        UserStore s = store();
        assertEquals(1, s.all().size());
        assertTrue(s.check("admin", "first-admin-password".toCharArray()).isPresent());
        assertTrue(s.check("admin", "admin".toCharArray()).isEmpty(), "no default password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("users.json"))));
        assertFalse(Files.readString(dir.resolve("users.json")).contains("first-admin-password"));
    }

    @Test
    void a_temporary_password_is_kept_until_its_holder_chooses_their_own() throws Exception {
        UserStore s = store();
        assertTrue(s.create("tina", "tina-temporary-pw-1".toCharArray(), Set.of(Role.RESEARCHER), "admin", false, true).mustChangePassword());
        assertTrue(store().get("tina").orElseThrow().mustChangePassword(), "kept across a restart");
        assertEquals("admin", store().get("tina").orElseThrow().passwordSetBy());
        s.setPassword("tina", "tina-own-password-2".toCharArray());
        assertFalse(store().get("tina").orElseThrow().mustChangePassword(), "her own choice");
        s.setPassword("tina", "tina-reset-password-3".toCharArray(), "admin");
        assertTrue(store().get("tina").orElseThrow().mustChangePassword(), "an admin's reset is temporary again");
        s.update("tina", Set.of(Role.RESEARCHER, Role.OPERATOR), false, "admin");
        assertTrue(store().get("tina").orElseThrow().mustChangePassword(), "a role change keeps it");
        assertFalse(s.create("tom", "tom-own-password-44".toCharArray(), Set.of(Role.RESEARCHER), "admin", false).mustChangePassword());
        // a users.json written before the field existed: its accounts chose their own passwords
        String old = Files.readString(dir.resolve("users.json")).replaceAll(",\\s*\"passwordSetBy\"\\s*:\\s*\"[^\"]*\"", "");
        assertFalse(old.contains("passwordSetBy"), old);
        Files.writeString(dir.resolve("users.json"), old);
        assertFalse(store().get("tina").orElseThrow().mustChangePassword());
    }

    @Test
    void accounts_survive_a_restart_and_passwords_are_checked_against_their_hash() throws Exception {
        store().create("rita", "rita-password-1".toCharArray(), Set.of(Role.RESEARCHER));
        UserStore again = store();
        assertEquals(Set.of(Role.RESEARCHER), again.check("rita", "rita-password-1".toCharArray()).orElseThrow().roles());
        assertTrue(again.check("rita", "rita-password-2".toCharArray()).isEmpty());
        assertTrue(again.check("nobody", "rita-password-1".toCharArray()).isEmpty());
    }

    @Test
    void names_passwords_and_roles_are_checked() throws Exception {
        UserStore s = store();
        assertThrows(IllegalArgumentException.class, () -> s.create("<script>", "long-enough-pw".toCharArray(), Set.of(Role.ADMIN)));
        assertThrows(IllegalArgumentException.class, () -> s.create("../etc", "long-enough-pw".toCharArray(), Set.of(Role.ADMIN)));
        assertThrows(IllegalArgumentException.class, () -> s.create("bob", "short".toCharArray(), Set.of(Role.ADMIN)));
        assertThrows(IllegalArgumentException.class, () -> s.create("bob", "long-enough-pw".toCharArray(), Set.of()));
        assertThrows(IllegalStateException.class, () -> s.create("admin", "long-enough-pw".toCharArray(), Set.of(Role.ADMIN)));
        assertThrows(IllegalArgumentException.class, () -> Role.of("root"));
        assertEquals(Role.ETHICS_OFFICER, Role.of("ethics-officer"));
    }

    @Test
    void the_last_enabled_admin_cannot_be_removed_or_disabled() throws Exception {
        UserStore s = store();
        assertThrows(IllegalStateException.class, () -> s.delete("admin"));
        assertThrows(IllegalStateException.class, () -> s.update("admin", Set.of(Role.RESEARCHER), false));
        assertThrows(IllegalStateException.class, () -> s.update("admin", Set.of(Role.ADMIN), true));
        s.create("ada", "ada-password-12".toCharArray(), Set.of(Role.ADMIN));
        s.delete("admin");
        assertTrue(s.get("admin").isEmpty());
    }

    @Test
    void tokens_are_shown_once_stored_hashed_and_stop_working_when_revoked_or_disabled() throws Exception {
        UserStore s = store();
        s.create("rita", "rita-password-1".toCharArray(), Set.of(Role.RESEARCHER));
        String token = s.createToken("rita", "notebook");
        assertTrue(token.startsWith("nl_"));
        assertFalse(Files.readString(dir.resolve("users.json")).contains(token), "only the hash is stored");
        assertEquals("rita", s.byToken(token).orElseThrow().name());
        assertTrue(s.byToken(token + "x").isEmpty());
        assertTrue(s.byToken("nl_abc").isEmpty());
        s.update("rita", Set.of(Role.RESEARCHER), true);
        assertTrue(s.byToken(token).isEmpty(), "a disabled account's tokens are refused");
        s.update("rita", Set.of(Role.RESEARCHER), false);
        String id = s.get("rita").orElseThrow().tokens().get(0).id();
        assertTrue(s.revokeToken("rita", id));
        assertTrue(s.byToken(token).isEmpty());
    }

    @Test
    void sessions_end_when_idle_and_carry_a_csrf_token() {
        AtomicLong now = new AtomicLong(1000);
        Sessions sessions = new Sessions(60_000, now::get);
        Sessions.Session s = sessions.open("rita");
        assertFalse(s.csrfToken().equals(s.id()));
        now.addAndGet(59_000);
        assertTrue(sessions.touch(s.id()).isPresent());
        now.addAndGet(59_000);
        assertTrue(sessions.touch(s.id()).isPresent(), "using it restarts the idle timer");
        now.addAndGet(61_000);
        assertTrue(sessions.touch(s.id()).isEmpty());
        Sessions.Session other = sessions.open("rita");
        sessions.closeAllOf("rita");
        assertTrue(sessions.touch(other.id()).isEmpty());
    }

    @Test
    void logins_are_throttled_and_audited() throws Exception {
        Files.createDirectories(dir.resolve("security"));
        Files.writeString(dir.resolve("security/admin.credential"), PasswordHash.create("first-admin-password".toCharArray(), FAST).format());
        Accounts accounts = new Accounts(dir, null);
        for (int i = 0; i < 5; i++) assertInstanceOf(Accounts.LoginResult.Refused.class, accounts.login("admin", "guess".toCharArray(), "10.0.0.1", true));
        assertInstanceOf(Accounts.LoginResult.Throttled.class, accounts.login("admin", "first-admin-password".toCharArray(), "10.0.0.1", true));
        assertInstanceOf(Accounts.LoginResult.Throttled.class, accounts.login("admin", "first-admin-password".toCharArray(), "10.0.0.2", true),
                "the account is held from any address");
        accounts.users().create("rita", "rita-password-1x".toCharArray(), Set.of(Role.RESEARCHER));
        Accounts.LoginResult ok = accounts.login("rita", "rita-password-1x".toCharArray(), "10.0.0.1", true);
        Accounts.LoginResult.Ok session = assertInstanceOf(Accounts.LoginResult.Ok.class, ok, "another account at the same address is not held");
        assertEquals("rita", accounts.bySession(session.session().id()).orElseThrow().user());
        String audit = Files.readString(dir.resolve("security/console-audit.jsonl"));
        assertEquals(8, audit.lines().count());
        assertTrue(audit.contains("\"outcome\":\"refused\"") && audit.contains("\"outcome\":\"throttled\"") && audit.contains("\"outcome\":\"ok\""));
    }

    @Test
    void the_first_two_officers_are_appointed_directly_then_the_role_changes_only_by_an_approved_change_and_origins_are_kept() throws Exception {
        UserStore s = store();
        s.create("edgar", "edgar-password-1".toCharArray(), Set.of(Role.ETHICS_OFFICER), "admin", false);
        assertTrue(s.officerBootstrap(), "one officer cannot approve anything alone");
        s.create("rita", "rita-password-1".toCharArray(), Set.of(Role.RESEARCHER), "admin", false);
        s.update("rita", Set.of(Role.RESEARCHER, Role.ETHICS_OFFICER), false, "admin");
        assertFalse(s.officerBootstrap(), "two officers: the bootstrap is over");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.create("eve", "eve-password-12".toCharArray(), Set.of(Role.ETHICS_OFFICER), "admin", false));
        assertTrue(e.getMessage().contains("two-person change"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.update("rita", Set.of(Role.RESEARCHER), false, "admin"), "removal too");
        assertThrows(IllegalStateException.class, () -> s.delete("edgar"), "an officer's account goes only after its role");
        s.update("edgar", Set.of(Role.ETHICS_OFFICER), true, "admin"); // disabling restricts: allowed, and the bootstrap stays over
        assertFalse(s.officerBootstrap());

        s.create("ivan", "ivan-password-1".toCharArray(), Set.of(), "ada", true);
        s.setEthicsOfficer("ivan", true, "ada", "rita");
        UserStore again = store();
        assertFalse(again.officerBootstrap(), "kept on disk");
        Account ivan = again.get("ivan").orElseThrow();
        assertEquals(Set.of(Role.ETHICS_OFFICER), ivan.roles());
        assertEquals("ada", ivan.createdBy());
        assertEquals(java.util.List.of("ada", "rita"), ivan.grantedBy().get("ethics-officer"));
        assertEquals(java.util.List.of("admin"), again.get("rita").orElseThrow().grantedBy().get("ethics-officer"));
        again.setEthicsOfficer("rita", false, "ivan", "edgar");
        assertEquals(Set.of(Role.RESEARCHER), again.get("rita").orElseThrow().roles());
        assertFalse(again.get("rita").orElseThrow().grantedBy().containsKey("ethics-officer"), "a grant lasts as long as its role");
    }
}
