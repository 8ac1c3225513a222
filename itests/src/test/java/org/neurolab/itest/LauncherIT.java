package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab as an operator meets it: {@code ./neurolab run} in its own process, the credential printed
 * once, the Web Console behind it, {@code ./neurolab bundles} and {@code ./neurolab install} against the
 * running lab, and Ctrl-C stopping it cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
    static final Pattern PASSWORD = Pattern.compile("Password: (\\S+)");

    @TempDir
    static Path home;
    static Path root;
    static int port;
    static LabProcess lab;
    static String password;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        root = LabUnderTest.distribution().getParent().getParent().getParent();
        port = LabUnderTest.freePort();
        TestSigning.trustIn(home); // as an admin would with `neurolab trust add` before hot-installing drivers
        lab = LabProcess.start(root, home, port);
        String banner = lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(240));
        System.out.println("launcher: " + banner);
        Matcher m = PASSWORD.matcher(String.join("\n", lab.lines));
        assertTrue(m.find(), "the first start prints the admin password: " + lab.lines);
        password = m.group(1);
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.process.destroyForcibly();
    }

    @Test
    @Order(1)
    void web_console_has_no_default_password_and_stores_only_a_hash() throws Exception {
        assertEquals(401, get("/system/console/bundles", null).statusCode());
        assertEquals(401, get("/system/console/bundles", "admin:admin").statusCode(), "admin/admin must not work");
        assertEquals(200, get("/system/console/bundles", "admin:" + password).statusCode());
        String stored = Files.readString(home.resolve("data/security/admin.credential"));
        assertTrue(stored.startsWith("pbkdf2-sha256$"), stored);
        assertFalse(stored.contains(password), "the password itself is not stored");
    }

    @Test
    @Order(2)
    void web_console_refuses_cross_site_changes() throws Exception {
        HttpRequest forged = HttpRequest.newBuilder(uri("/system/console/bundles/0")).header("Authorization", basic("admin:" + password))
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=refreshPackages")).build();
        assertEquals(403, http.send(forged, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest own = HttpRequest.newBuilder(uri("/system/console/bundles/0")).header("Authorization", basic("admin:" + password))
                .header("Origin", "http://127.0.0.1:" + port).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=refreshPackages")).build();
        assertEquals(200, http.send(own, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    @Order(3)
    void bundles_lists_the_running_lab() throws Exception {
        Cli out = cli("bundles");
        assertEquals(0, out.exit, out.text);
        assertTrue(out.text.matches("(?s).*ACTIVE\\s+2\\s+org\\.neurolab\\.control .*"), out.text);
    }

    @Test
    @Order(4)
    void install_hot_installs_a_driver_and_reports_it_active() throws Exception {
        Path example;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            example = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow(); // examples/ holds more
        }
        Cli unsigned = cli("install", example.toString());
        assertEquals(1, unsigned.exit, unsigned.text);
        assertTrue(unsigned.text.startsWith("REFUSED") && unsigned.text.contains("unsigned"), unsigned.text);
        assertFalse(Files.exists(home.resolve("deploy").resolve(example.getFileName())), "a refused jar never reaches deploy/");
        // from a folder whose name has a space: the CLI quotes the path, the lab reads it back whole
        Path signed = TestSigning.signed(example, Files.createDirectories(home.resolve("build/my drivers")));
        Cli out = cli("install", signed.toString());
        assertEquals(0, out.exit, out.text);
        assertTrue(out.text.startsWith("OK org.neurolab.driver.example"), out.text);
        assertTrue(out.text.contains("ACTIVE"), out.text);
        System.out.println("neurolab install: " + out.text.trim());
    }

    @Test
    @Order(5)
    void install_of_a_corrupt_jar_fails_with_the_reason() throws Exception {
        Path garbage = home.resolve("garbage.jar");
        Files.writeString(garbage, "not a zip");
        Cli out = cli("install", garbage.toString());
        assertEquals(1, out.exit, out.text);
        assertTrue(out.text.contains("not a valid jar"), out.text);
        assertFalse(Files.exists(home.resolve("deploy/garbage.jar")), "a refused jar never reaches deploy/");
    }

    @Test
    @Order(5)
    void trust_lists_adds_and_removes_signers_and_install_takes_only_what_a_trusted_key_signed() throws Exception {
        Cli list = cli("trust", "list");
        assertEquals(0, list.exit, list.text);
        assertTrue(list.text.contains(TestSigning.ALIAS) && list.text.contains("SHA-256"), list.text);

        org.neurolab.runtime.trust.TestKeys vendor = org.neurolab.runtime.trust.TestKeys.create("CLI Vendor");
        Path example;
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            example = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
        Path own = TestBundles.withHeaders(example, home.resolve("build/vendor-driver.jar"), Map.of("Bundle-SymbolicName", "org.neurolab.itest.vendor"));
        Path signed = vendor.sign(own, home.resolve("build/vendor-driver-signed.jar"));
        Cli wrong = cli("install", signed.toString());
        assertEquals(1, wrong.exit, wrong.text);
        assertTrue(wrong.text.startsWith("REFUSED") && wrong.text.contains("untrusted key") && wrong.text.contains("CN=CLI Vendor"), wrong.text);
        assertFalse(Files.exists(home.resolve("deploy/vendor-driver-signed.jar")), "nothing reached deploy/");

        Path pem = vendor.writePem(home.resolve("build/cli-vendor.pem"));
        Cli add = cli("trust", "add", pem.toString(), "--alias", "cli-vendor");
        assertEquals(0, add.exit, add.text);
        assertTrue(add.text.startsWith("OK trusted 'cli-vendor'"), add.text);
        assertEquals(2, cli("trust", "add", pem.toString(), "--alias", "again").exit, "the same certificate twice");
        Cli ok = cli("install", signed.toString());
        assertEquals(0, ok.exit, ok.text);
        assertTrue(ok.text.startsWith("OK org.neurolab.itest.vendor") && ok.text.contains("ACTIVE"), ok.text);

        Cli removed = cli("trust", "remove", "cli-vendor");
        assertEquals(0, removed.exit, removed.text);
        assertTrue(removed.text.contains("still running") && removed.text.contains("org.neurolab.itest.vendor"), removed.text);
        assertTrue(cli("bundles").text.matches("(?s).*ACTIVE\\s+3\\s+org\\.neurolab\\.itest\\.vendor .*"), "removing a key uninstalls nothing");
        Cli again = cli("trust", "remove", "cli-vendor");
        assertEquals(1, again.exit, again.text);
        assertTrue(again.text.contains("no certificate 'cli-vendor'"), again.text);
        lab.awaitLine("removed 'cli-vendor'", Duration.ofSeconds(10)); // the lab's log says who
        assertTrue(lab.lines.stream().anyMatch(l -> l.contains("added 'cli-vendor'") && l.contains("(neurolab CLI)")), "logged with who");
    }

    @Test
    @Order(6)
    void script_runs_an_experiment_through_the_default_lab_with_its_ethics_guard() throws Exception {
        Path ok = Files.writeString(home.resolve("short.js"), """
                const o = lab.organoids()[0];
                lab.log('on', o);
                lab.stimulate(o, [lab.electrodes(o)[0]], 5);
                lab.wait(300);
                lab.result('organoid', o);
                """);
        // the default lab enforces reservations: book the cultures first (same default CLI user as `script`)
        Instant now = Instant.now();
        for (String organoid : List.of("sim-mea0-o1", "sim-mea0-o2")) {
            Cli booked = cli("book", organoid, now.toString(), now.plus(Duration.ofMinutes(30)).toString(), "--zone", "Europe/Zurich");
            assertEquals(0, booked.exit, booked.text);
            assertTrue(booked.text.contains("booked reservation") && booked.text.contains("[Europe/Zurich]"), booked.text);
        }
        Cli noZone = cli("book", "sim-mea0-o3", "2030-01-01T10:00", "2030-01-01T11:00");
        assertEquals(2, noZone.exit, noZone.text);
        assertTrue(noZone.text.contains("has no time zone"), noZone.text);
        Cli list = cli("reservations");
        assertTrue(list.text.contains("sim-mea0-o1") && list.text.contains("sim-mea0-o2"), list.text);
        Cli run = cli("script", ok.toString(), "--organoid", "sim-mea0-o1");
        assertEquals(0, run.exit, run.text);
        assertTrue(run.text.contains("SUCCEEDED") && run.text.contains("result organoid = sim-mea0-o1"), run.text);
        Path over = Files.writeString(home.resolve("over.js"), "lab.stimulate(lab.organoids()[0], [8], 5, {phaseUs: 1000});\n");
        Cli refused = cli("script", over.toString(), "--organoid", "sim-mea0-o1");
        assertEquals(1, refused.exit, refused.text);
        assertTrue(refused.text.contains("refused by ethics") && refused.text.contains("stim.charge-per-phase"), refused.text);
        System.out.println("neurolab script (over limit): " + refused.text.lines().filter(l -> l.startsWith("error")).findFirst().orElse(""));
    }

    @Test
    @Order(7)
    void the_labs_scripts_folder_starts_with_the_examples_and_is_hot_reloaded() throws Exception {
        assertTrue(Files.exists(home.resolve("scripts/amplitude_sweep.py")), "a new lab gets the example experiments");
        Files.writeString(home.resolve("scripts/hello.py"), "lab.result('version', 1)\n");
        LabUnderTest.await("hello.py picked up", Duration.ofSeconds(20),
                () -> run("hello.py").text.contains("result version = 1"));
        Files.writeString(home.resolve("scripts/hello.py"), "lab.result('version', 2)\n");
        LabUnderTest.await("the new version used by the next run", Duration.ofSeconds(20),
                () -> run("hello.py").text.contains("result version = 2"));
        Files.writeString(home.resolve("scripts/hello.py"), "lab.result('version', 3\n");
        Thread.sleep(1_000);
        assertTrue(run("hello.py").text.contains("result version = 2"), "a version that does not parse is not taken");
    }

    private static Cli run(String scriptName) {
        try {
            return cli("script", scriptName, "--organoid", "sim-mea0-o2");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(9)
    void repeated_wrong_passwords_are_throttled() throws Exception {
        for (int i = 0; i < 5; i++) assertEquals(401, get("/system/console/bundles", "admin:wrong-" + i).statusCode());
        assertEquals(429, get("/system/console/bundles", "admin:" + password).statusCode(), "even the right password waits");
    }

    @Test
    @Order(10)
    void ctrl_c_stops_every_bundle_and_a_restart_keeps_the_credential() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(60, TimeUnit.SECONDS), "the lab stops after Ctrl-C");
        assertTrue(lab.lines.stream().anyMatch(l -> l.contains("NeuroLab stopping")), lab.lines.toString());
        assertFalse(Files.exists(home.resolve("data/neurolab.sock")), "the management socket is removed");

        lab = LabProcess.start(root, home, port);
        lab.awaitLine("NeuroLab OS ready", Duration.ofSeconds(240));
        assertFalse(lab.lines.stream().anyMatch(l -> l.contains("Password:")), "the password is printed only once");
        Cli out = cli("bundles");
        assertTrue(out.text.contains("org.neurolab.driver.example"), "the deployed driver comes back: " + out.text);

        // `kill <launcher pid>` (SIGTERM) stops the lab as Ctrl-C does: the launcher exec's the JVM, no child is left serving
        assertEquals(0, lab.process.descendants().count(), "the launcher's pid is the lab's JVM, with no child process: "
                + lab.process.descendants().map(h -> h.info().command().orElse("?")).toList());
        int before = lab.lines.size();
        new ProcessBuilder("kill", Long.toString(lab.process.pid())).start().waitFor();
        assertTrue(lab.process.waitFor(60, TimeUnit.SECONDS), "the lab stops after kill <pid>");
        assertTrue(lab.lines.subList(before, lab.lines.size()).stream().anyMatch(l -> l.contains("NeuroLab stopping")), "its bundles were stopped cleanly");
        assertThrows(IOException.class, () -> get("/system/console/bundles", null), "nothing serves on the port any more");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    record Cli(int exit, String text) {
    }

    static Cli cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("neurolab").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", home.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NEUROLAB_NO_BUILD", "1");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cli(p.exitValue(), text);
    }

    static HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (credentials != null) b.header("Authorization", basic(credentials));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** `./neurolab run` in its own process, its output collected line by line. */
    static final class LabProcess {
        final Process process;
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

        private LabProcess(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        static LabProcess start(Path root, Path home, int port, String... more) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("neurolab").toString(), "run", "--port", Integer.toString(port), "--home",
                    home.toString()));
            cmd.addAll(List.of(more));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("NEUROLAB_NO_BUILD", "1");
            pb.environment().remove("NEUROLAB_ADMIN_PASSWORD");
            return new LabProcess(pb.start());
        }

        /** The first line printed so far, or until the timeout, that contains {@code fragment} (output order between threads is not promised). */
        String awaitLine(String fragment, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    for (String line : lines) if (line.contains(fragment)) return line;
                }
                if (queue.poll(200, TimeUnit.MILLISECONDS) == null && !process.isAlive()) break;
            }
            synchronized (lines) {
                for (String line : lines) if (line.contains(fragment)) return line;
            }
            throw new AssertionError("no line containing '" + fragment + "' within " + timeout + "; output: " + lines);
        }
    }
}
