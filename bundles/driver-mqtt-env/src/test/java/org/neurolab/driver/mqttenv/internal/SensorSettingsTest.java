package org.neurolab.driver.mqttenv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorSettingsTest {
    @Test
    void one_json_topic_carries_every_quantity_with_a_field() {
        SensorSettings s = SensorSettings.from(TestConfig.mqtt(Map.of("topic", "lab/i1", "deviceId", "rig2/incubator", "rigId", "rig2")));
        assertEquals(EnumSet.allOf(Quantity.class), s.measured());
        assertEquals(60_000, s.staleAfterMillis());
        assertTrue(s.clientId().startsWith("neurolab-rig2-incubator-"), s.clientId());
    }

    @Test
    void a_quantity_with_its_own_topic_is_read_there() {
        SensorSettings s = SensorSettings.from(TestConfig.mqtt(Map.of("topic", "lab/i1", "doorTopic", "lab/i1/door", "o2Field", "")));
        assertEquals(EnumSet.of(Quantity.DOOR), s.topics().get("lab/i1/door").fields().keySet());
        assertEquals(EnumSet.of(Quantity.TEMPERATURE, Quantity.CO2, Quantity.HUMIDITY), s.topics().get("lab/i1").fields().keySet());
    }

    @Test
    void every_mistake_in_the_file_is_named_at_once() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SensorSettings.from(TestConfig.mqtt(Map.of(
                "brokerUri", "mqtt:/nowhere", "temperatureTopic", "lab/+/t", "co2Unit", "mmHg", "staleAfterSeconds", 0.0, "qos", 3))));
        for (String part : new String[] {"brokerUri", "wildcard", "co2Unit 'mmHg'", "staleAfterSeconds", "qos 3", "no topic carries humidity"})
            assertTrue(e.getMessage().contains(part), e.getMessage() + " names " + part);
    }
}
