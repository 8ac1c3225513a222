package org.neurolab.control.internal.detect;

/** A raw block the detector refuses; the detector's state is unchanged and the stream goes on. */
public final class MalformedBlockException extends Exception {
    public enum Reason { CHANNEL_COUNT, SAMPLE_RATE, NOT_FINITE, TIME_BACKWARDS }

    private final Reason reason;

    public MalformedBlockException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
