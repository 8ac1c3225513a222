package org.neurolab.driver.intan.internal;

/** The controller RHX runs does not fit the configuration; the driver stays absent and says why. */
final class ControllerRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    ControllerRefusedException(String reason) {
        super(reason);
    }
}
