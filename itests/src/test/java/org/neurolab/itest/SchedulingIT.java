package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scheduling in the real lab: bookings, the scheduling guard on the command path, runs starting in their slot, a run
 * stopped at its slot's end with its rig in the safe state, and runs suspended and resumed as the simulated incubator
 * and pump leave and regain their safe range. The simulated rig is paced (lab time is wall time), like a real one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulingIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.SchedulingProbe";
    static final Duration WAIT = Duration.ofSeconds(30);
    static Function<String, Object> probe;

    @BeforeAll
    static void boot() throws Exception {
        // probe/mea0 (the probe's recording MEA, which counts safe states) is fed by the simulated rig's pump0
        lab = LabUnderTest.startWithScheduling(home, "enforceReservations=true\ntickMillis=100\nresumeAfterSeconds=1\npumpOfMea=probe/mea0=sim/pump0\n");
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\nmode=paced\nseed=3\n");
        Probes.probeCulture(lab, "HUES-9", "B2026-07", "consent-0042", java.time.LocalDate.of(2026, 9, 1));
        probe = Probes.install(lab, "scheduling", Probes.jar(home.resolve("build"), "org.neurolab.itest.schedulingprobe", PROBE,
                "org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.stimulation,org.neurolab.driver.sim,"
                        + "org.neurolab.scheduling,org.neurolab.scripting,org.osgi.framework",
                PROBE, "org.neurolab.itest.probe.MeaProbe", "org.neurolab.itest.probe.RecordingMea"));
        LabUnderTest.await("simulated rig and scheduler", WAIT, () -> !lab.services("org.neurolab.driver.sim.SimulationControl").isEmpty()
                && !lab.services("org.neurolab.scheduling.Scheduler").isEmpty());
        LabUnderTest.await("cultures", WAIT, () -> ((List<?>) probe.apply("cultures")).containsAll(List.of("sim-mea0-o1", "probe-o1")));
    }

    static Object book(String user, String target, Instant start, Instant end) {
        return probe.apply("book " + user + " " + target + " " + start + " " + end);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> queued(Object id) {
        return (Map<String, Object>) probe.apply("queued " + id);
    }

    static String state(Object queuedId) {
        return (String) queued(queuedId).get("state");
    }

    /** Submits a script, or skips the test when this build's experiment runner cannot dry-run (the duration check needs it). */
    static Object submit(String user, Object reservation, String name, String code) throws Exception {
        Path file = Files.writeString(home.resolve(name), code);
        Object id = probe.apply("submit " + user + " " + reservation + " " + file);
        Assumptions.assumeFalse(String.valueOf(id).contains("this lab cannot dry-run scripts"),
                "the experiment runner of this build cannot dry-run scripts, so no run can be checked against its slot: " + id);
        assertTrue(id instanceof Long, "queued: " + id);
        return id;
    }

    @Test
    @Order(1)
    void only_the_holder_of_the_live_reservation_reaches_the_culture() {
        Instant now = Instant.now();
        Object id = book("alice", "sim-mea0-o1", now, now.plus(Duration.ofMinutes(10)));
        assertTrue(id instanceof Long, "booked: " + id);
        Object clash = book("bob", "sim-mea0-o1", now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(15)));
        assertTrue(String.valueOf(clash).contains("reservation " + id) && String.valueOf(clash).contains("alice"), String.valueOf(clash));

        String bob = (String) probe.apply("stimulate bob sim-mea0-o1");
        assertTrue(bob.startsWith("refused") && bob.contains("reserved by alice"), bob);
        assertEquals("ok", probe.apply("stimulate alice sim-mea0-o1"));
        String unbooked = (String) probe.apply("stimulate alice sim-mea0-o3");
        assertTrue(unbooked.contains("no reservation live"), unbooked);
    }

    @Test
    @Order(2)
    void bad_bookings_are_refused_with_what_was_wrong() {
        Instant now = Instant.now();
        String backwards = String.valueOf(book("alice", "sim-mea0-o2", now.plusSeconds(600), now.plusSeconds(60)));
        assertTrue(backwards.startsWith("refused") && backwards.contains("before"), backwards);
        String past = String.valueOf(book("alice", "sim-mea0-o2", now.minusSeconds(7200), now.minusSeconds(3600)));
        assertTrue(past.contains("past"), past);
        String unknown = String.valueOf(book("alice", "sim-mea7-o9", now.plusSeconds(60), now.plusSeconds(120)));
        assertTrue(unknown.contains("unknown culture 'sim-mea7-o9'"), unknown);
    }

    @Test
    @Order(3)
    void a_run_starts_when_its_slot_opens_and_is_suspended_and_resumed_by_an_incubator_excursion() throws Exception {
        // the slot opens a while after submission: the dry run of the submission takes its time on a busy machine
        Instant start = Instant.now().plusSeconds(15);
        Object r = book("alice", "sim-mea0-o2", start, start.plusSeconds(60));
        String script = """
                const o = 'sim-mea0-o2';
                for (let i = 0; i < 16; i++) { lab.stimulate(o, [lab.electrodes(o)[0]], 5); lab.wait(500); }
                lab.result('pulses', 16);
                """;
        Object q = submit("alice", r, "pulses.js", script);
        if (Instant.now().isBefore(start.minusSeconds(1))) assertEquals("WAITING", state(q), "nothing starts before its slot");
        LabUnderTest.await("run started in its slot", WAIT, () -> state(q).equals("RUNNING"));
        assertTrue(!Instant.now().isBefore(start), "not before the slot");
        probe.apply("incubator 39.5 5.0");
        LabUnderTest.await("run suspended", WAIT, () -> state(q).equals("SUSPENDED"));
        assertTrue(String.valueOf(queued(q).get("detail")).contains("39."), queued(q).toString());
        Thread.sleep(1_500);
        probe.apply("incubator 37.0 5.0");
        LabUnderTest.await("run resumed", WAIT, () -> state(q).equals("RUNNING") || state(q).equals("SUCCEEDED"));
        LabUnderTest.await("run succeeded", WAIT, () -> state(q).equals("SUCCEEDED"));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) probe.apply("run " + queued(q).get("runId"));
        @SuppressWarnings("unchecked")
        List<String> history = (List<String>) run.get("history");
        assertTrue(history.stream().anyMatch(h -> h.startsWith("suspended: incubator of rig sim")), history.toString());
        assertTrue(history.stream().anyMatch(h -> h.startsWith("resumed: conditions back in range")), history.toString());
        @SuppressWarnings("unchecked")
        List<String> queueHistory = (List<String>) queued(q).get("history");
        assertTrue(queueHistory.stream().map(h -> h.substring(0, h.indexOf(':'))).toList().containsAll(List.of("submitted", "started", "suspended", "resumed", "succeeded")),
                queueHistory.toString());
    }

    @Test
    @Order(4)
    void a_run_still_going_when_its_slot_closes_is_stopped_with_its_rig_in_the_safe_state() throws Exception {
        Instant start = Instant.now().plusSeconds(15);
        Object r = book("alice", "probe-o1", start, start.plusSeconds(20));
        String script = """
                for (let i = 0; i < 8; i++) { lab.stimulate('probe-o1', [0], 5); lab.wait(500); }
                """;
        Object q = submit("alice", r, "probe.js", script);
        LabUnderTest.await("run started", WAIT, () -> state(q).equals("RUNNING"));
        LabUnderTest.await("the run stimulates the probe's MEA", WAIT, () -> !((List<?>) probe.apply("mea-stimulations")).isEmpty());
        // the pump feeding probe/mea0 sticks: the run waits with its rig safe, past the end of its slot
        probe.apply("pump-stuck sim/pump0 true");
        LabUnderTest.await("run suspended", WAIT, () -> state(q).equals("SUSPENDED"));
        assertTrue(String.valueOf(queued(q).get("detail")).contains("medium flow of sim/pump0"), queued(q).toString());
        int safeBefore = (Integer) probe.apply("mea-safe-states");
        LabUnderTest.await("stopped at slot end", WAIT, () -> state(q).equals("STOPPED_AT_SLOT_END"));
        probe.apply("pump-stuck sim/pump0 false");
        LabUnderTest.await("the rig returned to its safe state", WAIT, () -> (Integer) probe.apply("mea-safe-states") > safeBefore);
        String runId = (String) queued(q).get("runId");
        LabUnderTest.await("the run's record ends cancelled (published once its session is closed)", WAIT,
                () -> "CANCELLED".equals(((Map<?, ?>) probe.apply("run " + runId)).get("state")));
        assertTrue(String.valueOf(queued(q).get("detail")).contains("safe state"), queued(q).toString());
        String after = (String) probe.apply("stimulate alice probe-o1");
        assertTrue(after.contains("no reservation live"), "the slot is over: " + after);
    }
}
