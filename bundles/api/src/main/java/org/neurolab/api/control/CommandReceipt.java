package org.neurolab.api.control;

/**
 * Proof that a command was carried out.
 *
 * @param commandId     the command's id, as in the audit trail
 * @param deviceId      the device that carried it out
 * @param labTimeMicros lab time at which it was handed to the device
 */
public record CommandReceipt(String commandId, String deviceId, long labTimeMicros) {
}
