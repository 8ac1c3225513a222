package org.neurolab.driver.mqttenv.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns one MQTT message into values in the lab's units, or refuses it whole with the reason: a message with one bad
 * field updates nothing, so a reading never mixes a broken message's values with good ones.
 */
final class PayloadParser {
    /** A value in the lab's units (door: 1 open, 0 closed). */
    record Sample(Quantity quantity, double value) {
    }

    /** What a message said, and when (its own timestamp, if it carries one). */
    record Parsed(List<Sample> samples, OptionalLong timestampMillis) {
    }

    /** The message is refused; the reason says what was wrong with it. */
    static final class BadPayload extends Exception {
        private static final long serialVersionUID = 1L;

        BadPayload(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SensorSettings settings;

    PayloadParser(SensorSettings settings) {
        this.settings = settings;
    }

    Parsed parse(String topic, byte[] payload) throws BadPayload {
        SensorSettings.TopicBinding binding = settings.topics().get(topic);
        if (binding == null) throw new BadPayload("topic '" + topic + "' is not one this sensor reads");
        if (payload.length > MAX_PAYLOAD_BYTES) throw new BadPayload(payload.length + " bytes is more than an incubator reading (" + MAX_PAYLOAD_BYTES + " at most)");
        String text = utf8(payload).trim();
        if (text.isEmpty()) throw new BadPayload("empty payload");
        if (!binding.json()) {
            Map.Entry<Quantity, String> only = binding.fields().entrySet().iterator().next();
            return new Parsed(List.of(sample(only.getKey(), text, true)), OptionalLong.empty());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadPayload("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new BadPayload("JSON payload is not an object: " + abbreviate(text));
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<Quantity, String> e : binding.fields().entrySet()) {
            JsonNode node = root.at(pointer(e.getValue()));
            if (node.isMissingNode() || node.isNull()) continue; // a publisher may send some quantities per message
            samples.add(sample(e.getKey(), node, e.getValue()));
        }
        if (samples.isEmpty())
            throw new BadPayload("none of the fields " + binding.fields().values() + " is in the payload: " + abbreviate(text));
        OptionalLong ts = OptionalLong.empty();
        if (!settings.timestampField().isEmpty()) {
            JsonNode t = root.at(pointer(settings.timestampField()));
            if (!t.isMissingNode() && !t.isNull()) ts = OptionalLong.of(timestamp(t));
        }
        return new Parsed(List.copyOf(samples), ts);
    }

    private Sample sample(Quantity q, JsonNode node, String field) throws BadPayload {
        if (q == Quantity.DOOR) {
            if (node.isBoolean()) return new Sample(q, node.booleanValue() ? 1 : 0);
            if (node.isNumber() || node.isTextual()) return sample(q, node.asText(), false);
            throw new BadPayload("field '" + field + "' (door) is " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not open/closed/true/false");
        }
        if (node.isNumber()) return checked(q, node.doubleValue(), field);
        if (node.isTextual()) return sample(q, node.textValue(), false);
        throw new BadPayload("field '" + field + "' (" + q.label + ") is " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a number");
    }

    private Sample sample(Quantity q, String text, boolean plain) throws BadPayload {
        String where = plain ? "payload" : "value";
        String t = text.trim();
        if (q == Quantity.DOOR) {
            return switch (t.toLowerCase(Locale.ROOT)) {
                case "open", "true", "1" -> new Sample(q, 1);
                case "closed", "false", "0" -> new Sample(q, 0);
                default -> throw new BadPayload(where + " '" + abbreviate(t) + "' is not a door state (open/closed, true/false, 1/0)");
            };
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new BadPayload(where + " '" + abbreviate(t) + "' for " + q.label + " is not a number");
        }
        return checked(q, v, q.label);
    }

    private Sample checked(Quantity q, double raw, String field) throws BadPayload {
        if (!Double.isFinite(raw)) throw new BadPayload(q.label + " '" + field + "' is " + raw + ", not a finite number");
        double v = settings.units().toLab(q, raw);
        double min = q == Quantity.TEMPERATURE ? -40 : 0;
        double max = 100;
        if (v < min || v > max)
            throw new BadPayload(String.format(Locale.ROOT, "%s %s is outside %.0f..%.0f %s (check the configured unit)", q.label, q.show(v), min, max, q.unit));
        return new Sample(q, v);
    }

    private static long timestamp(JsonNode t) throws BadPayload {
        if (t.isNumber()) {
            double n = t.doubleValue();
            // epoch seconds until the year 5138, epoch milliseconds after 1973: the two cannot be confused for lab dates
            return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
        }
        if (t.isTextual()) {
            String s = t.textValue().trim();
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeParseException e2) {
                    throw new BadPayload("timestamp '" + abbreviate(s) + "' is not ISO-8601 with a zone (2026-12-03T17:40:12Z) nor epoch milliseconds");
                }
            }
        }
        throw new BadPayload("timestamp is " + t.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a time");
    }

    private static String pointer(String dotted) {
        return "/" + dotted.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    private static String utf8(byte[] payload) throws BadPayload {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayload("payload is not UTF-8 text");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
