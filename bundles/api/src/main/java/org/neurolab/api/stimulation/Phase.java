package org.neurolab.api.stimulation;

/**
 * One phase of a pulse: a constant current for a time. The sign comes from the pulse's polarity, so the
 * amplitude here is a magnitude.
 *
 * @param amplitudeMicroamps magnitude of the current, >= 0
 * @param durationMicros     how long it flows, > 0
 */
public record Phase(double amplitudeMicroamps, long durationMicros) {
    public Phase {
        if (!Double.isFinite(amplitudeMicroamps) || amplitudeMicroamps < 0)
            throw new IllegalArgumentException("phase amplitude must be a finite magnitude >= 0 µA (polarity gives the sign), was " + amplitudeMicroamps);
        if (durationMicros <= 0)
            throw new IllegalArgumentException("phase duration must be > 0 µs, was " + durationMicros);
    }

    /** Charge this phase moves: µA × µs = pC, reported in nanocoulombs. */
    public double chargeNanocoulombs() {
        return amplitudeMicroamps * durationMicros * 1e-3;
    }
}
