package org.neurolab.api.control;

import java.util.List;
import java.util.Objects;

/**
 * A guard's answer.
 *
 * @param allowed   whether the command may go ahead
 * @param reason    why not (empty when allowed); shown to the caller, so it says what to change
 * @param policyIds the policies that decided, for the audit trail
 */
public record GuardDecision(boolean allowed, String reason, List<String> policyIds) {
    private static final GuardDecision ALLOW = new GuardDecision(true, "", List.of());

    public GuardDecision {
        reason = Objects.requireNonNullElse(reason, "");
        policyIds = List.copyOf(policyIds);
        if (!allowed && reason.isBlank()) throw new IllegalArgumentException("a refusal must say why");
    }

    public static GuardDecision allow() {
        return ALLOW;
    }

    public static GuardDecision allow(List<String> policyIds) {
        return new GuardDecision(true, "", policyIds);
    }

    public static GuardDecision deny(String reason, String... policyIds) {
        return new GuardDecision(false, reason, List.of(policyIds));
    }
}
