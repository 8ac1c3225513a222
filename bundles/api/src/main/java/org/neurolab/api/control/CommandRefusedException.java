package org.neurolab.api.control;

import java.util.List;

/** A command was not carried out; nothing reached the culture. The message says who refused and why. */
public class CommandRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String refusedBy;
    private final List<String> policyIds;

    public CommandRefusedException(String refusedBy, String reason, List<String> policyIds) {
        super(message(refusedBy, reason, policyIds));
        this.refusedBy = refusedBy;
        this.policyIds = List.copyOf(policyIds);
    }

    /** "refused by ethics: <reason> [<policy ids the reason does not already name>]" */
    private static String message(String refusedBy, String reason, List<String> policyIds) {
        List<String> unnamed = policyIds.stream().filter(id -> !reason.contains(id)).toList();
        return "refused by " + refusedBy + ": " + reason + (unnamed.isEmpty() ? "" : " [" + String.join(", ", unnamed) + "]");
    }

    /** The guard (or {@code control} itself) that refused. */
    public String refusedBy() {
        return refusedBy;
    }

    public List<String> policyIds() {
        return policyIds;
    }
}
