package org.neurolab.dosing.internal;

/**
 * One line of the dosing event log (data/dosing/events.jsonl): a dose, a medium exchange or a refill, with
 * everything needed to rebuild concentrations, the 24 h ledger and reservoir levels after a restart.
 *
 * @param type                  {@code dose}, {@code exchange} or {@code refill}
 * @param atMicros              µs since 1970 (lab time turned into wall time)
 * @param meaId                 the chamber
 * @param chamberVolumeMicrolitres its volume then
 * @param organoidId            the culture the command named
 * @param compound              dose: the compound
 * @param nanomoles             dose: amount released
 * @param halfLifeSeconds       dose: washout half-life then
 * @param route                 dose: UNCAGING or INFUSION
 * @param reservoirId           the reservoir drawn from or refilled
 * @param reservoirLevelAfter   its level afterwards
 * @param exchangeVolumeMicrolitres exchange: fresh medium pushed through
 * @param concentrationAfterMicromolar dose: the compound's concentration right after
 * @param user                  who
 * @param commandId             the command's id in the audit trail (empty for refills)
 * @param delivery              what the device was told, in words
 */
record DosingEvent(String type, long atMicros, String meaId, double chamberVolumeMicrolitres, String organoidId, String compound, double nanomoles,
                   double halfLifeSeconds, String route, String reservoirId, double reservoirLevelAfter, double exchangeVolumeMicrolitres,
                   double concentrationAfterMicromolar, String user, String commandId, String delivery) {
}
