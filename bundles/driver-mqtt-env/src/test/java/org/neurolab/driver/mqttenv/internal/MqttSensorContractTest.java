package org.neurolab.driver.mqttenv.internal;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.neurolab.api.driver.EnvironmentSensorDriver;
import org.neurolab.driver.testkit.EnvironmentSensorDriverContract;

/** The MQTT sensor, on the real broker with an incubator publishing, passes the kit every environment sensor passes. */
class MqttSensorContractTest extends EnvironmentSensorDriverContract {
    static Broker broker;

    @BeforeAll
    static void connect() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void disconnect() throws Exception {
        broker.close();
    }

    @Override
    protected EnvironmentSensorDriver createDriver() throws Exception {
        String topic = broker.topic("contract");
        MqttEnvironmentSensor s = new MqttEnvironmentSensor(SensorSettings.from(TestConfig.mqtt(Map.of("topic", topic, "deviceId", "rig9/incubator",
                "rigId", "rig9"))), TestConfig.clock(), System::currentTimeMillis, "test");
        Broker.await("connected", Duration.ofSeconds(30), s::connected);
        broker.publish(topic, "{\"temperature\": 37.0, \"co2\": 5.0, \"o2\": 19.0, \"humidity\": 95, \"door\": false}");
        Broker.await("first reading", Duration.ofSeconds(30), () -> s.acceptedMessages() > 0);
        return s;
    }

    @Override
    protected void stopDriver(EnvironmentSensorDriver driver) {
        ((MqttEnvironmentSensor) driver).stop();
    }
}
