package org.neurolab.driver.mqttenv.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neurolab.api.lab.Ids;

/**
 * A checked {@link MqttEnvConfig}: which topic carries which quantity under which field, in which unit. Every mistake in
 * the file is named at once, so an operator fixes the file in one go.
 */
record SensorSettings(URI broker, String clientId, String username, char[] password, String rigId, String deviceId, String vendor, String model,
        Map<String, TopicBinding> topics, String timestampField, Units units, long staleAfterMillis, boolean acceptRetainedWithoutTimestamp, int qos,
        long reconnectInitialMillis, long reconnectMaxMillis) {

    /**
     * What one topic carries: in JSON, each quantity under its field (an empty field = the whole payload is that value,
     * i.e. a plain payload).
     */
    record TopicBinding(boolean json, Map<Quantity, String> fields) {
    }

    /** The publisher's units, converted to the lab's (°C, %, % RH). */
    record Units(String temperature, String co2, String o2, String humidity) {
        double toLab(Quantity q, double v) {
            return switch (q) {
                case TEMPERATURE -> switch (temperature) {
                    case "F" -> (v - 32) * 5 / 9;
                    case "K" -> v - 273.15;
                    default -> v;
                };
                case CO2 -> co2.equals("ppm") ? v / 10_000 : v;
                case O2 -> o2.equals("ppm") ? v / 10_000 : v;
                case HUMIDITY -> humidity.equals("fraction") ? v * 100 : v;
                case DOOR -> v;
            };
        }
    }

    /** The quantities some topic carries. */
    Set<Quantity> measured() {
        Set<Quantity> out = java.util.EnumSet.noneOf(Quantity.class);
        topics.values().forEach(b -> out.addAll(b.fields().keySet()));
        return out;
    }

    static SensorSettings from(MqttEnvConfig c) {
        List<String> problems = new ArrayList<>();
        URI broker = null;
        try {
            broker = new URI(c.brokerUri().trim());
            if (!Set.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(broker.getScheme())) || broker.getHost() == null)
                problems.add("brokerUri '" + c.brokerUri() + "' is not tcp://host:port, ssl://host:port, ws:// or wss://");
        } catch (Exception e) {
            problems.add("brokerUri '" + c.brokerUri() + "' is not a URI: " + e.getMessage());
        }
        String deviceId = c.deviceId().trim();
        String rigId = c.rigId().trim();
        try {
            Ids.require(deviceId, "deviceId");
            Ids.require(rigId, "rigId");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String format = c.payloadFormat().trim().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("plain")) problems.add("payloadFormat '" + c.payloadFormat() + "' is neither json nor plain");

        Map<Quantity, String> fieldOf = new EnumMap<>(Quantity.class);
        fieldOf.put(Quantity.TEMPERATURE, c.temperatureField().trim());
        fieldOf.put(Quantity.CO2, c.co2Field().trim());
        fieldOf.put(Quantity.O2, c.o2Field().trim());
        fieldOf.put(Quantity.HUMIDITY, c.humidityField().trim());
        fieldOf.put(Quantity.DOOR, c.doorField().trim());
        Map<Quantity, String> topicOf = new EnumMap<>(Quantity.class);
        topicOf.put(Quantity.TEMPERATURE, c.temperatureTopic().trim());
        topicOf.put(Quantity.CO2, c.co2Topic().trim());
        topicOf.put(Quantity.O2, c.o2Topic().trim());
        topicOf.put(Quantity.HUMIDITY, c.humidityTopic().trim());
        topicOf.put(Quantity.DOOR, c.doorTopic().trim());

        Map<String, TopicBinding> topics = new LinkedHashMap<>();
        String jsonTopic = c.topic().trim();
        if (!jsonTopic.isEmpty()) {
            checkTopic("topic", jsonTopic, problems);
            Map<Quantity, String> fields = new EnumMap<>(Quantity.class);
            // a quantity with a topic of its own is read there, not from the JSON topic
            fieldOf.forEach((q, f) -> { if (!f.isEmpty() && topicOf.get(q).isEmpty()) fields.put(q, f); });
            topics.put(jsonTopic, new TopicBinding(true, fields));
        }
        for (Quantity q : Quantity.values()) {
            String t = topicOf.get(q);
            if (t.isEmpty()) continue;
            String key = q.name().toLowerCase(Locale.ROOT) + "Topic";
            checkTopic(key, t, problems);
            TopicBinding existing = topics.get(t);
            boolean json = format.equals("json");
            if (json && fieldOf.get(q).isEmpty()) problems.add(key + " '" + t + "' is JSON (payloadFormat=json) but the field for " + q.label + " is empty");
            String field = json ? fieldOf.get(q) : "";
            if (existing == null) {
                Map<Quantity, String> fields = new EnumMap<>(Quantity.class);
                fields.put(q, field);
                topics.put(t, new TopicBinding(json, fields));
            } else if (existing.json() && json) {
                existing.fields().put(q, field);
            } else {
                problems.add("topic '" + t + "' is given for " + q.label + " and for other quantities, but a plain payload holds one value");
            }
        }
        Map<Quantity, Boolean> carried = new EnumMap<>(Quantity.class);
        topics.values().forEach(b -> b.fields().keySet().forEach(q -> carried.put(q, true)));
        for (Quantity q : Quantity.values())
            if (q.required() && !carried.containsKey(q))
                problems.add("no topic carries " + q.label + " (a reading needs temperature, CO2 and humidity): set topic with a "
                        + q.name().toLowerCase(Locale.ROOT) + "Field, or " + q.name().toLowerCase(Locale.ROOT) + "Topic");

        Units units = new Units(c.temperatureUnit().trim().toUpperCase(Locale.ROOT), c.co2Unit().trim().toLowerCase(Locale.ROOT),
                c.o2Unit().trim().toLowerCase(Locale.ROOT), c.humidityUnit().trim().toLowerCase(Locale.ROOT));
        if (!Set.of("C", "F", "K").contains(units.temperature())) problems.add("temperatureUnit '" + c.temperatureUnit() + "' is not C, F or K");
        if (!Set.of("percent", "ppm").contains(units.co2())) problems.add("co2Unit '" + c.co2Unit() + "' is not percent or ppm");
        if (!Set.of("percent", "ppm").contains(units.o2())) problems.add("o2Unit '" + c.o2Unit() + "' is not percent or ppm");
        if (!Set.of("percent", "fraction").contains(units.humidity())) problems.add("humidityUnit '" + c.humidityUnit() + "' is not percent or fraction");
        if (!(c.staleAfterSeconds() > 0) || c.staleAfterSeconds() > 86_400) problems.add("staleAfterSeconds " + c.staleAfterSeconds() + " is not in (0, 86400]");
        if (c.qos() < 0 || c.qos() > 2) problems.add("qos " + c.qos() + " is not 0, 1 or 2");
        if (!(c.reconnectInitialSeconds() > 0) || !(c.reconnectMaxSeconds() >= c.reconnectInitialSeconds()))
            problems.add("reconnectInitialSeconds " + c.reconnectInitialSeconds() + " and reconnectMaxSeconds " + c.reconnectMaxSeconds()
                    + " must be > 0, the maximum at least the initial");
        if (!problems.isEmpty())
            throw new IllegalArgumentException("MQTT sensor " + (deviceId.isEmpty() ? "" : deviceId + " ") + "is misconfigured: " + String.join("; ", problems));

        String clientId = c.clientId().trim();
        if (clientId.isEmpty())
            clientId = "neurolab-" + deviceId.replaceAll("[^A-Za-z0-9_-]", "-") + "-" + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL);
        return new SensorSettings(broker, clientId, c.username().trim(), c.password().toCharArray(), rigId, deviceId, c.vendor().trim(),
                c.model().isBlank() ? "MQTT incubator sensor" : c.model().trim(), topics, c.timestampField().trim(), units,
                Math.round(c.staleAfterSeconds() * 1000), c.acceptRetainedWithoutTimestamp(), c.qos(), Math.round(c.reconnectInitialSeconds() * 1000),
                Math.round(c.reconnectMaxSeconds() * 1000));
    }

    private static void checkTopic(String key, String topic, List<String> problems) {
        if (topic.contains("+") || topic.contains("#")) problems.add(key + " '" + topic + "' has a wildcard: name the exact topic");
    }
}
