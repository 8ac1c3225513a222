package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The distribution's real drivers, deployed as an operator would (jar and cfg from examples/ into deploy/): they resolve
 * in Felix with their embedded libraries (Paho, jSerialComm and its native part), register their devices, and serve the
 * lab through the control service — the MQTT sensor against the real Mosquitto, the pump on a socat pty pair.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RigDriversIT extends LabTestBase {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TOPIC = "neurolab-it/" + UUID.randomUUID().toString().substring(0, 8) + "/incubator";
    static Function<String, Object> probe;
    static MqttClient publisher;
    static Process socat;
    static final List<String> pumpHeard = new CopyOnWriteArrayList<>();
    static volatile boolean pumpSilent;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        probe = Probes.install(lab, "rig-drivers", Probes.jar(home.resolve("build"), "org.neurolab.itest.rigdriversprobe",
                "org.neurolab.itest.probe.RigDriversProbe", "org.osgi.framework,org.neurolab.api.control,org.neurolab.api.driver",
                "org.neurolab.itest.probe.RigDriversProbe"));
        publisher = new MqttClient("tcp://127.0.0.1:1883", "neurolab-it-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        publisher.connect();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (publisher != null && publisher.isConnected()) publisher.disconnect();
        if (socat != null) {
            socat.destroy();
            socat.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> devices() {
        return (List<String>) probe.apply("devices");
    }

    @Test
    @Order(1)
    void the_mqtt_sensor_serves_the_incubators_readings_through_the_control_service() throws Exception {
        lab.dropText("org.neurolab.driver.mqtt-env-it.cfg", """
                rigId=mqttrig
                deviceId=mqttrig/incubator
                model=IT incubator
                brokerUri=tcp://127.0.0.1:1883
                topic=%s
                staleAfterSeconds=5
                """.formatted(TOPIC));
        lab.drop(LabUnderTest.distribution().resolve("examples/neurolab-driver-mqtt-env.jar"), "neurolab-driver-mqtt-env.jar");
        LabUnderTest.await("the MQTT sensor in the device list", WAIT, () -> devices().stream().anyMatch(d -> d.startsWith("mqttrig/incubator|ENVIRONMENT_SENSOR")));
        assertEquals("none", probe.apply("environment mqttrig"), "nothing published: no reading");
        LabUnderTest.await("a reading", WAIT, () -> {
            publish("{\"temperature\": 37.2, \"co2\": 5.1, \"o2\": 18.4, \"humidity\": 93, \"door\": \"closed\"}");
            return !"none".equals(probe.apply("environment mqttrig"));
        });
        assertEquals("37.20 5.10 93.00 18.40 CLOSED", probe.apply("environment mqttrig"));
        LabUnderTest.await("stale after 5 s of silence: not served", WAIT, () -> "none".equals(probe.apply("environment mqttrig")));
    }

    @Test
    @Order(2)
    void the_serial_pump_is_identified_on_its_port_and_stopped_when_removed() throws Exception {
        Path dir = home.resolve("pty");
        Files.createDirectories(dir);
        Path driverEnd = dir.resolve("ttyPUMP"), deviceEnd = dir.resolve("ttyEMU");
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + driverEnd, "pty,raw,echo=0,link=" + deviceEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        LabUnderTest.await("socat's pty pair", WAIT, () -> Files.exists(driverEnd) && Files.exists(deviceEnd));
        Thread responder = new Thread(() -> answerAsPump(deviceEnd), "it-pump");
        responder.setDaemon(true);
        responder.start();
        lab.dropText("org.neurolab.driver.serial-pump-it.cfg", """
                rigId=pumprig
                deviceId=pumprig/pump0
                port=%s
                address=0
                syringeDiameterMillimetres=14.43
                """.formatted(driverEnd));
        lab.drop(LabUnderTest.distribution().resolve("examples/neurolab-driver-serial-pump.jar"), "neurolab-driver-serial-pump.jar");
        LabUnderTest.await("the pump in the device list", WAIT, () -> devices().contains("pumprig/pump0|PUMP|New Era Pump Systems|NE-1000|NE1000V3.928"));
        assertTrue(pumpHeard.containsAll(List.of("0VER", "0DIA", "0STP")), "identified and stopped on connect: " + pumpHeard);

        pumpSilent = true; // the pump stops answering: its commands fail after the reply timeout, the lab goes on
        Thread.sleep(3_000);
        assertEquals(List.of(), lab.report().bundles().stream().filter(r -> !r.state().equals("ACTIVE")).map(r -> r.symbolicName()).toList(),
                "every bundle still active");
        assertTrue(devices().stream().anyMatch(d -> d.startsWith("pumprig/pump0|")), "the pump stays listed: its commands fail, it is not forgotten");
        assertEquals("none", probe.apply("environment pumprig"), "the control service answers");
        pumpSilent = false;

        pumpHeard.clear();
        Files.delete(lab.deploy().resolve("neurolab-driver-serial-pump.jar"));
        LabUnderTest.await("pump gone from the device list", WAIT, () -> devices().stream().noneMatch(d -> d.startsWith("pumprig/")));
        LabUnderTest.await("pump stopped as the driver left", WAIT, () -> pumpHeard.contains("0STP"));
    }

    static void publish(String json) {
        try {
            publisher.publish(TOPIC, json.getBytes(StandardCharsets.UTF_8), 1, false);
            Thread.sleep(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Just enough of an NE-1000 at address 0 to be identified: the driver's own tests run the full emulator. */
    static void answerAsPump(Path deviceEnd) {
        try (InputStream in = new FileInputStream(deviceEnd.toFile()); OutputStream out = new FileOutputStream(deviceEnd.toFile())) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\r') {
                    line.append((char) b);
                    continue;
                }
                String cmd = line.toString().replace(" ", "");
                line.setLength(0);
                pumpHeard.add(cmd);
                if (pumpSilent) continue;
                String data = switch (cmd) {
                    case "0VER" -> "NE1000V3.928";
                    case "0DIA" -> "14.43";
                    default -> "";
                };
                out.write(("\u000200S" + data + "\u0003").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (Exception e) {
            // the pty pair is gone
        }
    }
}
