package org.neurolab.dosing;

import org.neurolab.api.control.Delivery;

/**
 * A dose that was carried out.
 *
 * @param commandId                  as in the audit trail
 * @param organoidId                 the culture
 * @param compound                   catalogue name
 * @param amountNanomoles            amount released into the chamber
 * @param route                      how
 * @param delivery                   what the device was told
 * @param concentrationBeforeMicromolar the chamber's concentration of the compound just before
 * @param concentrationAfterMicromolar  and just after
 * @param labTimeMicros              when
 * @param user                       who
 */
public record DoseOutcome(String commandId, String organoidId, String compound, double amountNanomoles, Route route, Delivery delivery,
                          double concentrationBeforeMicromolar, double concentrationAfterMicromolar, long labTimeMicros, String user) {
}
