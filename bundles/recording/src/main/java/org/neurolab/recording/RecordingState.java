package org.neurolab.recording;

/** Where a recording stands. */
public enum RecordingState {
    /** It records now. */
    RUNNING,
    /** It was stopped; everything it received is stored. */
    STOPPED,
    /** The lab died while it recorded: it holds what it had acknowledged; what was in flight then is not stored. */
    INTERRUPTED
}
