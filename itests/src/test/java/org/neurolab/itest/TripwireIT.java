package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Ethics tripwires on the simulated rig: healthy cultures run on; a dying culture is held for review and refused. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TripwireIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.TripwireProbe";
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\nmode=virtual\nseed=9\n");
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=64\n");
        probe = Probes.install(lab, "tripwire", Probes.jar(home.resolve("build"), "org.neurolab.itest.tripwireprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.api.lab,org.neurolab.api.stimulation,org.neurolab.ethics,"
                        + "org.neurolab.driver.sim,org.neurolab.simulator.culture,org.osgi.framework", PROBE));
        LabUnderTest.await("ethics and the rig running", Duration.ofSeconds(30), () -> probe.apply("holds") instanceof List<?>
                && "ok".equals(probe.apply("stimulate sim-mea0-o0")));
    }

    @Test
    @Order(1)
    void healthy_cultures_are_not_held() {
        probe.apply("advance 150");
        assertEquals(List.of(), probe.apply("holds"), "normal activity with network bursts trips nothing");
    }

    @Test
    @Order(2)
    void a_dying_culture_is_held_for_review_and_then_refused() {
        assertEquals("ok", probe.apply("dying sim/mea0 1"));
        probe.apply("advance 200");
        assertEquals(List.of("sim-mea0-o1"), probe.apply("holds"));
        String reason = (String) probe.apply("hold-reason sim-mea0-o1");
        assertTrue(reason.contains("tripwire: loss of activity"), reason);
        String answer = (String) probe.apply("stimulate sim-mea0-o1");
        assertTrue(answer.startsWith("refused: refused by ethics"), answer);
        assertEquals("ok", probe.apply("stimulate sim-mea0-o2"), "the other cultures go on");
    }
}
