package org.neurolab.scheduling;

/** What a reservation holds: one organoid, or a whole array with every organoid on it. */
public enum TargetKind {
    ORGANOID, MEA
}
