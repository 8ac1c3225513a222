package org.neurolab.simulator.culture;

/**
 * A fault injected into the model, to test what the lab does when hardware or culture go wrong.
 *
 * @param kind      what goes wrong
 * @param electrode the electrode concerned (ignored for {@link Kind#DYING_CULTURE}: use -1)
 * @param organoid  the organoid concerned for {@link Kind#DYING_CULTURE} (ignored otherwise: use -1)
 * @param severity  0..1: noise scale for a noisy electrode, fraction of neurons lost for a dying culture
 */
public record Fault(Kind kind, int electrode, int organoid, double severity) {
    public enum Kind {
        /** the electrode records flat noise-free zeros and stimulating through it does nothing */
        DEAD_ELECTRODE,
        /** the electrode's noise grows (severity 1 = ten times normal), so detection sees false events */
        NOISY_ELECTRODE,
        /** neurons of an organoid die progressively, activity fades */
        DYING_CULTURE
    }

    public Fault {
        if (kind == null) throw new IllegalArgumentException("fault kind is required");
        if (!(severity >= 0 && severity <= 1)) throw new IllegalArgumentException("fault severity must be 0..1, was " + severity);
    }
}
