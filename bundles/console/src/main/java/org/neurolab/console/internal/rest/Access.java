package org.neurolab.console.internal.rest;

import java.util.EnumSet;
import java.util.Set;
import org.neurolab.console.internal.auth.Principal;
import org.neurolab.console.internal.auth.Role;

/**
 * Who may call a route: anyone ({@link #PUBLIC}), any account ({@link #ANY_USER}), or accounts with one of
 * the listed roles.
 */
public record Access(boolean anonymous, Set<Role> roles) {
    public static final Access PUBLIC = new Access(true, Set.of());
    public static final Access ANY_USER = new Access(false, Set.of());

    public Access {
        roles = Set.copyOf(roles);
    }

    public static Access roles(Role first, Role... more) {
        return new Access(false, EnumSet.of(first, more));
    }

    public boolean allows(Principal p) {
        if (anonymous) return true;
        if (p == null) return false;
        return roles.isEmpty() || roles.stream().anyMatch(p::has);
    }

    /** As the OpenAPI document and the error messages say it. */
    public String describe() {
        if (anonymous) return "anyone";
        if (roles.isEmpty()) return "any logged-in user";
        return "role " + String.join(" or ", roles.stream().map(Role::id).sorted().toList());
    }
}
