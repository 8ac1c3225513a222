package org.neurolab.ethics.internal.audit;

import java.util.List;
import java.util.Objects;

/**
 * One thing to record, as 21 CFR Part 11 §11.10(e) and EU GMP Annex 11 §9 ask: who, what, on what, the old and
 * new value, why, and the decision with the policies that made it. The log adds the sequence number, the link to
 * the previous entry and the time.
 *
 * @param actor         the user (or {@code system:<bundle>})
 * @param action        e.g. {@code stimulate}, {@code consent.withdraw}, {@code change.approve}
 * @param target        what was acted on: an organoid, a consent, a policy
 * @param decision      {@code allow}, {@code deny} or {@code record} (a fact, not a decision)
 * @param decidedBy     the guard or person who decided
 * @param policyIds     the policies that decided
 * @param policySetHash SHA-256 of the policy set in force
 * @param reason        why; mandatory for changes and deletions
 * @param oldValue      the value before a change (empty when none)
 * @param newValue      the value after a change (empty when none)
 * @param detail        the parameters of the action, e.g. the pulse train
 * @param labTimeMicros lab time of the action (0 when none)
 */
public record AuditEvent(String actor, String action, String target, String decision, String decidedBy, List<String> policyIds,
                         String policySetHash, String reason, String oldValue, String newValue, String detail, long labTimeMicros) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = Objects.requireNonNullElse(target, "");
        decision = Objects.requireNonNullElse(decision, "record");
        decidedBy = Objects.requireNonNullElse(decidedBy, "");
        policyIds = List.copyOf(Objects.requireNonNullElse(policyIds, List.of()));
        policySetHash = Objects.requireNonNullElse(policySetHash, "");
        reason = Objects.requireNonNullElse(reason, "");
        oldValue = Objects.requireNonNullElse(oldValue, "");
        newValue = Objects.requireNonNullElse(newValue, "");
        detail = Objects.requireNonNullElse(detail, "");
        if (actor.isBlank() || action.isBlank()) throw new IllegalArgumentException("an audit entry needs an actor and an action");
        boolean change = !oldValue.isEmpty() || !newValue.isEmpty() || action.contains("delete") || action.contains("withdraw");
        if (change && reason.isBlank())
            throw new IllegalArgumentException("a change or deletion (" + action + " on " + target + ") must give a reason");
    }

    /** A fact (a change, a task) rather than a command decision. */
    public static AuditEvent record(String actor, String action, String target, String reason, String oldValue, String newValue,
                                    String policySetHash) {
        return new AuditEvent(actor, action, target, "record", actor, List.of(), policySetHash, reason, oldValue, newValue, "", 0);
    }
}
