package org.neurolab.api.stimulation;

/** Which phase comes first. Cathodic-first (negative first) is the usual choice for excitation. */
public enum Polarity {
    CATHODIC_FIRST,
    ANODIC_FIRST
}
