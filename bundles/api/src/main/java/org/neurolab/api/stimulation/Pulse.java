package org.neurolab.api.stimulation;

import java.util.Objects;

/**
 * One stimulation pulse.
 *
 * @param shape                  monophasic or biphasic
 * @param polarity               which sign the first phase has
 * @param first                  the first phase
 * @param second                 the second (opposite-sign) phase; {@code null} exactly when monophasic
 * @param interphaseDelayMicros  gap between the phases (0 for none; must be 0 when monophasic)
 */
public record Pulse(PulseShape shape, Polarity polarity, Phase first, Phase second, long interphaseDelayMicros) {
    public Pulse {
        Objects.requireNonNull(shape, "pulse shape is required");
        Objects.requireNonNull(polarity, "pulse polarity is required");
        Objects.requireNonNull(first, "a pulse needs its first phase");
        if (interphaseDelayMicros < 0)
            throw new IllegalArgumentException("interphase delay must be >= 0 µs, was " + interphaseDelayMicros);
        if (shape == PulseShape.BIPHASIC && second == null)
            throw new IllegalArgumentException("a biphasic pulse needs a second phase");
        if (shape == PulseShape.MONOPHASIC && (second != null || interphaseDelayMicros != 0))
            throw new IllegalArgumentException("a monophasic pulse has no second phase and no interphase delay");
    }

    /** A symmetric biphasic pulse: both phases have the same amplitude and duration (charge balanced). */
    public static Pulse biphasic(Polarity polarity, double amplitudeMicroamps, long phaseDurationMicros, long interphaseDelayMicros) {
        Phase phase = new Phase(amplitudeMicroamps, phaseDurationMicros);
        return new Pulse(PulseShape.BIPHASIC, polarity, phase, phase, interphaseDelayMicros);
    }

    public static Pulse monophasic(Polarity polarity, double amplitudeMicroamps, long durationMicros) {
        return new Pulse(PulseShape.MONOPHASIC, polarity, new Phase(amplitudeMicroamps, durationMicros), null, 0);
    }

    public long totalDurationMicros() {
        return first.durationMicros() + interphaseDelayMicros + (second == null ? 0 : second.durationMicros());
    }

    /** The larger of the two phases' charges: the one charge-per-phase limits judge. */
    public double maxChargePerPhaseNanocoulombs() {
        return Math.max(first.chargeNanocoulombs(), second == null ? 0 : second.chargeNanocoulombs());
    }

    /** Net charge left in the tissue: first minus second phase, 0 for a balanced biphasic pulse. */
    public double netChargeNanocoulombs() {
        return first.chargeNanocoulombs() - (second == null ? 0 : second.chargeNanocoulombs());
    }

    public double peakAmplitudeMicroamps() {
        return Math.max(first.amplitudeMicroamps(), second == null ? 0 : second.amplitudeMicroamps());
    }

    /** Signed current of the first phase, negative for cathodic. */
    public double firstPhaseSignedMicroamps() {
        return polarity == Polarity.CATHODIC_FIRST ? -first.amplitudeMicroamps() : first.amplitudeMicroamps();
    }
}
