package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dosing in the running lab: doses go through the command path (ethics, dosing guard, audit), the dosing model
 * feeds the simulated cultures, and the spikes show it — glutamate up, GABA down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DosingIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.DosingProbe";
    static final String CULTURE = "sim-mea0-o1";
    static Function<String, Object> probe;
    static Function<String, Object> scripts;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        // the lab as shipped: command path requiring ethics + audit, the dosing chambers, ethics; then a one-MEA virtual rig
        lab.dropDefaults();
        // this class is about dosing, not bookings: the scheduling guard runs but lets every caller through
        lab.dropText("org.neurolab.scheduling.cfg", "enforceReservations=false\n");
        // nor about the tripwire (TripwireIT): a sparse 1000-neuron culture may truly fire < 3 times a minute, and be held
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=8\ntripwires=false\n");
        lab.dropText("org.neurolab.driver.sim.cfg", """
                rigId=sim
                meas=2
                neuronsPerOrganoid=1000
                mode=virtual
                seed=5
                """);
        probe = Probes.install(lab, "dosing", Probes.jar(home.resolve("build"), "org.neurolab.itest.dosingprobe", PROBE,
                "org.neurolab.api.clock,org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.lab,org.neurolab.api.signal,org.neurolab.api.stimulation,"
                        + "org.neurolab.dosing,org.neurolab.recording,org.neurolab.scheduling,org.neurolab.scripting,org.neurolab.driver.sim,org.neurolab.simulator.culture,"
                        + "org.osgi.framework", PROBE));
        LabUnderTest.await("dosing service", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(probe.apply("ready")));
        scripts = Probes.install(lab, "script", Probes.jar(home.resolve("build"), "org.neurolab.itest.scriptprobe", ScriptingIT.PROBE,
                "org.neurolab.api.control,org.neurolab.scripting,org.osgi.framework", ScriptingIT.PROBE));
        LabUnderTest.await("the chambers of sim/mea0 and sim/mea1 with their reservoirs", Duration.ofSeconds(30),
                () -> String.valueOf(probe.apply("reservoirs")).contains("sim/pump0:medium") && String.valueOf(probe.apply("reservoirs")).contains("sim/pump1:medium"));
        LabUnderTest.await("a culture on the simulated rig", Duration.ofSeconds(30), () -> probe.apply("rate " + CULTURE + " 1") instanceof Double);
    }

    /**
     * Dry runs come first, and leave the lab as they found it: the private rig's cultures feel the doses through a copy of
     * the lab's dosing state, judged by the lab's limits, and the real cultures, chambers, dosing log and audit trail
     * never hear of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dosing.py", "dosing.js"})
    @Order(0)
    void the_dosing_example_dry_runs_on_a_copy_of_the_lab_and_changes_nothing_of_it(String file) throws Exception {
        Path script = LabUnderTest.distribution().getParent().getParent().getParent().resolve("scripts").resolve(file);
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) scripts.apply("dry " + script + " sim-mea0-o0");
        assertEquals("SUCCEEDED", run.get("state"), () -> run.get("error") + "\n" + run.get("output"));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) run.get("results");
        @SuppressWarnings("unchecked")
        Map<String, Number> rate = (Map<String, Number>) results.get(file.endsWith(".py") ? "spikes_per_second" : "spikesPerSecond");
        System.out.println("dry run of " + file + ": " + rate + ", " + run.get("labMicros") + " µs of lab time\n" + run.get("output"));
        double washed = rate.get(file.endsWith(".py") ? "washed_out" : "washedOut").doubleValue();
        // the private rig simulates only the reserved culture, a network of its own: glutamate's gain differs from the lab's
        // cultures (it depends on the network), its direction and GABA's silencing do not
        assertTrue(rate.get("glutamate").doubleValue() > rate.get("baseline").doubleValue(), "glutamate raises firing in the dry run too: " + rate);
        assertTrue(rate.get("gaba").doubleValue() < 0.5 * washed, "GABA silences the private culture: " + rate);
        assertEquals(180_000_000L, ((Number) run.get("labMicros")).longValue(), 100_000, "a 30 s baseline, then 3 × (20 s settling + 30 s counting)");
        @SuppressWarnings("unchecked")
        Map<String, String> provenance = (Map<String, String>) run.get("provenance");
        assertTrue(provenance.get("dryRun.checks").contains("dosing limits"), provenance.toString());

        assertEquals(Map.of(), probe.apply("concentrations sim-mea0-o0"), "the real chamber holds nothing");
        Path audit = home.resolve("data/ethics/audit/log.jsonl");
        assertTrue(!Files.exists(audit) || !Files.readString(audit).contains("nmol"), "no dose in the audit trail: the dry runs come before any real one");
        Path events = home.resolve("data/dosing/events.jsonl");
        assertTrue(!Files.exists(events) || Files.readString(events).isBlank(), "nothing in the dosing log");
    }

    @Test
    @Order(0)
    void a_dosing_script_can_be_queued_its_dry_run_gives_the_lab_time_it_needs() {
        Path script = LabUnderTest.distribution().getParent().getParent().getParent().resolve("scripts").resolve("dosing.py");
        Object estimate = probe.apply("queue " + script + " sim-mea1-o2");
        assertEquals(180_000_000L, ((Number) estimate).longValue(), 100_000, "queued with its dry run's lab time: " + estimate);
    }

    @Test
    @Order(0)
    void a_dry_run_meets_the_ethics_policies_as_the_real_run_would() throws Exception {
        Path script = home.resolve("unbalanced.py");
        Files.writeString(script, """
                o = lab.organoids()[0]
                lab.stimulate(o, [lab.electrodes(o)[0]], 10)  # 2 nC per phase, balanced: allowed
                lab.stimulate(o, [lab.electrodes(o)[0]], 10, monophasic=True)
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) scripts.apply("dry " + script + " sim-mea0-o0");
        String error = String.valueOf(run.get("error"));
        assertEquals("FAILED", run.get("state"), error);
        assertTrue(error.startsWith("unbalanced.py:3: refused by ethics") && error.contains("charge-balance"), error); // the lab's words, not the error class
        @SuppressWarnings("unchecked")
        Map<String, String> provenance = (Map<String, String>) run.get("provenance");
        assertTrue(provenance.get("dryRun.checks").contains("the ethics policies (consent, holds"), provenance.toString());
    }

    @Test
    @Order(0)
    void a_dry_run_meets_the_labs_dosing_limits() throws Exception {
        Path script = home.resolve("overdose.py");
        Files.writeString(script, "lab.dose(lab.organoids()[0], 'gaba', 150, 'µM', route='infusion')\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) scripts.apply("dry " + script + " sim-mea0-o0");
        assertEquals("FAILED", run.get("state"));
        assertTrue(String.valueOf(run.get("error")).contains("above its limit of 100 µM"), String.valueOf(run.get("error")));
        assertTrue(String.valueOf(run.get("error")).startsWith("overdose.py:1"), "the script's own line: " + run.get("error"));
    }

    @Test
    @Order(0)
    void a_dose_says_when_the_device_delivered_it_in_a_dry_run_as_in_the_lab() throws Exception {
        Path script = home.resolve("when.py");
        Files.writeString(script, "before = lab.now()\nd = lab.dose(lab.organoids()[0], 'gaba', 1, 'µM', route='infusion')\n"
                + "lab.result('before', before)\nlab.result('applied', d['applied_ms'])\nlab.result('after', lab.now())\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) scripts.apply("dry " + script + " sim-mea0-o0");
        assertEquals("SUCCEEDED", run.get("state"), String.valueOf(run.get("error")));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) run.get("results");
        double before = ((Number) r.get("before")).doubleValue(), applied = ((Number) r.get("applied")).doubleValue(), after = ((Number) r.get("after")).doubleValue();
        assertTrue(before <= applied && applied <= after, "applied " + applied + " ms lies between the call's " + before + " and " + after + " ms");
    }

    /** The examples run first, on cultures no earlier dose has changed (glutamate's extra firing also strengthens synapses). */
    @ParameterizedTest
    @ValueSource(strings = {"dosing.py", "dosing.js"})
    @Order(1)
    void the_dosing_example_sees_glutamate_raise_and_gaba_lower_firing(String file) {
        Path script = LabUnderTest.distribution().getParent().getParent().getParent().resolve("scripts").resolve(file);
        String culture = file.endsWith(".py") ? "sim-mea0-o0" : "sim-mea1-o0"; // each on its own array and chamber
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) scripts.apply("run " + script + " " + culture);
        assertEquals("SUCCEEDED", run.get("state"), () -> run.get("error") + "\n" + run.get("output"));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) run.get("results");
        @SuppressWarnings("unchecked")
        Map<String, Number> rate = (Map<String, Number>) results.get(file.endsWith(".py") ? "spikes_per_second" : "spikesPerSecond");
        System.out.println(file + ": " + rate + "\n" + run.get("output"));
        double baseline = rate.get("baseline").doubleValue(), glutamate = rate.get("glutamate").doubleValue();
        double washed = rate.get(file.endsWith(".py") ? "washed_out" : "washedOut").doubleValue(), gaba = rate.get("gaba").doubleValue();
        assertTrue(glutamate > 1.3 * baseline, "glutamate raises firing: " + rate);
        assertTrue(gaba < 0.5 * washed, "GABA lowers firing: " + rate);
    }

    @Test
    @Order(2)
    void doses_report_their_route_amount_and_resulting_concentration_and_washout_follows_the_model() {
        assertTrue(String.valueOf(probe.apply("exchange " + CULTURE + " 2000")).startsWith("left 4.5"), "ten chamber volumes leave e^-10");
        Object dosed = probe.apply("dose " + CULTURE + " glutamate 40 µM");
        assertTrue(String.valueOf(dosed).startsWith("UNCAGING 8.0 nmol -> 40.0"), "40 µM in 200 µL is 8 nmol, uncaged: " + dosed);
        assertTrue(String.valueOf(probe.apply("exchange " + CULTURE + " 1000")).startsWith("left 0.0067"), "five chamber volumes leave e^-5");
        Object gaba = probe.apply("dose " + CULTURE + " gaba 50 µM");
        assertTrue(String.valueOf(gaba).startsWith("INFUSION 10.0 nmol -> 50.0"), "50 µM in 200 µL is 10 nmol, infused: " + gaba);
        @SuppressWarnings("unchecked")
        Map<String, Double> now = (Map<String, Double>) probe.apply("concentrations " + CULTURE);
        assertEquals(50.0, now.get("gaba"), 0.1, "just dosed: " + now);
        assertEquals(40 * Math.exp(-5), now.get("glutamate"), 0.01, "40 µM × e^-5 of glutamate left: " + now);
    }

    @Test
    @Order(3)
    void limits_are_enforced_on_the_command_path_and_every_dose_is_in_the_audit_trail() throws Exception {
        Object over = probe.apply("dose " + CULTURE + " gaba 200 µM");
        assertTrue(String.valueOf(over).startsWith("refused: ") && String.valueOf(over).contains("above its limit of 100 µM"), String.valueOf(over));
        Object slip = probe.apply("dose " + CULTURE + " gaba 5 nm");
        assertTrue(String.valueOf(slip).startsWith("bad: ") && String.valueOf(slip).contains("nanometres"), String.valueOf(slip));
        String audit = Files.readString(home.resolve("data/ethics/audit/log.jsonl"));
        assertTrue(audit.contains("glutamate by UV"), "the uncaging dose is in the audit trail");
        assertTrue(audit.contains("nmol gaba by "), "the infusion is in the audit trail");
        assertTrue(audit.contains("above its limit of 100"), "the refusal is in the audit trail too");
        assertTrue(Files.readString(home.resolve("data/dosing/events.jsonl")).contains("\"compound\":\"gaba\""), "the dosing book is on disk");
        LabUnderTest.await("doses in the recordings store, with who and the resulting concentration", Duration.ofSeconds(10),
                () -> String.valueOf(probe.apply("stored-doses " + CULTURE)).contains("gaba 10.0 nmol infusion by probe-researcher -> 50.0"));
    }

    @Test
    @Order(3)
    void refills_are_made_by_operators_and_go_into_the_audit_trail() throws Exception {
        assertTrue(String.valueOf(probe.apply("refill sim/pump0:gaba 1500 rita researcher")).contains("needs the operator or admin role"));
        assertTrue(String.valueOf(probe.apply("refill sim/pump0:gaba 99999 otto operator")).contains("does not fit"));
        assertEquals("refilled sim/pump0:gaba 1500.0", probe.apply("refill sim/pump0:gaba 1500 otto operator"));
        String audit = Files.readString(home.resolve("data/ethics/audit/log.jsonl"));
        assertTrue(audit.contains("\"action\":\"reservoir.refill\"") && audit.contains("\"actor\":\"otto\"") && audit.contains("to 1500 µL"),
                "the refill is in the audit trail, with who and how much");
        assertTrue(!audit.contains("99999") && !audit.contains("\"actor\":\"rita\""), "refused refills are not recorded as made");
    }

    @Test
    @Order(4)
    void the_schedulers_feeding_task_exchanges_the_medium_through_the_command_path() {
        Object fed = probe.apply("feed " + CULTURE);
        assertTrue(String.valueOf(fed).startsWith("exchanged 400 µL of medium in sim/mea0"), String.valueOf(fed));
    }

    @Test
    @Order(5)
    void the_schedulers_impedance_check_names_a_dead_electrode() {
        Object healthy = probe.apply("check-impedance sim-mea1-o3");
        assertTrue(String.valueOf(healthy).contains("8 electrodes") && String.valueOf(healthy).contains("all within 20–1000 kΩ"), String.valueOf(healthy));
        assertEquals("ok", probe.apply("kill-electrode sim/mea1 25"));
        Object dead = probe.apply("check-impedance sim-mea1-o3");
        assertTrue(String.valueOf(dead).contains("OUT OF RANGE: electrode 25 open (20000 kΩ)"), String.valueOf(dead));
    }

    /**
     * Scripts cancelled while they stimulate as fast as they can: a cancel interrupts the script's thread, which may be
     * in the middle of the audit trail's fsync. The trail must go on taking entries (it once closed for good).
     */
    @Test
    @Order(6)
    void cancelling_scripts_in_the_middle_of_commands_leaves_the_audit_trail_writable() throws Exception {
        Path script = home.resolve("busy.py");
        Files.writeString(script, """
                o = lab.organoids()[0]
                e = lab.electrodes(o)[0]
                while True:
                    lab.stimulate(o, [e], 0.1, phase_us=10)  # 1 pC a phase: 40 busy runs stay far inside the charge budget
                """);
        @SuppressWarnings("unchecked")
        Map<String, Integer> ends = (Map<String, Integer>) scripts.apply("cancel-storm " + script + " sim-mea1-o3 40");
        assertEquals(Map.of("CANCELLED", 40), ends, "every run ends cancelled, none failed on a broken journal: " + ends);
        assertTrue(String.valueOf(probe.apply("stimulate " + CULTURE)).startsWith("done "), "the command path still journals");
        assertTrue(String.valueOf(probe.apply("dose " + CULTURE + " gaba 1 µM")).startsWith("INFUSION"), "and the dosing log still books");
    }

    @Test
    @Order(7)
    void without_the_dosing_guard_doses_are_refused_while_stimulation_goes_on() {
        assertEquals(4 /* RESOLVED */, probe.apply("bundle org.neurolab.dosing stop"));
        try {
            Object raw = probe.apply("raw-dose " + CULTURE + " sim/pump0");
            assertTrue(String.valueOf(raw).contains("guard(s) [dosing] needed for dose are not running"), String.valueOf(raw));
            assertTrue(String.valueOf(probe.apply("stimulate " + CULTURE)).startsWith("done "), "stimulation does not need the dosing guard");
        } finally {
            assertEquals(32 /* ACTIVE */, probe.apply("bundle org.neurolab.dosing start"));
        }
    }
}
