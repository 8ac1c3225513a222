package org.neurolab.driver.mqttenv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurolab.api.driver.DeviceException;
import org.neurolab.api.driver.DoorState;
import org.neurolab.api.driver.EnvironmentReading;

/** The driver against the real Mosquitto: readings, staleness, bad payloads, a broker outage, a clean stop. */
class MqttEnvironmentSensorTest {
    static final Duration WAIT = Duration.ofSeconds(30); // generous: the machine is shared and loaded
    static Broker broker;
    MqttEnvironmentSensor sensor;

    @BeforeAll
    static void connect() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @AfterEach
    void stop() {
        if (sensor != null) sensor.stop();
    }

    MqttEnvironmentSensor start(Map<String, Object> config) throws Exception {
        Map<String, Object> c = new HashMap<>(Map.of("deviceId", "rig7/incubator", "rigId", "rig7", "reconnectInitialSeconds", 0.2,
                "reconnectMaxSeconds", 1.0));
        c.putAll(config);
        sensor = new MqttEnvironmentSensor(SensorSettings.from(TestConfig.mqtt(c)), TestConfig.clock(), System::currentTimeMillis, "test");
        Broker.await("connected to the broker", WAIT, sensor::connected);
        return sensor;
    }

    void publishAndWait(String topic, String payload) throws Exception {
        long before = sensor.acceptedMessages() + sensor.refusedMessages();
        broker.publish(topic, payload);
        Broker.await("message handled: " + payload, WAIT, () -> sensor.acceptedMessages() + sensor.refusedMessages() > before);
    }

    @Test
    void published_readings_are_served_with_o2_and_the_door() throws Exception {
        String topic = broker.topic("i1"), door = broker.topic("i1-door");
        start(Map.of("topic", topic, "doorTopic", door, "payloadFormat", "plain"));
        assertThrows(DeviceException.class, sensor::read, "nothing published yet: no reading");
        publishAndWait(topic, "{\"temperature\": 36.8, \"co2\": 5.1, \"o2\": 18.9, \"humidity\": 93.5}");
        EnvironmentReading r = sensor.read();
        assertEquals(36.8, r.temperatureCelsius());
        assertEquals(5.1, r.co2Percent());
        assertEquals(18.9, r.o2Percent());
        assertEquals(93.5, r.humidityPercent());
        assertEquals(DoorState.UNKNOWN, r.door(), "no door message yet");
        publishAndWait(door, "open");
        assertEquals(DoorState.OPEN, sensor.read().door());
        publishAndWait(topic, "{\"temperature\": 37.0}");
        assertEquals(37.0, sensor.read().temperatureCelsius(), "a partial message updates what it carries");
        assertEquals(5.1, sensor.read().co2Percent());
    }

    @Test
    void stale_quantities_are_not_served_and_say_since_when() throws Exception {
        String topic = broker.topic("stale");
        start(Map.of("topic", topic, "staleAfterSeconds", 3.0)); // seconds, not less: a loaded machine must not make a fresh value stale
        publishAndWait(topic, "{\"temperature\": 37.0, \"co2\": 5.0, \"humidity\": 95, \"o2\": 19}");
        sensor.read();
        long temperatureAt = sensor.status().stream().filter(s -> s.quantity() == Quantity.TEMPERATURE).findFirst().orElseThrow().atMillis();
        publishAndWait(topic, "{\"co2\": 5.0, \"humidity\": 95}"); // temperature's source goes quiet
        Broker.await("temperature stale", WAIT, () -> System.currentTimeMillis() > temperatureAt + 3_100);
        DeviceException e = assertThrows(DeviceException.class, sensor::read);
        assertTrue(e.getMessage().contains("temperature stale since " + Instant.ofEpochMilli(temperatureAt + 3_000)), "since = last reading + limit: "
                + e.getMessage());
        assertTrue(e.getMessage().contains("last 37.00 °C at " + Instant.ofEpochMilli(temperatureAt)), e.getMessage());

        publishAndWait(topic, "{\"temperature\": 37.1, \"co2\": 5.0, \"humidity\": 95}");
        EnvironmentReading back = sensor.read();
        assertEquals(37.1, back.temperatureCelsius(), "current again");
        assertTrue(Double.isNaN(back.o2Percent()), "O2 is stale: served as not measured, not as its old value");
        assertTrue(sensor.status().stream().anyMatch(s -> s.quantity() == Quantity.O2 && s.stale()));
    }

    @Test
    void bad_payloads_are_counted_and_refused_with_the_reason() throws Exception {
        String topic = broker.topic("bad");
        start(Map.of("topic", topic));
        publishAndWait(topic, "{\"temperature\": 37.0, \"co2\": 5.0, \"humidity\": 95}");
        publishAndWait(topic, "{\"temperature\": 37.0,");
        assertTrue(sensor.lastRefusal().contains("not JSON"), sensor.lastRefusal());
        publishAndWait(topic, "{\"temperature\": 37.5, \"co2\": 900}");
        assertTrue(sensor.lastRefusal().contains("CO2 900.00 % is outside 0..100 %"), sensor.lastRefusal());
        publishAndWait(topic, "hello");
        assertEquals(3, sensor.refusedMessages());
        assertEquals(1, sensor.acceptedMessages());
        assertEquals(37.0, sensor.read().temperatureCelsius(), "a refused message changes nothing, not even its good fields");
    }

    @Test
    void retained_messages_need_a_timestamp_to_count() throws Exception {
        String old = broker.topic("retained-old"), stamped = broker.topic("retained-stamped");
        broker.publishRetained(old, "{\"temperature\": 30.0, \"co2\": 1.0, \"humidity\": 50}");
        broker.publishRetained(stamped, "{\"temperature\": 36.9, \"co2\": 5.0, \"humidity\": 94, \"ts\": " + System.currentTimeMillis() + "}");
        try {
            start(Map.of("topic", old));
            Broker.await("retained message refused", WAIT, () -> sensor.refusedMessages() == 1);
            assertTrue(sensor.lastRefusal().contains("retained message without a timestamp"), sensor.lastRefusal());
            assertThrows(DeviceException.class, sensor::read);
            sensor.stop();
            start(Map.of("topic", stamped, "timestampField", "ts"));
            Broker.await("retained message with a timestamp accepted", WAIT, () -> sensor.acceptedMessages() == 1);
            assertEquals(36.9, sensor.read().temperatureCelsius());
        } finally {
            broker.clearRetained(old);
            broker.clearRetained(stamped);
        }
    }

    @Test
    void a_broker_outage_is_ridden_out_with_reconnects() throws Exception {
        String topic = broker.topic("outage");
        try (TcpRelay relay = new TcpRelay(1883)) {
            start(Map.of("topic", topic, "brokerUri", "tcp://127.0.0.1:" + relay.port(), "staleAfterSeconds", 300.0));
            publishAndWait(topic, "{\"temperature\": 37.0, \"co2\": 5.0, \"humidity\": 95}");
            relay.cut();
            Broker.await("connection loss seen", WAIT, () -> !sensor.connected());
            broker.publish(topic, "{\"temperature\": 36.0}"); // sent while the driver is away: lost (clean session)
            Thread.sleep(1_500); // several reconnect attempts against a closed port
            assertFalse(sensor.connected());
            assertEquals(37.0, sensor.read().temperatureCelsius(), "the last value is current until the staleness limit");
            relay.restore();
            Broker.await("reconnected", WAIT, sensor::connected);
            publishAndWait(topic, "{\"temperature\": 37.4}");
            assertEquals(37.4, sensor.read().temperatureCelsius(), "subscribed again after the reconnect");
        }
    }

    @Test
    void a_broker_that_is_not_there_is_retried_and_named() throws Exception {
        try (java.net.ServerSocket closedPort = new java.net.ServerSocket(0)) {
            int port = closedPort.getLocalPort();
            closedPort.close();
            sensor = new MqttEnvironmentSensor(SensorSettings.from(TestConfig.mqtt(Map.of("topic", broker.topic("none"), "brokerUri",
                    "tcp://127.0.0.1:" + port, "reconnectInitialSeconds", 0.1, "reconnectMaxSeconds", 0.5))), TestConfig.clock(),
                    System::currentTimeMillis, "test");
            Thread.sleep(1_000);
            DeviceException e = assertThrows(DeviceException.class, sensor::read);
            assertTrue(e.getMessage().contains("not connected to tcp://127.0.0.1:" + port), e.getMessage());
            assertTrue(e.getMessage().matches(".*\\d+ attempts, retrying.*"), e.getMessage());
        }
    }

    @Test
    void stop_ends_every_thread_of_the_driver() throws Exception {
        start(Map.of("topic", broker.topic("stop")));
        sensor.stop();
        sensor = null;
        Broker.await("no driver or Paho thread left", WAIT, () -> liveThreads().isEmpty());
    }

    static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("mqtt-env ") || n.contains("neurolab-rig7")).toList();
    }
}
