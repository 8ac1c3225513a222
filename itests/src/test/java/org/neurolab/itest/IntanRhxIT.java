package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.neurolab.driver.intan.emulator.RhxEmulator;

/**
 * The Intan RHX driver hot-installed into a running lab from the distribution's examples/, configured by a cfg in
 * deploy/, against an emulated RHX: its MEA and cultures appear, raw samples and watermarks reach a session, a
 * stimulation through the control service reaches the controller with its applied time, the session's end disarms it,
 * and removing the configuration stops the controller's run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class IntanRhxIT extends LabTestBase {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PROBE = "org.neurolab.itest.probe.IntanProbe";
    static RhxEmulator emulator;
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        emulator = RhxEmulator.start(1, 32);
        lab = LabUnderTest.start(home);
        Path driver;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            driver = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-intan-rhx")).findFirst().orElseThrow();
        }
        lab.drop(driver, "intan-rhx.jar");
        lab.dropText("org.neurolab.driver.intan-emu.cfg", """
                deviceId=emu/mea0
                rigId=emu
                host=127.0.0.1
                commandPort=%d
                dataPort=%d
                channels=A-000..A-015
                culture.emu-mea0-o1.electrodes=0-7
                culture.emu-mea0-o1.cellLine=HUES-9
                culture.emu-mea0-o1.batch=B2026-07
                culture.emu-mea0-o1.donorConsentRef=consent-0042
                culture.emu-mea0-o1.seedingDate=2026-09-01
                """.formatted(emulator.commandPort(), emulator.dataPort()));
        probe = Probes.install(lab, "intan", Probes.jar(home.resolve("build"), "org.neurolab.itest.intanprobe", PROBE,
                "org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.signal,org.neurolab.api.stimulation,org.osgi.framework",
                PROBE));
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (emulator != null) emulator.close();
    }

    @Test
    @Order(1)
    void the_mea_and_its_cultures_appear_once_the_controller_is_verified() throws Exception {
        LabUnderTest.await("the Intan MEA", WAIT, () -> probe.apply("devices") instanceof List<?> l && l.contains("emu/mea0"));
        assertTrue(((String) probe.apply("model emu/mea0")).contains("RHX"));
        LabUnderTest.await("its culture", WAIT, () -> probe.apply("cultures") instanceof List<?> l && l.contains("emu-mea0-o1"));
        assertTrue(emulator.running(), "the driver started the controller's run");
    }

    @Test
    @Order(2)
    void raw_samples_and_watermarks_reach_a_session() {
        @SuppressWarnings("unchecked")
        // 3 s of stream (tens of blocks and spikes): a loaded machine may hold the stream back for part of a second
        Map<String, Object> raw = (Map<String, Object>) probe.apply("raw emu-mea0-o1 3000");
        assertTrue((Long) raw.get("blocks") > 20, raw.toString());
        assertEquals(16L, raw.get("channels"), "every electrode of the array");
        assertTrue((Long) raw.get("watermarks") > 20, raw.toString());
        // a raw-only amplifier still feeds every consumer spikes: the lab's detector in the signal path, with waveforms
        assertTrue((Long) raw.get("spikes") > 0, "the lab detected the emulator's spikes for the session: " + raw);
        assertEquals(90L, raw.get("snippetLength"), "3 ms waveforms at 30 kHz come with them");
    }

    @Test
    @Order(3)
    void a_stimulation_through_the_control_service_reaches_the_controller_and_the_session_end_disarms_it() {
        String answer = (String) probe.apply("stimulate emu-mea0-o1 3 20");
        assertTrue(answer.startsWith("applied ") && answer.endsWith("on emu/mea0"), answer);
        long applied = Long.parseLong(answer.split(" ")[1]);
        long issued = Long.parseLong(answer.split(" ")[3]);
        assertTrue(Math.abs(applied - issued) < 1_000_000, "applied on the data's time base, close to when it was issued: " + answer);
        List<RhxEmulator.Delivered> d = emulator.delivered();
        assertEquals(1, d.size());
        assertEquals("A-003", d.get(0).channel());
        assertEquals("20", d.get(0).parameters().get("firstphaseamplitudemicroamps"));
        assertEquals(List.of(), emulator.armedChannels(), "the session's end put the controller in its safe state");
        System.out.println("Intan RHX through the control service: " + answer);
    }

    @Test
    @Order(4)
    void removing_the_configuration_stops_the_run_and_the_mea_goes() throws Exception {
        Files.delete(lab.deploy().resolve("org.neurolab.driver.intan-emu.cfg"));
        LabUnderTest.await("the MEA gone", WAIT, () -> probe.apply("devices") instanceof List<?> l && !l.contains("emu/mea0"));
        LabUnderTest.await("the run stopped", WAIT, () -> !emulator.running());
    }
}
