package org.neurolab.scripting.internal;

import org.graalvm.polyglot.Value;
import org.neurolab.api.control.Stimulate;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseShape;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * A script's stimulation as a command: the guest's parameters (an options object, the same one by one, or a named
 * shape) checked and turned into one {@link Stimulate}, with the defaults every style shares (200 µs phases, cathodic
 * first, one pulse). What is wrong is said by name; the command path then checks the culture, the range and the limits.
 */
final class StimulusCommands {
    private StimulusCommands() {
    }

    /** Options (a JS object or a Python dict): phaseUs, interphaseUs, polarity, count, periodUs, monophasic, secondAmplitudeUa, secondPhaseUs. */
    static Stimulate fromOptions(String organoid, Value electrodes, double amplitude, Value options) {
        return fromParameters(organoid, electrodes, amplitude, GuestValues.option(options, "phaseUs"), GuestValues.option(options, "interphaseUs"),
                GuestValues.option(options, "polarity"), GuestValues.option(options, "count"), GuestValues.option(options, "periodUs"),
                GuestValues.option(options, "monophasic"), GuestValues.option(options, "secondAmplitudeUa"), GuestValues.option(options, "secondPhaseUs"));
    }

    /** The same parameters one by one (the Python prelude passes keyword arguments so); each may be null for its default. */
    static Stimulate fromParameters(String organoid, Value electrodes, double amplitude, Value phaseUs, Value interphaseUs, Value polarityName,
                                    Value countOption, Value periodUs, Value monophasic, Value secondAmplitudeUa, Value secondPhaseUs) {
        long phase = GuestValues.wholeOf(phaseUs, "phaseUs", 200);
        long interphase = GuestValues.wholeOf(interphaseUs, "interphaseUs", 0);
        String name = GuestValues.textOf(polarityName, "polarity", "cathodic-first");
        Polarity polarity = switch (name) {
            case "cathodic-first" -> Polarity.CATHODIC_FIRST;
            case "anodic-first" -> Polarity.ANODIC_FIRST;
            default -> throw new IllegalArgumentException("polarity must be 'cathodic-first' or 'anodic-first', was '" + name + "'");
        };
        Pulse pulse;
        if (GuestValues.flagOf(monophasic)) {
            pulse = Pulse.monophasic(polarity, amplitude, phase);
        } else {
            Phase first = new Phase(amplitude, phase);
            Phase second = new Phase(GuestValues.numberOf(secondAmplitudeUa, "secondAmplitudeUa", amplitude), GuestValues.wholeOf(secondPhaseUs, "secondPhaseUs", phase));
            pulse = new Pulse(PulseShape.BIPHASIC, polarity, first, second, interphase);
        }
        return train(organoid, electrodes, pulse, countOption, periodUs);
    }

    /** A train of pulses of any shape ({@link Waveform}): monophasic, biphasic or triphasic. */
    static Stimulate shaped(String organoid, Value electrodes, String shape, double amplitude, Value phaseUs, Value interphaseUs, Value polarity,
                            Value countOption, Value periodUs, Value secondAmplitudeUa, Value secondPhaseUs) {
        Pulse pulse = Waveform.pulse(shape, amplitude, phaseUs, interphaseUs, polarity, secondAmplitudeUa, secondPhaseUs);
        return train(organoid, electrodes, pulse, countOption, periodUs);
    }

    private static Stimulate train(String organoid, Value electrodes, Pulse pulse, Value countOption, Value periodUs) {
        int count = (int) GuestValues.wholeOf(countOption, "count", 1);
        long period = GuestValues.wholeOf(periodUs, "periodUs", 0);
        return new Stimulate(organoid, GuestValues.integers(electrodes, "electrodes"), new PulseTrain(pulse, count, period));
    }
}
