package org.neurolab.api.control;

import java.util.List;

/** A command was not carried out; nothing reached the culture. The message says who refused and why. */
public class CommandRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String refusedBy;
    private final List<String> policyIds;

    public CommandRefusedException(String refusedBy, String reason, List<String> policyIds) {
        super("refused by " + refusedBy + ": " + reason + (policyIds.isEmpty() ? "" : " (policy " + String.join(", ", policyIds) + ")"));
        this.refusedBy = refusedBy;
        this.policyIds = List.copyOf(policyIds);
    }

    /** The guard (or {@code control} itself) that refused. */
    public String refusedBy() {
        return refusedBy;
    }

    public List<String> policyIds() {
        return policyIds;
    }
}
