package org.neurolab.dosing;

import java.util.Map;

/**
 * A medium exchange that was carried out.
 *
 * @param commandId            as in the audit trail
 * @param meaId                the chamber (all cultures of the array share it)
 * @param volumeMicrolitres    fresh medium pushed through
 * @param remainingFraction    fraction of each dissolved compound left afterwards
 * @param concentrationsAfterMicromolar the chamber's concentrations afterwards
 * @param labTimeMicros        when
 */
public record ExchangeOutcome(String commandId, String meaId, double volumeMicrolitres, double remainingFraction,
                              Map<String, Double> concentrationsAfterMicromolar, long labTimeMicros) {
}
