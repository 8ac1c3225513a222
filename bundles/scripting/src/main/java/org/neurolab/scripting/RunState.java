package org.neurolab.scripting;

/**
 * Where a run is. The last four are final; {@code INTERRUPTED}: the lab stopped or crashed while the run was going
 * (found so when the lab started again; the run is not retried).
 */
public enum RunState {
    QUEUED, RUNNING, SUSPENDED, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }
}
