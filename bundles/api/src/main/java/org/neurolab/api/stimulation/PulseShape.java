package org.neurolab.api.stimulation;

/** The waveform of one pulse. */
public enum PulseShape {
    /** one phase only; not charge balanced, most policies refuse it on living tissue */
    MONOPHASIC,
    /** two phases of opposite sign, each with its own amplitude and duration */
    BIPHASIC,
    /**
     * three phases: the first, the second of opposite sign, then the first again (as Intan's stimulators shape it); charge
     * balanced when the second phase carries twice the first's charge
     */
    TRIPHASIC
}
