package org.neurolab.dosing;

/** How a compound waits to be delivered. */
public enum CompoundForm {
    /** pre-loaded in the chamber in an inactive caged form, released in place by a UV pulse */
    CAGED,
    /** dissolved in a pump reservoir at a stock concentration, pushed into the medium flow */
    FREE
}
