package org.neurolab.api.stimulation;

/**
 * What a stimulator can physically deliver. Control refuses anything outside it before a driver sees it;
 * ethics policies are usually much tighter.
 */
public record StimulatorRange(double maxAmplitudeMicroamps, long minPhaseDurationMicros, long maxPhaseDurationMicros,
                              long maxInterphaseDelayMicros, double maxRateHz) {
    public StimulatorRange {
        if (!(maxAmplitudeMicroamps > 0)) throw new IllegalArgumentException("max amplitude must be > 0 µA");
        if (minPhaseDurationMicros <= 0 || maxPhaseDurationMicros < minPhaseDurationMicros)
            throw new IllegalArgumentException("phase duration range must be 0 < min <= max");
        if (maxInterphaseDelayMicros < 0) throw new IllegalArgumentException("max interphase delay must be >= 0");
        if (!(maxRateHz > 0)) throw new IllegalArgumentException("max rate must be > 0 Hz");
    }

    /** @return null when the train fits, else what is out of range and by how much */
    public String check(PulseTrain train) {
        Pulse p = train.pulse();
        for (Phase phase : p.second() == null ? new Phase[] {p.first()} : new Phase[] {p.first(), p.second()}) {
            if (phase.amplitudeMicroamps() > maxAmplitudeMicroamps)
                return "amplitude " + phase.amplitudeMicroamps() + " µA exceeds the stimulator's maximum of " + maxAmplitudeMicroamps + " µA";
            if (phase.durationMicros() < minPhaseDurationMicros || phase.durationMicros() > maxPhaseDurationMicros)
                return "phase duration " + phase.durationMicros() + " µs is outside the stimulator's range "
                        + minPhaseDurationMicros + ".." + maxPhaseDurationMicros + " µs";
        }
        if (p.interphaseDelayMicros() > maxInterphaseDelayMicros)
            return "interphase delay " + p.interphaseDelayMicros() + " µs exceeds the stimulator's maximum of " + maxInterphaseDelayMicros + " µs";
        if (train.rateHz() > maxRateHz)
            return "pulse rate " + train.rateHz() + " Hz exceeds the stimulator's maximum of " + maxRateHz + " Hz";
        return null;
    }
}
