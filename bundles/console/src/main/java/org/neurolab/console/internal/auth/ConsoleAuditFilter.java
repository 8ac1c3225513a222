package org.neurolab.console.internal.auth;

import java.util.Map;

/**
 * Which console audit entries a reader wants: {@code actor} and {@code target} exactly, {@code action} exactly or as a
 * prefix ending in {@code *} (as the ethics audit trail is queried), {@code outcome} as its beginning ("refused" finds
 * "refused: wrong current password"). A blank field matches everything.
 */
public record ConsoleAuditFilter(String actor, String action, String target, String outcome) {
    public static final ConsoleAuditFilter ALL = new ConsoleAuditFilter(null, null, null, null);

    public ConsoleAuditFilter {
        actor = blankToNull(actor);
        action = blankToNull(action);
        target = blankToNull(target);
        outcome = blankToNull(outcome);
    }

    public boolean matches(Map<?, ?> entry) {
        return (actor == null || actor.equals(text(entry, "actor"))) && (target == null || target.equals(text(entry, "target")))
                && (outcome == null || text(entry, "outcome").startsWith(outcome))
                && (action == null || (action.endsWith("*") ? text(entry, "action").startsWith(action.substring(0, action.length() - 1))
                        : action.equals(text(entry, "action"))));
    }

    private static String text(Map<?, ?> entry, String key) {
        Object v = entry.get(key);
        return v == null ? "" : v.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
