package org.neurolab.driver.intan.internal.rhx;

/** RHX refused a command; the message carries RHX's own words. */
public final class RhxCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public RhxCommandException(String command, String rhxSays) {
        super("RHX refused '" + command + "': " + rhxSays);
    }
}
