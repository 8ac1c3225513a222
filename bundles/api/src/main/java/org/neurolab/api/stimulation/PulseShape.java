package org.neurolab.api.stimulation;

/** The waveform of one pulse. */
public enum PulseShape {
    /** one phase only; not charge balanced, most policies refuse it on living tissue */
    MONOPHASIC,
    /** two phases of opposite sign, each with its own amplitude and duration */
    BIPHASIC
}
