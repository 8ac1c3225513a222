package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.Bundle;

/**
 * Hostile scripts end only their own run (issue 15): a memory bomb, endless loops in Python and JavaScript, a callback
 * that never returns, a 1 GB result, sandbox denials. Each runs beside a well-behaved run on the other culture of a
 * real-time simulated rig; afterwards that run has finished, the rig still produces spikes, hot install still works and
 * the audit trail verifies. The lab's script limits come from deploy/org.neurolab.scripting.cfg, as an operator sets them
 * (30 s of CPU, callbacks 500 ms, the memory guard at 40 % of the heap); the loops ask for 3 s of CPU for their run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileScriptIT extends LabTestBase {
    static final String PROBE = "org.neurolab.itest.probe.HostileScriptProbe";
    static final String HOSTILE_CULTURE = "sim-mea0-o0";
    static final String OTHER_CULTURE = "sim-mea0-o1";
    static Function<String, Object> probe;
    static int hotInstalls;

    /** Eight seconds of real time on its culture: a pulse, waits, spike counts. */
    static final String WELL_BEHAVED = """
            o = lab.organoids()[0]
            lab.stimulate(o, [lab.electrodes(o)[0]], 5)
            seen = 0
            for i in range(16):
                lab.wait(500)
                seen += lab.spikes(o, lab.now() - 500, lab.now())["count"]
            lab.result("rounds", 16)
            lab.result("seen", seen)
            """;

    @BeforeAll
    static void boot() throws Exception {
        lab = LabUnderTest.start(home);
        // every command through the ethics guard and into the audit trail, which is verified after each hostile script
        lab.dropText("org.neurolab.control.cfg", "requiredGuards=ethics\nrequiredJournals=audit\n");
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=1\n");
        lab.dropText("org.neurolab.scripting.cfg", "maxCpuSeconds=30\nmaxCallbackMillis=500\nheapPercent=40\n");
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=1\norganoidsPerMea=2\nelectrodesPerOrganoid=8\nneuronsPerOrganoid=300\nmode=paced\nseed=5\n");
        probe = Probes.install(lab, "hostile", Probes.jar(home.resolve("build"), "org.neurolab.itest.hostileprobe", PROBE,
                "org.neurolab.api.control,org.neurolab.api.driver,org.neurolab.api.signal,org.neurolab.ethics,org.neurolab.scripting,org.osgi.framework", PROBE));
        LabUnderTest.await("simulated rig", Duration.ofSeconds(30), () -> !lab.services("org.neurolab.api.driver.MeaDriver").isEmpty());
        LabUnderTest.await("ethics office", Duration.ofSeconds(30), () -> !lab.services("org.neurolab.ethics.EthicsOffice").isEmpty());
        LabUnderTest.await("the rig fires", Duration.ofSeconds(30), () -> {
            Object n = probe.apply("spikes " + HOSTILE_CULTURE + " 500"); // "unknown organoid" until the rig has registered its cultures
            return n instanceof Number count && count.longValue() > 0;
        });
    }

    @Test
    @Order(1)
    void a_memory_bomb_ends_its_own_run_only() throws Exception {
        Map<String, Object> r = hostileBeside("bomb.py", "a = []\nwhile True:\n    a.append([1.5] * 1_000_000)\n", 30, 120);
        assertEquals("FAILED", r.get("state"), r.toString());
        assertTrue(((String) r.get("error")).startsWith("used too much memory: "), r.toString());
    }

    @Test
    @Order(2)
    void an_empty_python_loop_ends_by_the_cpu_limit() throws Exception {
        Map<String, Object> r = hostileBeside("spin.py", "while True: pass\n", 3, 60);
        assertEquals("FAILED", r.get("state"), r.toString());
        assertTrue(((String) r.get("error")).contains("CPU time limit of 3.0 s"), r.toString());
    }

    @Test
    @Order(3)
    void an_empty_javascript_loop_ends_by_the_cpu_limit() throws Exception {
        Map<String, Object> r = hostileBeside("spin.js", "for (;;) {}\n", 3, 60);
        assertEquals("FAILED", r.get("state"), r.toString());
        // GraalJS counts this loop's statements quickly: whichever limit comes first ends it
        assertTrue(((String) r.get("error")).matches(".*(CPU time limit of 3.0 s|statement limit of 500000000 reached).*"), r.toString());
    }

    @Test
    @Order(4)
    void a_callback_that_never_returns_ends_its_run() throws Exception {
        // a one-line loop: GraalPy counts it as one statement, so only the callback limit (or the CPU limit) can end it
        Map<String, Object> r = hostileBeside("stuck.py", """
                def stuck(batch):
                    while True: pass
                lab.on_spikes(lab.organoids()[0], stuck)
                lab.wait(60_000)
                """, 30, 60);
        assertEquals("FAILED", r.get("state"), r.toString());
        assertTrue(((String) r.get("error")).contains("on_spikes callback for " + HOSTILE_CULTURE + " did not return within 500 ms"), r.toString());
    }

    @Test
    @Order(5)
    void a_gigabyte_result_is_refused() throws Exception {
        Map<String, Object> r = hostileBeside("big.py", "lab.result('big', 'x' * 10**9)\n", 30, 60);
        assertEquals("FAILED", r.get("state"), r.toString());
        // ended by the result limit, or — when building the gigabyte string fills the heap first — by the memory guard:
        // either way that run alone ends, with its reason (the helper checks the run beside it and the lab)
        String error = (String) r.get("error");
        assertTrue(error.contains("result 'big' is larger than the limit of 1.0 MB per result") || error.startsWith("used too much memory"), r.toString());
    }

    @Test
    @Order(6)
    void sandbox_denials_are_caught_in_python_and_javascript() throws Exception {
        Map<String, Object> py = hostileBeside("deny.py", """
                try:
                    import subprocess
                    subprocess.run(["rm", "-rf", "/"])
                except Exception as e:
                    lab.result("caught", type(e).__name__ + ": " + str(e))
                """, 30, 60);
        assertEquals("SUCCEEDED", py.get("state"), py.toString());
        assertEquals("LabPermissionError: scripts may not start processes (a run works through the lab API only)", results(py).get("caught"));
        Map<String, Object> js = hostileBeside("deny.js", """
                try {
                    Java.type('java.lang.Runtime').getRuntime().exec('rm -rf /');
                } catch (e) {
                    lab.result('caught', e.name + ': ' + e.message);
                }
                """, 30, 60);
        assertEquals("SUCCEEDED", js.get("state"), js.toString());
        assertEquals("LabPermissionError: scripts may not reach Java classes (the lab API is the one way to the lab)", results(js).get("caught"));
    }

    /**
     * Runs {@code code} (with {@code cpuSeconds} of CPU) on one culture while the well-behaved script runs on the other; when both have ended, checks
     * that the well-behaved one finished, the rig still fires, hot install works and the audit trail verifies.
     */
    private static Map<String, Object> hostileBeside(String file, String code, int cpuSeconds, int timeoutSeconds) throws Exception {
        String other = (String) probe.apply("submit " + script("well-behaved.py", WELL_BEHAVED) + " " + OTHER_CULTURE);
        String hostile = (String) probe.apply("submit " + script(file, code) + " " + HOSTILE_CULTURE + " " + cpuSeconds);
        Map<String, Object> r = record(probe.apply("await " + hostile + " " + timeoutSeconds));
        Map<String, Object> w = record(probe.apply("await " + other + " 60"));
        System.out.printf("hostile script %-7s ended after %5.1f s: %s %s (beside it: %s after %.1f s)%n", file, r.get("seconds"), r.get("state"),
                r.get("error"), w.get("state"), w.get("seconds"));
        assertEquals("SUCCEEDED", w.get("state"), "the other run finished: " + w);
        assertEquals(16L, ((Number) results(w).get("rounds")).longValue());
        // the small simulated culture fires in bursts, and a loaded machine makes the rig shed time: any spike within 20 s
        LabUnderTest.await("the rig still produces spikes after " + file, Duration.ofSeconds(20),
                () -> spikes(HOSTILE_CULTURE, 1000) + spikes(OTHER_CULTURE, 1) > 0);
        hotInstallStillWorks();
        Map<String, Object> audit = record(probe.apply("audit"));
        assertEquals(Boolean.TRUE, audit.get("ok"), "the audit trail verifies: " + audit);
        assertTrue(((Number) audit.get("entries")).longValue() > 0, "the well-behaved runs' pulses are in it: " + audit);
        return r;
    }

    /** Spikes of a culture over the next {@code millis} of real time. */
    private static long spikes(String organoid, long millis) {
        Object n = probe.apply("spikes " + organoid + " " + millis);
        if (!(n instanceof Number count)) throw new AssertionError("probe: " + n);
        return count.longValue();
    }

    private static void hotInstallStillWorks() throws Exception {
        String name = "org.neurolab.itest.hot" + (++hotInstalls);
        Path jar = TestBundles.probe(home.resolve("build/" + name + ".jar"), Map.of("Bundle-SymbolicName", name, "Bundle-Version", "1.0.0",
                "Bundle-ManifestVersion", "2"));
        lab.drop(jar, name + ".jar");
        LabUnderTest.await("hot install of " + name, Duration.ofSeconds(30), () -> {
            Bundle b = lab.bundle(name);
            return b != null && b.getState() == Bundle.ACTIVE;
        });
    }

    private static Path script(String file, String code) throws Exception {
        Path p = home.resolve("scripts").resolve(file);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, code);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Object answer) {
        if (!(answer instanceof Map)) throw new AssertionError("probe: " + answer);
        return (Map<String, Object>) answer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(Map<String, Object> record) {
        return (Map<String, Object>) record.get("results");
    }
}
