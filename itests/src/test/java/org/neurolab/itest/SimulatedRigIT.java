package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated rig in the running lab, used as a researcher would: through the control service, in virtual time. */
class SimulatedRigIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.SimProbe";

    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        lab.dropText("org.neurolab.driver.sim.cfg", """
                rigId=sim
                meas=1
                neuronsPerOrganoid=1000
                mode=virtual
                seed=3
                """);
        probe = Probes.install(lab, "sim", Probes.jar(home.resolve("build"), "org.neurolab.itest.simprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.signal,"
                        + "org.neurolab.api.stimulation,org.osgi.framework", PROBE));
        LabUnderTest.await("simulated rig devices", Duration.ofSeconds(30),
                () -> probe.apply("devices") instanceof List<?> l && l.contains("sim/mea0"));
        // the cultures are registered by the rig's registration after its devices: wait for them too, not just the devices
        LabUnderTest.await("simulated rig cultures", Duration.ofSeconds(30),
                () -> probe.apply("cultures") instanceof List<?> l && l.size() == 4);
    }


    @Test
    void the_rig_shows_its_devices_cultures_and_virtual_clock() {
        assertEquals(List.of("sim/incubator", "sim/mea0", "sim/pump0", "sim/uv"), probe.apply("devices"));
        assertEquals(List.of("sim-mea0-o0", "sim-mea0-o1", "sim-mea0-o2", "sim-mea0-o3"), probe.apply("cultures"));
        assertTrue(((String) probe.apply("clock")).startsWith("true "), "the lab runs on the rig's virtual clock");
    }

    @Test
    void a_stimulation_through_the_control_service_evokes_a_response_in_the_spikes_that_come_back() {
        @SuppressWarnings("unchecked")
        Map<String, Long> counts = (Map<String, Long>) probe.apply("evoked sim-mea0-o1 20");
        System.out.println("simulated rig, 20 pulses of 20 µA x 200 µs: spikes in 100 ms before/after " + counts);
        assertTrue(counts.get("after") > 2 * counts.get("before") + 20, "evoked response: " + counts);
    }
}
