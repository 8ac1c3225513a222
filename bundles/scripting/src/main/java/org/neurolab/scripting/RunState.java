package org.neurolab.scripting;

/** Where a run is. The last three are final. */
public enum RunState {
    QUEUED, RUNNING, SUSPENDED, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
