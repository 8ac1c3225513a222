package org.neurolab.api.lab;

/** Whether a culture may be acted on. */
public enum CultureState {
    /** available for experiments */
    ACTIVE,
    /** held for human review (ethics tripwire, consent question); no stimulation or dosing */
    ON_HOLD,
    /** past its end of life, disposed of, or withdrawn; kept for the record only */
    RETIRED
}
