package org.neurolab.api.control;

/**
 * Proof that a command was carried out.
 *
 * @param commandId     the command's id, as in the audit trail
 * @param deviceId      the device that carried it out
 * @param labTimeMicros lab time at which it was handed to the device
 * @param appliedMicros lab time at which the device applies it (a stimulation's first pulse), on the data's time base;
 *                      scripts anchor their response windows on it
 */
public record CommandReceipt(String commandId, String deviceId, long labTimeMicros, long appliedMicros) {
    /** A receipt for a command the device applies the moment it is handed over. */
    public CommandReceipt(String commandId, String deviceId, long labTimeMicros) {
        this(commandId, deviceId, labTimeMicros, labTimeMicros);
    }
}
