package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurolab.console.internal.ApiCookies;
import org.neurolab.console.internal.auth.Accounts;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;

/** Log in, log out, who am I, change my password, my API tokens. */
final class SessionResource {
    private final Accounts accounts;

    SessionResource(Accounts accounts) {
        this.accounts = accounts;
    }

    void register(RouteTable t) {
        t.post("/api/session", Access.PUBLIC, "Log in with user and password; sets the session cookie and returns the CSRF token", this::login);
        t.get("/api/session", Access.ANY_USER, "Who is logged in, with roles and (for a browser session) the CSRF token", c -> me(c.principal(),
                accounts.users().get(c.user()).map(a -> a.mustChangePassword()).orElse(false)));
        t.delete("/api/session", Access.ANY_USER, "Log out", this::logout);
        t.put("/api/session/password", Access.ANY_USER, "Change my own password (needs the current one)", this::changePassword);
        t.get("/api/tokens", Access.ANY_USER, "My API tokens (ids and labels; the secrets are never shown again)", this::tokens);
        t.post("/api/tokens", Access.ANY_USER, "Create an API token for scripts and tools; the token is shown once", this::createToken);
        t.delete("/api/tokens/{id}", Access.ANY_USER, "Revoke one of my API tokens", this::revokeToken);
    }

    static Map<String, Object> me(Principal p, boolean mustChangePassword) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", p.user());
        m.put("roles", p.roles().stream().map(Role::id).sorted().toList());
        if (p.csrfToken() != null) m.put("csrfToken", p.csrfToken());
        if (mustChangePassword) m.put("mustChangePassword", true);
        return m;
    }

    private Object login(Call c) throws Exception {
        JsonNode body = c.json();
        String user = Call.text(body, "user", true, 64);
        String password = Call.text(body, "password", true, 256);
        return switch (accounts.login(user, password.toCharArray(), c.address(), true)) {
            case Accounts.LoginResult.Ok ok -> {
                c.response().addHeader("Set-Cookie", ApiCookies.header(ok.session().id(), c.request().isSecure(), -1));
                yield me(new Principal(ok.account().name(), ok.account().roles(), ok.session().id(), ok.session().csrfToken()), ok.account().mustChangePassword());
            }
            case Accounts.LoginResult.Throttled th -> {
                long seconds = (th.waitMillis() + 999) / 1000;
                c.response().setHeader("Retry-After", Long.toString(seconds));
                throw new ApiException(429, th.message());
            }
            case Accounts.LoginResult.Refused r -> throw new ApiException(401, "wrong user name or password");
        };
    }

    private Object logout(Call c) {
        if (c.principal().viaSession()) accounts.sessions().close(c.principal().sessionId());
        c.response().addHeader("Set-Cookie", ApiCookies.header("", c.request().isSecure(), 0));
        accounts.audit().record(c.user(), "logout", "console", "ok", c.address());
        return Map.of("loggedOut", true);
    }

    private Object changePassword(Call c) throws Exception {
        JsonNode body = c.json();
        String current = Call.text(body, "current", true, 256);
        String next = Call.text(body, "password", true, 256);
        if (accounts.users().check(c.user(), current.toCharArray()).isEmpty()) {
            accounts.audit().record(c.user(), "password.change", c.user(), "refused: wrong current password", c.address());
            throw new ApiException(403, "the current password is wrong");
        }
        if (next.equals(current)) throw ApiException.badRequest("the new password is the current one: choose another");
        accounts.users().setPassword(c.user(), next.toCharArray()); // the holder's own choice: a temporary password is replaced
        accounts.sessions().closeAllOf(c.user());
        accounts.audit().record(c.user(), "password.change", c.user(), "ok", c.address());
        return Map.of("changed", true, "note", "every session of " + c.user() + " has ended; log in again");
    }

    private Object tokens(Call c) {
        return accounts.users().get(c.user()).map(a -> a.tokens().stream()
                .map(t -> Map.of("id", t.id(), "label", t.label(), "createdAt", t.createdAt())).toList()).orElse(List.of());
    }

    private Object createToken(Call c) throws Exception {
        String label = Call.text(c.json(), "label", true, 100);
        String token = accounts.users().createToken(c.user(), label);
        accounts.audit().record(c.user(), "token.create", label, "ok", c.address());
        return Reply.created(Map.of("token", token, "note", "shown once: only its hash is stored"));
    }

    private Object revokeToken(Call c) {
        if (!accounts.users().revokeToken(c.user(), c.path("id"))) throw ApiException.notFound("you have no token with id " + Call.clip(c.path("id")));
        accounts.audit().record(c.user(), "token.revoke", c.path("id"), "ok", c.address());
        return Map.of("revoked", c.path("id"));
    }
}
