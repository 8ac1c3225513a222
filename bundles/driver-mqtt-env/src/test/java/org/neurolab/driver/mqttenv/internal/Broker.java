package org.neurolab.driver.mqttenv.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The real Mosquitto on 127.0.0.1:1883 (which these machines run and {@code .ci/run} starts), as a publishing incubator
 * would use it. Each test class gets topics of its own: other engineers' tests use the same broker.
 */
final class Broker implements AutoCloseable {
    static final String URI = "tcp://127.0.0.1:1883";
    final String prefix = "neurolab-test/" + UUID.randomUUID().toString().substring(0, 8);
    private final MqttClient publisher;

    Broker() throws MqttException {
        publisher = new MqttClient(URI, "neurolab-test-pub-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        try {
            publisher.connect(o);
        } catch (MqttException e) {
            fail("no MQTT broker answers on " + URI + " (Debian's mosquitto; .ci/run installs and starts it): " + e.getMessage());
        }
    }

    String topic(String name) {
        return prefix + "/" + name;
    }

    void publish(String topic, String payload) throws MqttException {
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    void publishRetained(String topic, String payload) throws MqttException {
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
    }

    /** Removes a retained message (an empty retained payload clears it). */
    void clearRetained(String topic) throws MqttException {
        publisher.publish(topic, new byte[0], 1, true);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws MqttException {
        publisher.disconnect(2_000);
        publisher.close();
    }
}
