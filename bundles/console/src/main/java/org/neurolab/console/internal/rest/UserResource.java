package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurolab.console.internal.auth.Account;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Role;

/** Accounts and roles: admins only. */
final class UserResource {
    private static final Access ADMIN = Access.roles(Role.ADMIN);
    private final Accounts accounts;

    UserResource(Accounts accounts) {
        this.accounts = accounts;
    }

    void register(RouteTable t) {
        t.get("/api/users", ADMIN, "Every account with its roles and token labels (never a hash)", c -> accounts.users().all().stream().map(UserResource::view).toList());
        t.post("/api/users", ADMIN, "Create an account: name, password (>= 12 characters), roles", this::create);
        t.get("/api/users/{name}", ADMIN, "One account", c -> view(accounts.users().get(c.path("name"))
                .orElseThrow(() -> ApiException.notFound("no user '" + Call.clip(c.path("name")) + "'"))));
        t.put("/api/users/{name}", ADMIN, "Change an account's roles or disable it (the last enabled admin stays)", this::update);
        t.put("/api/users/{name}/password", ADMIN, "Set an account's password (ends its sessions)", this::setPassword);
        t.delete("/api/users/{name}", ADMIN, "Delete an account (the last enabled admin stays)", this::delete);
        t.get("/api/console/audit", ADMIN, "The console's audit file: logins, account, token and bundle changes, newest first",
                c -> accounts.audit().recent((int) c.queryLong("limit", 200, 1, 10_000)));
    }

    static Map<String, Object> view(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("roles", a.roles().stream().map(Role::id).sorted().toList());
        m.put("disabled", a.disabled());
        m.put("createdAt", a.createdAt());
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
        Account a = accounts.users().create(name, password.toCharArray(), roles(body));
        accounts.audit().record(c.user(), "user.create", name, "ok: roles " + view(a).get("roles"), c.address());
        return Reply.created(view(a));
    }

    private Object update(Call c) throws Exception {
        JsonNode body = c.json();
        String name = c.path("name");
        Account before = accounts.users().get(name).orElseThrow(() -> ApiException.notFound("no user '" + Call.clip(name) + "'"));
        Set<Role> roles = body.has("roles") ? roles(body) : before.roles();
        boolean disabled = Call.bool(body, "disabled", before.disabled());
        Account a = accounts.users().update(name, roles, disabled);
        if (disabled) accounts.sessions().closeAllOf(name);
        accounts.audit().record(c.user(), "user.update", name, "ok: roles " + view(a).get("roles") + ", disabled " + disabled, c.address());
        return view(a);
    }

    private Object setPassword(Call c) throws Exception {
        String password = Call.text(c.json(), "password", true, 256);
        accounts.users().setPassword(c.path("name"), password.toCharArray());
        accounts.sessions().closeAllOf(c.path("name"));
        accounts.audit().record(c.user(), "user.password", c.path("name"), "ok", c.address());
        return Map.of("changed", true);
    }

    private Object delete(Call c) {
        accounts.users().delete(c.path("name"));
        accounts.sessions().closeAllOf(c.path("name"));
        accounts.audit().record(c.user(), "user.delete", c.path("name"), "ok", c.address());
        return Map.of("deleted", c.path("name"));
    }
}
