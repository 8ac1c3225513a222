package org.neurolab.console.internal.auth;

import java.util.Set;

/**
 * Who a request comes from, after authentication.
 *
 * @param user      account name
 * @param roles     its roles now
 * @param sessionId the browser session, or null when the request carried an API token
 * @param csrfToken the session's CSRF token (null for tokens: a bearer header is not sent by browsers on their own)
 */
public record Principal(String user, Set<Role> roles, String sessionId, String csrfToken) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean viaSession() {
        return sessionId != null;
    }
}
