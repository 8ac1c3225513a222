package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.console.internal.auth.Account;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.ConsoleAuditFilter;
import org.neurolab.console.internal.auth.Role;
import org.neurolab.ethics.ChangeKind;
import org.neurolab.ethics.EthicsOffice;
import org.neurolab.ethics.PendingChange;

/**
 * Accounts and roles: admins only. Granting or removing the ethics-officer role is a two-person change of the ethics
 * office: the request applies what else it asks and answers 202 with the pending change, which an independent ethics
 * officer approves (or rejects) under {@code /api/ethics/changes}. Only the lab's first two officers are appointed
 * directly (nobody could approve them yet).
 */
final class UserResource {
    private static final Access ADMIN = Access.roles(Role.ADMIN);
    private final Accounts accounts;

    UserResource(Accounts accounts) {
        this.accounts = accounts;
    }

    void register(RouteTable t) {
        t.get("/api/users", ADMIN, "Every account with its roles and token labels (never a hash)", c -> accounts.users().all().stream().map(UserResource::view).toList());
        t.post("/api/users", ADMIN, "Create an account: name, password (>= 12 characters), roles, reason (for the ethics-officer role: 202 with "
                + "the pending two-person change)", this::create);
        t.get("/api/users/{name}", ADMIN, "One account", c -> view(accounts.users().get(c.path("name"))
                .orElseThrow(() -> ApiException.notFound("no user '" + Call.clip(c.path("name")) + "'"))));
        t.put("/api/users/{name}", ADMIN, "Change an account's roles or disable it (the last enabled admin stays); granting or removing the "
                + "ethics-officer role answers 202 with the pending two-person change: {roles, disabled, reason}", this::update);
        t.put("/api/users/{name}/password", ADMIN, "Set an account's password (ends its sessions)", this::setPassword);
        t.delete("/api/users/{name}", ADMIN, "Delete an account (the last enabled admin stays)", this::delete);
        t.get("/api/console/audit", ADMIN, "The console's audit file: logins, account, token and bundle changes, newest first: ?limit entries "
                + "after the newest ?skip, only those of ?actor, ?action (exact, or a prefix ending in *), ?target, ?outcome (its beginning, e.g. refused)",
                c -> accounts.audit().recent((int) c.queryLong("skip", 0, 0, Integer.MAX_VALUE), (int) c.queryLong("limit", 200, 1, 10_000),
                        new ConsoleAuditFilter(c.query("actor"), c.query("action"), c.query("target"), c.query("outcome"))));
    }

    static Map<String, Object> view(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("roles", a.roles().stream().map(Role::id).sorted().toList());
        m.put("disabled", a.disabled());
        m.put("createdAt", a.createdAt());
        m.put("createdBy", a.createdBy());
        m.put("grantedBy", a.grantedBy());
        m.put("mustChangePassword", a.mustChangePassword());
        m.put("tokens", a.tokens().stream().map(t -> Map.of("id", t.id(), "label", t.label(), "createdAt", t.createdAt())).toList());
        return m;
    }

    static Set<Role> roles(JsonNode body) {
        List<String> names = Call.texts(body, "roles", true);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) roles.add(Role.of(n));
        if (roles.isEmpty()) throw ApiException.badRequest("'roles' must name at least one role");
        return roles;
    }

    private Object create(Call c) throws Exception {
        JsonNode body = c.json();
        String name = Call.text(body, "name", true, 64);
        String password = Call.text(body, "password", true, 256);
        Set<Role> roles = roles(body);
        String reason = Call.text(body, "reason", false, 2000);
        // a temporary password: the holder chooses their own at first login, so the admin who set it does not go on knowing it
        boolean temporary = Call.bool(body, "temporaryPassword", false);
        boolean officer = roles.contains(Role.ETHICS_OFFICER);
        if (!officer || accounts.users().officerBootstrap()) {
            Account a = accounts.users().create(name, password.toCharArray(), roles, c.user(), false, temporary);
            accounts.audit().record(c.user(), "user.create", name, "ok: roles " + view(a).get("roles")
                    + (officer ? " (ethics officer appointed directly: the lab's first two need nobody's approval, there is nobody yet)" : ""), c.address());
            return Reply.created(view(a));
        }
        EthicsOffice office = office();
        Set<Role> others = EnumSet.noneOf(Role.class);
        others.addAll(roles);
        others.remove(Role.ETHICS_OFFICER);
        Account a = accounts.users().create(name, password.toCharArray(), others, c.user(), true, temporary);
        PendingChange change;
        try {
            change = propose(office, name, "grant", c, reason);
        } catch (RuntimeException e) {
            accounts.users().delete(name); // nothing half-done: no account without the change it was created for
            throw e;
        }
        accounts.audit().record(c.user(), "user.create", name, "ok: roles " + view(a).get("roles") + "; ethics-officer role proposed as " + change.id(),
                c.address());
        return Reply.accepted(pending(a, change));
    }

    private Object update(Call c) throws Exception {
        JsonNode body = c.json();
        String name = c.path("name");
        Account before = accounts.users().get(name).orElseThrow(() -> ApiException.notFound("no user '" + Call.clip(name) + "'"));
        Set<Role> roles = body.has("roles") ? roles(body) : before.roles();
        boolean disabled = Call.bool(body, "disabled", before.disabled());
        String reason = Call.text(body, "reason", false, 2000);
        boolean officerChanges = roles.contains(Role.ETHICS_OFFICER) != before.has(Role.ETHICS_OFFICER);
        EthicsOffice office = null;
        if (officerChanges && !accounts.users().officerBootstrap()) {
            office = office();
            Set<Role> now = EnumSet.noneOf(Role.class); // everything else applies now; the officer role stays as it is until approved
            now.addAll(roles);
            if (before.has(Role.ETHICS_OFFICER)) now.add(Role.ETHICS_OFFICER);
            else now.remove(Role.ETHICS_OFFICER);
            if (now.isEmpty()) now.addAll(before.roles());
            roles = now;
        }
        PendingChange change = office == null ? null : propose(office, name, before.has(Role.ETHICS_OFFICER) ? "remove" : "grant", c, reason);
        Account a;
        try {
            a = accounts.users().update(name, roles, disabled, c.user());
        } catch (RuntimeException e) {
            if (change != null) office.reject(change.id(), c.user(), "the rest of the account change was refused: " + e.getMessage());
            throw e;
        }
        if (disabled) accounts.sessions().closeAllOf(name);
        accounts.audit().record(c.user(), "user.update", name, "ok: roles " + view(a).get("roles") + ", disabled " + disabled
                + (change != null ? "; ethics-officer role change proposed as " + change.id() : ""), c.address());
        return change == null ? view(a) : Reply.accepted(pending(a, change));
    }

    private EthicsOffice office() {
        return accounts.ethics().orElseThrow(() -> new ApiException(409, NO_OFFICE));
    }

    private static PendingChange propose(EthicsOffice office, String name, String grantOrRemove, Call c, String reason) {
        return office.propose(ChangeKind.ETHICS_OFFICER_ROLE, name, grantOrRemove, c.user(),
                reason == null || reason.isBlank() ? grantOrRemove + " the ethics-officer role of " + name + ", asked by " + c.user() + " in the console" : reason);
    }

    private static Map<String, Object> pending(Account a, PendingChange change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", view(a));
        m.put("pendingChange", change);
        m.put("approval", "an ethics officer independent of " + change.author() + " and of " + a.name() + " approves it: POST /api/ethics/changes/"
                + change.id() + "/approve");
        return m;
    }

    private static final String NO_OFFICE = "the ethics-officer role is a two-person change of the ethics office, which is not running "
            + "(bundle org.neurolab.ethics and deploy/org.neurolab.ethics.cfg); nothing was changed";

    private Object setPassword(Call c) throws Exception {
        JsonNode body = c.json();
        String password = Call.text(body, "password", true, 256);
        boolean temporary = Call.bool(body, "temporary", false);
        accounts.users().setPassword(c.path("name"), password.toCharArray(), temporary ? c.user() : "");
        accounts.sessions().closeAllOf(c.path("name"));
        accounts.audit().record(c.user(), "user.password", c.path("name"), temporary ? "ok: temporary, to be changed at first login" : "ok", c.address());
        return Map.of("changed", true, "temporary", temporary);
    }

    private Object delete(Call c) {
        accounts.users().delete(c.path("name"));
        accounts.sessions().closeAllOf(c.path("name"));
        accounts.audit().record(c.user(), "user.delete", c.path("name"), "ok", c.address());
        return Map.of("deleted", c.path("name"));
    }
}
