package org.neurolab.scripting.internal;

import java.util.Locale;
import org.graalvm.polyglot.Value;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseShape;

/**
 * A pulse of any shape from a script's parameters: {@code monophasic}, {@code biphasic} or {@code triphasic}. The second
 * phase defaults to the first (biphasic: balanced) or, for a triphasic pulse, to the first's amplitude for twice its
 * duration, so that the middle phase balances the two outer ones.
 */
final class Waveform {
    private Waveform() {
    }

    static Pulse pulse(String shapeName, double amplitudeUa, Value phaseUs, Value interphaseUs, Value polarityName, Value secondAmplitudeUa,
                       Value secondPhaseUs) {
        PulseShape shape = shape(shapeName);
        Polarity polarity = polarity(GuestValues.textOf(polarityName, "polarity", "cathodic-first"));
        long phase = GuestValues.wholeOf(phaseUs, "phaseUs", 200);
        long interphase = GuestValues.wholeOf(interphaseUs, "interphaseUs", 0);
        if (shape == PulseShape.MONOPHASIC) {
            if (interphase != 0) throw new IllegalArgumentException("a monophasic pulse has no interphase delay, was " + interphase + " µs");
            return Pulse.monophasic(polarity, amplitudeUa, phase);
        }
        Phase first = new Phase(amplitudeUa, phase);
        long secondPhase = GuestValues.wholeOf(secondPhaseUs, "secondPhaseUs", shape == PulseShape.TRIPHASIC ? 2 * phase : phase);
        Phase second = new Phase(GuestValues.numberOf(secondAmplitudeUa, "secondAmplitudeUa", amplitudeUa), secondPhase);
        return new Pulse(shape, polarity, first, second, interphase);
    }

    static PulseShape shape(String name) {
        String n = name == null ? "biphasic" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "monophasic" -> PulseShape.MONOPHASIC;
            case "biphasic" -> PulseShape.BIPHASIC;
            case "triphasic" -> PulseShape.TRIPHASIC;
            default -> throw new IllegalArgumentException("shape must be 'monophasic', 'biphasic' or 'triphasic', was '" + name + "'");
        };
    }

    static Polarity polarity(String name) {
        return switch (name) {
            case "cathodic-first" -> Polarity.CATHODIC_FIRST;
            case "anodic-first" -> Polarity.ANODIC_FIRST;
            default -> throw new IllegalArgumentException("polarity must be 'cathodic-first' or 'anodic-first', was '" + name + "'");
        };
    }
}
