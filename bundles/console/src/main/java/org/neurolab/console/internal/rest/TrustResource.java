package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Role;

/**
 * The keys bundles must be signed by (the launcher's trust store, {@code data/security/trusted-signers/}), for admins:
 * list, add, remove; every change in the console's audit and, with who, in the lab's log. Removing a key uninstalls
 * nothing; the answer names the running bundles it had signed.
 */
final class TrustResource {
    private static final Access ADMINS = Access.roles(Role.ADMIN);

    private final LabTrust trust;
    private final Accounts accounts;

    TrustResource(LabTrust trust, Accounts accounts) {
        this.trust = trust;
        this.accounts = accounts;
    }

    void register(RouteTable t) {
        t.get("/api/security/trust", ADMINS, "The trusted bundle signers (alias, subject, SHA-256, validity, running bundles each signed) and development mode",
                c -> list());
        t.post("/api/security/trust", ADMINS, "Trust a signer: {pem, alias?} (a PEM X.509 certificate; alias defaults to its CN)", this::add);
        t.delete("/api/security/trust/{alias}", ADMINS, "Stop trusting a signer; running bundles it signed keep running and are named", this::remove);
    }

    private Map<String, Object> list() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devMode", trust.devMode());
        m.put("signers", trust.list());
        return m;
    }

    private Object add(Call c) throws Exception {
        JsonNode body = c.json();
        String pem = Call.text(body, "pem", true, 64 << 10);
        String alias = Call.text(body, "alias", false, 100);
        Map<String, Object> added;
        try {
            added = trust.add(pem, alias, "console user " + c.user() + " from " + c.address());
        } catch (ApiException e) {
            accounts.audit().record(c.user(), "trust.add", alias == null ? "(from CN)" : alias, "refused: " + e.getMessage(), c.address());
            throw e;
        }
        accounts.audit().record(c.user(), "trust.add", added.get("alias") + " (" + added.get("subject") + ", SHA-256 " + added.get("sha256") + ")", "ok", c.address());
        return Reply.created(added);
    }

    private Object remove(Call c) {
        String alias = c.path("alias");
        Map<String, Object> removed;
        try {
            removed = trust.remove(alias, "console user " + c.user() + " from " + c.address());
        } catch (ApiException e) {
            accounts.audit().record(c.user(), "trust.remove", Call.clip(alias), "refused: " + e.getMessage(), c.address());
            throw e;
        }
        List<?> running = (List<?>) removed.get("stillRunning");
        accounts.audit().record(c.user(), "trust.remove", removed.get("alias") + " (" + removed.get("subject") + ")",
                running.isEmpty() ? "ok" : "ok; still running, signed by it: " + running, c.address());
        return removed;
    }
}
