package org.neurolab.api.control;

import java.util.List;
import java.util.Objects;

/**
 * What the control service decided about one command, appended to every {@link CommandJournal} before
 * the command reaches a driver.
 *
 * @param request   the request
 * @param allowed   whether it goes ahead
 * @param decidedBy the guard that refused, or {@code control} when all allowed
 * @param reason    why it was refused (empty when allowed)
 * @param policyIds the policies consulted or that refused
 */
public record CommandRecord(CommandRequest request, boolean allowed, String decidedBy, String reason, List<String> policyIds) {
    public CommandRecord {
        Objects.requireNonNull(request);
        Objects.requireNonNull(decidedBy);
        reason = Objects.requireNonNullElse(reason, "");
        policyIds = List.copyOf(policyIds);
    }
}
