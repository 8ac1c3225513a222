package org.neurolab.scheduling;

/**
 * A booking or submission the schedule cannot take: the slot overlaps another booking or a maintenance window, the
 * user's quota would be exceeded, the culture is on hold or past its end of life, a run does not fit its slot. The
 * message names what is in the way (e.g. the conflicting reservation's id, holder and times).
 */
public class SchedulingConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String conflictingWith;

    public SchedulingConflictException(String message, String conflictingWith) {
        super(message);
        this.conflictingWith = conflictingWith == null ? "" : conflictingWith;
    }

    /** What is in the way, e.g. {@code reservation 12} or {@code maintenance 3}; empty for quota and hold refusals. */
    public String conflictingWith() {
        return conflictingWith;
    }
}
