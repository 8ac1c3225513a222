package org.neurolab.driver.intan.internal.rhx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseShape;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * A pulse train as RHX's per-channel stimulation parameters, and the commands that upload, fire and disarm them.
 *
 * <p>What RHX can do decides what is refused here, never silently changed: amplifier channels have no monophasic shape;
 * its triphasic shape (first phase, second phase, first phase again) has no interphase delay; the stimulator delivers
 * whole current steps ({@code StimStepSizeMicroAmps}, at most 255 of them) and whole sample periods (RHX rounds every
 * duration to one), so an amplitude that is not a whole number of steps, or a duration more than 1 µs away from a whole
 * number of sample periods, is refused naming what can be delivered.
 */
public final class StimPlan {
    public static final int MAX_STEPS = 255;
    public static final long MAX_PHASE_MICROS = 5_000;
    public static final long MAX_PERIOD_MICROS = 1_000_000;
    public static final int MAX_PULSES = 256;
    private static final double DURATION_TOLERANCE_MICROS = 1.0;

    private StimPlan() {
    }

    /**
     * The {@code set} commands that make {@code channel} deliver {@code train} on {@code triggerSource}, then the upload.
     *
     * @throws IllegalArgumentException saying what RHX cannot deliver
     */
    public static List<String> arm(String channel, PulseTrain train, double stepMicroamps, int sampleRateHz, String triggerSource) {
        Pulse p = train.pulse();
        String shape = switch (p.shape()) {
            case MONOPHASIC -> throw new IllegalArgumentException("Intan's amplifier channels deliver biphasic or triphasic pulses only "
                    + "(RHX has no monophasic shape for them)");
            case BIPHASIC -> p.interphaseDelayMicros() == 0 ? "Biphasic" : "BiphasicWithInterphaseDelay";
            case TRIPHASIC -> {
                if (p.interphaseDelayMicros() != 0)
                    throw new IllegalArgumentException("Intan's triphasic pulse has no interphase delay (asked for " + p.interphaseDelayMicros() + " µs)");
                yield "Triphasic";
            }
        };
        if (train.count() > MAX_PULSES)
            throw new IllegalArgumentException("RHX delivers at most " + MAX_PULSES + " pulses per trigger, asked for " + train.count());
        String first = duration("first phase", p.first().durationMicros(), sampleRateHz, MAX_PHASE_MICROS);
        String second = duration(p.shape() == PulseShape.TRIPHASIC ? "middle phase" : "second phase", p.second().durationMicros(), sampleRateHz,
                MAX_PHASE_MICROS);
        String a1 = amplitude("first phase", p.first().amplitudeMicroamps(), stepMicroamps);
        String a2 = amplitude(p.shape() == PulseShape.TRIPHASIC ? "middle phase" : "second phase", p.second().amplitudeMicroamps(), stepMicroamps);
        List<String> c = new ArrayList<>();
        String ch = channel + ".";
        c.add("set " + ch + "Shape " + shape);
        c.add("set " + ch + "Polarity " + (p.polarity() == Polarity.CATHODIC_FIRST ? "NegativeFirst" : "PositiveFirst"));
        c.add("set " + ch + "FirstPhaseDurationMicroseconds " + first);
        c.add("set " + ch + "SecondPhaseDurationMicroseconds " + second);
        if (p.interphaseDelayMicros() > 0)
            c.add("set " + ch + "InterphaseDelayMicroseconds " + duration("interphase delay", p.interphaseDelayMicros(), sampleRateHz, MAX_PHASE_MICROS));
        c.add("set " + ch + "FirstPhaseAmplitudeMicroAmps " + a1);
        c.add("set " + ch + "SecondPhaseAmplitudeMicroAmps " + a2);
        if (train.count() == 1) {
            c.add("set " + ch + "PulseOrTrain SinglePulse");
        } else {
            c.add("set " + ch + "PulseOrTrain PulseTrain");
            c.add("set " + ch + "NumberOfStimPulses " + train.count());
            c.add("set " + ch + "PulseTrainPeriodMicroseconds " + duration("train period", train.periodMicros(), sampleRateHz, MAX_PERIOD_MICROS));
        }
        c.add("set " + ch + "Source " + triggerSource);
        c.add("set " + ch + "TriggerEdgeOrLevel Edge");
        c.add("set " + ch + "TriggerHighOrLow High");
        c.add("set " + ch + "PostTriggerDelayMicroseconds 0");
        c.add("set " + ch + "StimEnabled True");
        c.add("execute UploadStimParameters " + channel);
        return c;
    }

    /** Stimulation off on one channel, uploaded (RHX takes a single channel's upload while running). */
    public static List<String> disarm(String channel) {
        return List.of("set " + channel + ".StimEnabled False", "execute UploadStimParameters " + channel);
    }

    /** The manual trigger for a {@code KeyPressF<n>} source: one pulse of the key (RHX: {@code ManualStimTriggerPulse F<n>}). */
    public static String fire(String keySource) {
        if (!isKey(keySource)) throw new IllegalArgumentException(keySource + " is not a manual trigger key");
        return "execute ManualStimTriggerPulse " + keySource.substring("KeyPress".length());
    }

    public static boolean isKey(String source) {
        return source.matches("KeyPressF[1-8]");
    }

    /** RHX's trigger sources: KeyPressF1..F8 (manual), DigitalIn01..16 and AnalogIn01..08 (the controller's trigger inputs). */
    public static String requireTriggerSource(String source) {
        if (source == null || !(isKey(source) || source.matches("DigitalIn(0[1-9]|1[0-6])") || source.matches("AnalogIn0[1-8]")))
            throw new IllegalArgumentException("trigger source must be KeyPressF1..KeyPressF8, DigitalIn01..DigitalIn16 or AnalogIn01..AnalogIn08, was '" + source + "'");
        return source;
    }

    /** The lab's amplitude as a whole number of the controller's steps. */
    static String amplitude(String what, double microamps, double stepMicroamps) {
        double steps = microamps / stepMicroamps;
        long whole = Math.round(steps);
        if (Math.abs(steps - whole) > 1e-3) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s amplitude %s µA is not a whole number of the controller's %s µA steps "
                    + "(it can deliver %s or %s µA)", what, number(microamps), number(stepMicroamps), number(Math.floor(steps) * stepMicroamps),
                    number(Math.ceil(steps) * stepMicroamps)));
        }
        if (whole > MAX_STEPS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s amplitude %s µA exceeds the controller's maximum of %s µA (%d steps of %s µA)",
                    what, number(microamps), number(MAX_STEPS * stepMicroamps), MAX_STEPS, number(stepMicroamps)));
        }
        return number(whole * stepMicroamps);
    }

    /** A duration RHX delivers as a whole number of sample periods (within 1 µs of what was asked). */
    static String duration(String what, long micros, int sampleRateHz, long maxMicros) {
        if (micros > maxMicros) throw new IllegalArgumentException(what + " " + micros + " µs exceeds RHX's maximum of " + maxMicros + " µs");
        double period = 1e6 / sampleRateHz;
        long samples = Math.round(micros / period);
        if (samples < 1 || Math.abs(samples * period - micros) > DURATION_TOLERANCE_MICROS) {
            long lower = Math.max(1, (long) Math.floor(micros / period));
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d µs is not a whole number of sample periods at %d Hz (%.2f µs each): "
                    + "the controller can deliver %.1f or %.1f µs", what, micros, sampleRateHz, period, lower * period, (lower + 1) * period));
        }
        return Long.toString(micros);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
