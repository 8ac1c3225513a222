package org.neurolab.api.control;

import java.util.Objects;
import org.neurolab.api.lab.Organoid;

/**
 * What a guard is asked to judge: a command, who sends it, the culture as the lab knows it, and when.
 *
 * @param commandId     unique id of this command, also in the audit trail
 * @param sessionId     the session it was sent in
 * @param caller        who sent it
 * @param command       what is asked
 * @param organoid      the culture, resolved by the control service
 * @param labTimeMicros lab time of the request
 */
public record CommandRequest(String commandId, String sessionId, Caller caller, Command command, Organoid organoid, long labTimeMicros) {
    public CommandRequest {
        Objects.requireNonNull(commandId);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(caller);
        Objects.requireNonNull(command);
        Objects.requireNonNull(organoid);
    }
}
