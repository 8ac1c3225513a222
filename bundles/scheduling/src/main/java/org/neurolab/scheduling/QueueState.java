package org.neurolab.scheduling;

/** Where a queued run is. The last six are final. */
public enum QueueState {
    /** waiting for its slot to open, or for the runs before it in the slot */
    WAITING,
    RUNNING,
    /** held with its rig in the safe state: incubator out of range, medium flow stopped, or maintenance preempting */
    SUSPENDED,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** still going when its slot closed: cancelled, rig put in its safe state */
    STOPPED_AT_SLOT_END,
    /** the slot closed before the run could start */
    MISSED_SLOT,
    /** the lab stopped (crash, restart) while it ran; never retried on its own */
    INTERRUPTED;

    public boolean isFinal() {
        return this != WAITING && this != RUNNING && this != SUSPENDED;
    }
}
