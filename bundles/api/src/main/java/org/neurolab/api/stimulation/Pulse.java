package org.neurolab.api.stimulation;

import java.util.Objects;

/**
 * One stimulation pulse.
 *
 * @param shape                  monophasic, biphasic or triphasic
 * @param polarity               which sign the first phase has
 * @param first                  the first phase (a triphasic pulse repeats it as its third phase)
 * @param second                 the second (opposite-sign) phase; {@code null} exactly when monophasic
 * @param interphaseDelayMicros  gap between consecutive phases (0 for none; must be 0 when monophasic)
 */
public record Pulse(PulseShape shape, Polarity polarity, Phase first, Phase second, long interphaseDelayMicros) {
    public Pulse {
        Objects.requireNonNull(shape, "pulse shape is required");
        Objects.requireNonNull(polarity, "pulse polarity is required");
        Objects.requireNonNull(first, "a pulse needs its first phase");
        if (interphaseDelayMicros < 0)
            throw new IllegalArgumentException("interphase delay must be >= 0 µs, was " + interphaseDelayMicros);
        if (shape != PulseShape.MONOPHASIC && second == null)
            throw new IllegalArgumentException("a " + shape.name().toLowerCase(java.util.Locale.ROOT) + " pulse needs a second phase");
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

    /**
     * A triphasic pulse: {@code outer} first, {@code middle} of opposite sign, {@code outer} again. Balanced when the middle
     * phase carries twice the outer phase's charge.
     */
    public static Pulse triphasic(Polarity polarity, Phase outer, Phase middle, long interphaseDelayMicros) {
        return new Pulse(PulseShape.TRIPHASIC, polarity, outer, middle, interphaseDelayMicros);
    }

    /** How many phases the pulse has: 1, 2 or 3. */
    public int phaseCount() {
        return switch (shape) {
            case MONOPHASIC -> 1;
            case BIPHASIC -> 2;
            case TRIPHASIC -> 3;
        };
    }

    public long totalDurationMicros() {
        return switch (shape) {
            case MONOPHASIC -> first.durationMicros();
            case BIPHASIC -> first.durationMicros() + interphaseDelayMicros + second.durationMicros();
            case TRIPHASIC -> 2 * first.durationMicros() + 2 * interphaseDelayMicros + second.durationMicros();
        };
    }

    /** The larger of the two phases' charges: the one charge-per-phase limits judge. */
    public double maxChargePerPhaseNanocoulombs() {
        return Math.max(first.chargeNanocoulombs(), second == null ? 0 : second.chargeNanocoulombs());
    }

    /** Net charge left in the tissue in the first phase's sense: 0 for a balanced pulse. */
    public double netChargeNanocoulombs() {
        double outer = (shape == PulseShape.TRIPHASIC ? 2 : 1) * first.chargeNanocoulombs();
        return outer - (second == null ? 0 : second.chargeNanocoulombs());
    }

    public double peakAmplitudeMicroamps() {
        return Math.max(first.amplitudeMicroamps(), second == null ? 0 : second.amplitudeMicroamps());
    }

    /** Signed current of the first phase, negative for cathodic. */
    public double firstPhaseSignedMicroamps() {
        return polarity == Polarity.CATHODIC_FIRST ? -first.amplitudeMicroamps() : first.amplitudeMicroamps();
    }
}
