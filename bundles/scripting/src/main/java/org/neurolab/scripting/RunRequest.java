package org.neurolab.scripting;

import java.util.List;
import java.util.Objects;
import org.neurolab.api.control.Caller;

/**
 * A script to run, by whom, on which cultures, within which limits.
 *
 * @param script    the script
 * @param caller    who runs it and for what purpose (the ethics guard checks the purpose against consent)
 * @param organoids the cultures the script may act on; the lab API refuses any other
 * @param limits    time, statements, output
 */
public record RunRequest(ScriptSource script, Caller caller, List<String> organoids, RunLimits limits) {
    public RunRequest {
        Objects.requireNonNull(script, "a run needs a script");
        Objects.requireNonNull(caller, "a run needs a caller");
        organoids = List.copyOf(organoids);
        limits = limits == null ? RunLimits.DEFAULT : limits;
    }
}
