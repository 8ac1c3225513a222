package org.neurolab.api.control;

import java.util.Objects;
import java.util.Set;
import org.neurolab.api.lab.Ids;

/**
 * Who is acting and why. The purpose is what the ethics guard matches against the donor consent's
 * scopes (for example {@code research}, {@code commercial-computing}).
 *
 * @param user    the account, or {@code system:<bundle>} for the lab's own jobs
 * @param roles   the account's roles (admin, operator, researcher, ethics-officer)
 * @param purpose the purpose of the action, a consent scope
 */
public record Caller(String user, Set<String> roles, String purpose) {
    public Caller {
        Ids.require(user, "user");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles are required (may be empty)"));
        Ids.require(purpose, "purpose");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
