package org.neurolab.api.stimulation;

import java.util.Objects;

/**
 * The same pulse repeated.
 *
 * @param pulse        the pulse
 * @param count        how many, >= 1
 * @param periodMicros onset to onset; must leave room for the whole pulse when count > 1
 */
public record PulseTrain(Pulse pulse, int count, long periodMicros) {
    public static final int MAX_COUNT = 100_000;

    public PulseTrain {
        Objects.requireNonNull(pulse, "a train needs a pulse");
        if (count < 1 || count > MAX_COUNT)
            throw new IllegalArgumentException("pulse count must be 1.." + MAX_COUNT + ", was " + count);
        if (count > 1 && periodMicros < pulse.totalDurationMicros())
            throw new IllegalArgumentException("train period " + periodMicros + " µs is shorter than the pulse itself ("
                    + pulse.totalDurationMicros() + " µs)");
        if (periodMicros < 0) throw new IllegalArgumentException("train period must be >= 0 µs, was " + periodMicros);
    }

    public static PulseTrain single(Pulse pulse) {
        return new PulseTrain(pulse, 1, 0);
    }

    /** Onset of the first pulse to end of the last. */
    public long durationMicros() {
        return (count - 1) * periodMicros + pulse.totalDurationMicros();
    }

    /** Pulses per second, 0 for a single pulse. */
    public double rateHz() {
        return count == 1 ? 0 : 1e6 / periodMicros;
    }

    public double totalChargeNanocoulombs() {
        return count * pulse.maxChargePerPhaseNanocoulombs();
    }
}
