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

        record Throttled(long waitMillis) implements LoginResult {
        }
    }

    private final UserStore users;
    private final Sessions sessions = new Sessions(SESSION_IDLE_MILLIS, System::currentTimeMillis);
    private final LoginThrottle throttle = new LoginThrottle(5, 60_000, System::currentTimeMillis);
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

    /** Checks a password, throttled per address and audited either way; on success opens a session. */
    public LoginResult login(String name, char[] password, String address, boolean openSession) {
        long wait = throttle.waitMillis(address);
        if (wait > 0) {
            audit.record(String.valueOf(name), "login", "console", "throttled", address);
            return new LoginResult.Throttled(wait);
        }
        Optional<Account> a = name == null ? Optional.empty() : users.check(name, password);
        if (a.isEmpty()) {
            throttle.failed(address);
            audit.record(String.valueOf(name), "login", "console", "refused", address);
            return new LoginResult.Refused();
        }
        throttle.succeeded(address);
        audit.record(name, "login", "console", "ok", address);
        return new LoginResult.Ok(a.get(), openSession ? sessions.open(name) : null);
    }

    /** How long this address must wait before its next login attempt (0: it may try now). */
    public long loginWaitMillis(String address) {
        return throttle.waitMillis(address);
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
