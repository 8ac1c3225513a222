package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Python client (clients/python) against this lab: Debian's CPython runs its pytest suite (clients/python/tests)
 * with a researcher's API token, as a notebook would use the lab. Needs Debian's python3-pytest, python3-numpy,
 * python3-pandas and python3-requests (.ci/run installs them); their absence fails the test, saying so.
 */
class PythonClientIT extends LabTestBase {
    static final String PYTHON = "/usr/bin/python3";
    static final String ORGANOID = "sim-mea1-o1";
    static String token;

    @BeforeAll
    static void startLab() throws Exception {
        // as ConsoleLab.start, with the lab's default configuration, but the cultures recorded (the client reads recordings)
        // and no tripwire (TripwireIT covers it; on a machine loaded by parallel builds it can hold every simulated
        // culture for "loss of activity" before the tests stimulate, and a hold is kept until an officer lifts it)
        ConsoleLab.writeAdminCredential(home.resolve("data/security/admin.credential"), ConsoleLab.ADMIN_PASSWORD, 1000);
        lab = LabUnderTest.start(home);
        lab.dropDefaults();
        lab.dropText("org.neurolab.ethics.cfg", "checkpointEvery=8\ntripwires=false\n");
        lab.dropText("org.neurolab.scheduling.cfg", "enforceReservations=false\n");
        lab.dropText("org.neurolab.recording.cfg", "autoRecord=all\nrawTraces=false\n");
        // FinalSpark's layout (arrays of 4 x 8 electrodes, absolute indices 0..63 here) on two arrays of small cultures: the
        // client is under test, not the simulator, and a paced rig that falls behind the wall clock on a loaded machine
        // holds its lock for whole advances (a session's close then waits for its safe state)
        lab.dropText("org.neurolab.driver.sim.cfg", "rigId=sim\nmeas=2\norganoidsPerMea=4\nelectrodesPerOrganoid=8\nneuronsPerOrganoid=300\n"
                + "sampleRateHz=30000\ncultureAgeDays=120\nseed=1\nmode=paced\n");
        ApiClient anonymous = ApiClient.anonymous(lab.httpPort);
        LabUnderTest.await("console API up", Duration.ofSeconds(180), () -> anonymous.tryLogin("admin", ConsoleLab.ADMIN_PASSWORD));
        LabUnderTest.await("script library and runner up", Duration.ofSeconds(180),
                () -> anonymous.get("/api/experiments/scripts").status() == 200 && anonymous.get("/api/rigs").body().contains("sim/mea1"));
        Map<String, ApiClient> clients = ConsoleLab.withRoleAccounts(lab.httpPort);
        ApiClient.Response created = clients.get("researcher").post("/api/tokens", "{\"label\":\"pytest notebook\"}");
        assertEquals(201, created.status(), created.toString());
        token = created.json().get("token").asText();
        ApiClient admin = clients.get("admin");
        LabUnderTest.await("recording the cultures", Duration.ofSeconds(120),
                () -> admin.get("/api/recordings").status() == 200 && admin.get("/api/recordings").body().contains(ORGANOID));
    }

    @Test
    void the_python_clients_tests_pass_against_a_running_lab() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path tests = repo.resolve("clients/python/tests");
        Path log = Path.of(System.getProperty("user.dir"), "target", "pytest-python-client.txt");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(List.of(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", tests.toString()))
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("NEUROLAB_URL", "http://127.0.0.1:" + lab.httpPort);
        env.put("NEUROLAB_TOKEN", token);
        env.put("NEUROLAB_ORGANOIDS", ORGANOID);
        env.put("PYTHONPATH", repo.resolve("clients/python").toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        if (!new File(PYTHON).canExecute())
            throw new AssertionError(PYTHON + " is missing: install Debian's python3 with python3-pytest python3-numpy python3-pandas python3-requests");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pytest did not finish in 15 minutes; output so far in " + log + ":\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        if (out.contains("No module named pytest") || out.contains("No module named 'numpy'") || out.contains("No module named 'pandas'")
                || out.contains("No module named 'requests'"))
            throw new AssertionError("Debian's python3-pytest, python3-numpy, python3-pandas and python3-requests are needed (.ci/run installs them):\n" + out);
        assertEquals(0, p.exitValue(), "pytest failed (output also in " + log + "):\n" + out);
    }

    /**
     * The client's benchmarks against this lab (a culture the tests do not use): they report figures, asserted only to
     * run; their output goes to target/python-client-bench.txt with the machine's load.
     */
    @Test
    void the_client_benchmarks_run_and_report() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path log = Path.of(System.getProperty("user.dir"), "target", "python-client-bench.txt");
        Files.createDirectories(log.getParent());
        StringBuilder all = new StringBuilder();
        for (List<String> bench : List.of(
                // a short run: it proves the benchmark works against a real lab; figures worth quoting come from a longer run by hand
                List.of(PYTHON, "clients/python/bench/remote_closed_loop.py", "--organoid", "sim-mea1-o3", "--responses", "40", "--warmup", "5"),
                List.of(PYTHON, "clients/python/bench/query_throughput.py", "--repeats", "5"))) {
            Path out = Files.createTempFile(log.getParent(), "bench", ".txt");
            ProcessBuilder pb = new ProcessBuilder(bench).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("NEUROLAB_URL", "http://127.0.0.1:" + lab.httpPort);
            pb.environment().put("NEUROLAB_TOKEN", token);
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.start();
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            if (!ended) p.destroyForcibly();
            String text = Files.readString(out);
            Files.delete(out);
            all.append(String.join(" ", bench)).append('\n').append(text).append('\n');
            assertEquals(true, ended && p.exitValue() == 0, "benchmark " + bench + " failed:\n" + text);
        }
        Files.writeString(log, all.toString());
        System.out.println(all);
    }
}
