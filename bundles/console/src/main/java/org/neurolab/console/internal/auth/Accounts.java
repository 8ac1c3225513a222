package org.neurolab.console.internal.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.neurolab.ethics.EthicsOffice;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The accounts, sessions, login throttle and console audit as one service the REST API and the Web Console's
 * security provider share (a service of a private type: only this bundle sees it).
 */
@Component(service = Accounts.class)
public final class Accounts {
    public static final long SESSION_IDLE_MILLIS = 8 * 3600_000L;

    /** Why a login did not succeed. */
    public sealed interface LoginResult {
        record Ok(Account account, Sessions.Session session) implements LoginResult {
        }

        record Refused() implements LoginResult {
        }

        /** Held: {@code account} (the name as typed) when that account's failures hold it, else {@code null} (the address's). */
        record Throttled(long waitMillis, String account, String address) implements LoginResult {
            /** What is held and for how long, for the person at the keyboard: their own account, or the whole address. */
            public String message() {
                long seconds = (waitMillis + 999) / 1000;
                return account != null
                        ? "too many failed logins for the account '" + clip(account) + "' (" + ACCOUNT_FAILURES + " in a minute); it may try again in " + seconds + " s"
                        : "too many failed logins from " + address + " (" + ADDRESS_FAILURES + " in a minute, across accounts); this address may try again in " + seconds + " s";
            }

            private static String clip(String s) {
                return s.length() > 64 ? s.substring(0, 64) + "…" : s;
            }
        }
    }

    private final UserStore users;
    private final Sessions sessions = new Sessions(SESSION_IDLE_MILLIS, System::currentTimeMillis);
    /**
     * Five failures for one account in a minute hold that account (guessing one password stays slow), twenty from one
     * address hold the address (guessing across accounts too); a lab used from 127.0.0.1 by several people is not
     * locked out by one person's typos.
     */
    static final int ACCOUNT_FAILURES = 5, ADDRESS_FAILURES = 20;
    private final LoginThrottle perAccount = new LoginThrottle(ACCOUNT_FAILURES, 60_000, System::currentTimeMillis);
    private final LoginThrottle perAddress = new LoginThrottle(ADDRESS_FAILURES, 60_000, System::currentTimeMillis);
    private final ConsoleAudit audit;

    /** While the ethics bundle runs, console events also go into the lab's tamper-evident audit trail. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EthicsOffice ethics;

    @Activate
    public Accounts(BundleContext context) throws IOException {
        this(dataDir(context), System.getenv(AdminCredential.ENV));
    }

    public Accounts(Path dataDir, String adminPasswordFromEnv) throws IOException {
        Path security = dataDir.resolve("security");
        PasswordHash admin = AdminCredential.loadOrCreate(security.resolve("admin.credential"), adminPasswordFromEnv, PasswordHash.DEFAULT_ITERATIONS);
        this.users = new UserStore(security.resolve("users.json"), admin, PasswordHash.DEFAULT_ITERATIONS);
        this.audit = new ConsoleAudit(security.resolve("console-audit.jsonl"), () -> ethics);
    }

    static Path dataDir(BundleContext context) {
        String dir = context.getProperty("neurolab.data.dir");
        return Path.of(dir == null ? "data" : dir);
    }

    public UserStore users() {
        return users;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ConsoleAudit audit() {
        return audit;
    }

    /** The ethics office while the ethics bundle runs (role changes that need a second person go there). */
    public Optional<EthicsOffice> ethics() {
        return Optional.ofNullable(ethics);
    }

    /** Checks a password, throttled per account and per address and audited either way; on success opens a session. */
    public LoginResult login(String name, char[] password, String address, boolean openSession) {
        String account = accountKey(name);
        LoginResult.Throttled held = held(name, address);
        if (held != null) {
            audit.record(String.valueOf(name), "login", "console", "throttled", address);
            return held;
        }
        Optional<Account> a = name == null ? Optional.empty() : users.check(name, password);
        if (a.isEmpty()) {
            perAccount.failed(account);
            perAddress.failed(address);
            audit.record(String.valueOf(name), "login", "console", "refused", address);
            return new LoginResult.Refused();
        }
        // only the account's count is cleared: a login that works must not reset the address's guesses at other accounts
        perAccount.succeeded(account);
        audit.record(name, "login", "console", "ok", address);
        return new LoginResult.Ok(a.get(), openSession ? sessions.open(name) : null);
    }

    /** Names are throttled as typed, but bounded: a flood of invented names must not grow the table without end. */
    private static String accountKey(String name) {
        if (name == null) return "";
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** How long a login to this account (null: any) from this address must wait (0: it may try now). */
    public long loginWaitMillis(String address, String name) {
        LoginResult.Throttled held = held(name, address);
        return held == null ? 0 : held.waitMillis();
    }

    /** Whether a login to this account (null: any) from this address must wait, and which of the two holds it; null if not. */
    public LoginResult.Throttled held(String name, String address) {
        long account = name == null ? 0 : perAccount.waitMillis(accountKey(name));
        long addr = perAddress.waitMillis(address);
        if (account <= 0 && addr <= 0) return null;
        // the longer wait is the one to name: it is the one the person has to sit out
        return account >= addr ? new LoginResult.Throttled(account, accountKey(name), address) : new LoginResult.Throttled(addr, null, address);
    }

    /** The principal of a session cookie, with the account's roles as they are now. */
    public Optional<Principal> bySession(String sessionId) {
        return sessions.touch(sessionId).flatMap(s -> users.get(s.user()).filter(a -> !a.disabled())
                .map(a -> new Principal(a.name(), a.roles(), s.id(), s.csrfToken())));
    }

    public Optional<Principal> byToken(String token) {
        return users.byToken(token).map(a -> new Principal(a.name(), a.roles(), null, null));
    }
}
