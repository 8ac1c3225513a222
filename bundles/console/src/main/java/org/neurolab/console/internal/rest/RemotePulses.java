package org.neurolab.console.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.neurolab.api.stimulation.Phase;
import org.neurolab.api.stimulation.Polarity;
import org.neurolab.api.stimulation.Pulse;
import org.neurolab.api.stimulation.PulseShape;
import org.neurolab.api.stimulation.PulseTrain;

/**
 * A pulse train from a remote client's JSON: {@code {shape, polarity, amplitudeMicroamps, phaseMicros, interphaseMicros,
 * secondAmplitudeMicroamps, secondPhaseMicros, count, periodMicros}}. Defaults as in scripts: biphasic, cathodic first,
 * 200 µs phases, the second phase the first's (triphasic: twice as long, so the middle balances the outer two).
 */
final class RemotePulses {
    private RemotePulses() {
    }

    static PulseTrain train(JsonNode body) {
        String shapeName = text(body, "shape", "biphasic");
        PulseShape shape = switch (shapeName.toLowerCase(Locale.ROOT)) {
            case "monophasic" -> PulseShape.MONOPHASIC;
            case "biphasic" -> PulseShape.BIPHASIC;
            case "triphasic" -> PulseShape.TRIPHASIC;
            default -> throw ApiException.badRequest("shape must be 'monophasic', 'biphasic' or 'triphasic', was '" + Call.clip(shapeName) + "'");
        };
        String polarityName = text(body, "polarity", "cathodic-first");
        Polarity polarity = switch (polarityName) {
            case "cathodic-first" -> Polarity.CATHODIC_FIRST;
            case "anodic-first" -> Polarity.ANODIC_FIRST;
            default -> throw ApiException.badRequest("polarity must be 'cathodic-first' or 'anodic-first', was '" + Call.clip(polarityName) + "'");
        };
        double amplitude = decimal(body, "amplitudeMicroamps", Double.NaN);
        if (Double.isNaN(amplitude)) throw ApiException.badRequest("field 'amplitudeMicroamps' is required (a number of µA)");
        long phase = Call.number(body, "phaseMicros", 200, 1, 1_000_000);
        long interphase = Call.number(body, "interphaseMicros", 0, 0, 1_000_000);
        int count = (int) Call.number(body, "count", 1, 1, PulseTrain.MAX_COUNT);
        long period = Call.number(body, "periodMicros", 0, 0, 3_600_000_000L);
        Pulse pulse;
        if (shape == PulseShape.MONOPHASIC) {
            if (interphase != 0) throw ApiException.badRequest("a monophasic pulse has no interphase delay, was " + interphase + " µs");
            pulse = Pulse.monophasic(polarity, amplitude, phase);
        } else {
            Phase first = new Phase(amplitude, phase);
            long secondPhase = Call.number(body, "secondPhaseMicros", shape == PulseShape.TRIPHASIC ? 2 * phase : phase, 1, 1_000_000);
            Phase second = new Phase(decimal(body, "secondAmplitudeMicroamps", amplitude), secondPhase);
            pulse = new Pulse(shape, polarity, first, second, interphase);
        }
        return new PulseTrain(pulse, count, period);
    }

    private static String text(JsonNode body, String field, String fallback) {
        String s = Call.text(body, field, false, 32);
        return s == null ? fallback : s.strip();
    }

    private static double decimal(JsonNode body, String field, double fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw ApiException.badRequest("field '" + field + "' must be a finite number");
        return v.asDouble();
    }
}
