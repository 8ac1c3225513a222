package org.neurolab.driver.mqttenv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurolab.driver.mqttenv.internal.PayloadParser.BadPayload;
import org.neurolab.driver.mqttenv.internal.PayloadParser.Parsed;
import org.neurolab.driver.mqttenv.internal.PayloadParser.Sample;

class PayloadParserTest {
    static PayloadParser parser(Map<String, Object> config) {
        return new PayloadParser(SensorSettings.from(TestConfig.mqtt(config)));
    }

    static Parsed parse(PayloadParser p, String topic, String payload) throws BadPayload {
        return p.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    final PayloadParser json = parser(Map.of("topic", "lab/incubator1"));

    @Test
    void a_json_message_gives_every_quantity_it_carries_in_the_labs_units() throws Exception {
        Parsed p = parse(json, "lab/incubator1", "{\"temperature\": 37.1, \"co2\": 5.02, \"o2\": 18.5, \"humidity\": 94, \"door\": \"closed\"}");
        assertEquals(List.of(new Sample(Quantity.TEMPERATURE, 37.1), new Sample(Quantity.CO2, 5.02), new Sample(Quantity.O2, 18.5),
                new Sample(Quantity.HUMIDITY, 94), new Sample(Quantity.DOOR, 0)), p.samples());
        assertTrue(p.timestampMillis().isEmpty());
    }

    @Test
    void a_message_may_carry_some_quantities_only() throws Exception {
        assertEquals(List.of(new Sample(Quantity.DOOR, 1)), parse(json, "lab/incubator1", "{\"door\": true}").samples());
        assertEquals(List.of(new Sample(Quantity.CO2, 4.9)), parse(json, "lab/incubator1", "{\"co2\": \"4.9\", \"fan\": 3}").samples(),
                "numbers as strings are numbers; unknown fields are ignored");
    }

    @Test
    void field_names_units_and_nesting_are_configurable() throws Exception {
        PayloadParser p = parser(Map.of("topic", "t", "temperatureField", "state.air_temp", "co2Field", "state.co2_ppm", "co2Unit", "ppm",
                "humidityField", "rh", "humidityUnit", "fraction", "temperatureUnit", "F", "o2Field", "", "timestampField", "ts"));
        Parsed r = parse(p, "t", "{\"state\": {\"air_temp\": 98.6, \"co2_ppm\": 50000}, \"rh\": 0.95, \"o2\": 99, \"ts\": \"2026-12-03T17:40:12Z\"}");
        assertEquals(3, r.samples().size(), "o2 has no field: not read: " + r);
        assertEquals(37.0, r.samples().get(0).value(), 1e-9);
        assertEquals(5.0, r.samples().get(1).value(), 1e-9);
        assertEquals(95.0, r.samples().get(2).value(), 1e-9);
        assertEquals(java.time.Instant.parse("2026-12-03T17:40:12Z").toEpochMilli(), r.timestampMillis().getAsLong());
        assertEquals(1_764_783_612_000L, parse(p, "t", "{\"rh\": 0.9, \"ts\": 1764783612}").timestampMillis().getAsLong(), "epoch seconds");
        assertEquals(1_764_783_612_345L, parse(p, "t", "{\"rh\": 0.9, \"ts\": 1764783612345}").timestampMillis().getAsLong(), "epoch ms");
    }

    @Test
    void plain_payloads_on_per_quantity_topics() throws Exception {
        PayloadParser p = parser(Map.of("payloadFormat", "plain", "temperatureTopic", "i/t", "co2Topic", "i/co2", "humidityTopic", "i/rh", "doorTopic", "i/door"));
        assertEquals(List.of(new Sample(Quantity.TEMPERATURE, 36.95)), parse(p, "i/t", " 36.95\n").samples());
        assertEquals(List.of(new Sample(Quantity.DOOR, 1)), parse(p, "i/door", "OPEN").samples());
        BadPayload bad = assertThrows(BadPayload.class, () -> parse(p, "i/co2", "{\"co2\": 5}"));
        assertTrue(bad.getMessage().contains("not a number"), bad.getMessage());
    }

    @Test
    void bad_messages_are_refused_whole_with_the_reason() {
        assertRefused("not JSON", "{\"temperature\": 37.1,");
        assertRefused("not an object", "[37.1, 5]");
        assertRefused("none of the fields", "{\"temp\": 37.1}");
        assertRefused("temperature", "{\"temperature\": \"warm\", \"co2\": 5}");
        assertRefused("not a number", "{\"temperature\": {\"v\": 37}}");
        assertRefused("outside 0..100 %", "{\"temperature\": 37.0, \"co2\": 150}");
        assertRefused("outside -40..100 °C", "{\"temperature\": 310.2}");
        assertRefused("not a door state", "{\"door\": \"ajar\"}");
        assertRefused("empty payload", "  ");
        BadPayload e = assertThrows(BadPayload.class, () -> json.parse("lab/incubator1", new byte[] {(byte) 0xC3, (byte) 0x28}));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        e = assertThrows(BadPayload.class, () -> json.parse("other/topic", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not one this sensor reads"), e.getMessage());
    }

    private void assertRefused(String reason, String payload) {
        BadPayload e = assertThrows(BadPayload.class, () -> parse(json, "lab/incubator1", payload), payload);
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' says " + reason);
    }
}
