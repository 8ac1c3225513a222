package org.neurolab.ethics;

/**
 * Which audit entries to read: a page of at most {@code limit} entries that match every filter given.
 *
 * @param from     the first sequence number to read from, oldest first; negative: the newest {@code limit} matches
 * @param limit    at most this many entries (1..5000)
 * @param actor    only entries of this actor (exact); null or empty: any
 * @param action   only this action (exact, e.g. {@code culture.hold}) or, ending in {@code *}, actions starting so (e.g. {@code change.*})
 * @param target   only entries on this target (exact); null or empty: any
 * @param decision only {@code allow}, {@code deny} or {@code record}; null or empty: any
 */
public record AuditQuery(long from, int limit, String actor, String action, String target, String decision) {
    public static final int MAX_LIMIT = 5000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("an audit page holds 1.." + MAX_LIMIT + " entries, not " + limit);
        actor = blankToNull(actor);
        action = blankToNull(action);
        target = blankToNull(target);
        decision = blankToNull(decision);
        if (decision != null && !(decision.equals("allow") || decision.equals("deny") || decision.equals("record")))
            throw new IllegalArgumentException("decision is allow, deny or record, not '" + decision + "'");
    }

    /** The newest {@code limit} entries, unfiltered. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(-1, limit, null, null, null, null);
    }

    public boolean matches(AuditEntry e) {
        return (actor == null || actor.equals(e.actor())) && (target == null || target.equals(e.target()))
                && (decision == null || decision.equals(e.decision()))
                && (action == null || (action.endsWith("*") ? e.action().startsWith(action.substring(0, action.length() - 1)) : action.equals(e.action())));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
