package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.runtime.BundleReport;
import org.osgi.framework.Bundle;

/** Development mode: explicit, shown (health, listing), accepting unsigned bundles by deploy/ and upload — but not a broken signature. */
class DevModeIT extends LabTestBase {
    static Path example;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        lab = ConsoleLab.start(home, true);
        work = Files.createDirectories(home.resolve("build"));
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            example = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
    }

    @Test
    void unsigned_bundles_are_accepted_the_mode_is_shown_and_a_tampered_jar_is_still_refused() throws Exception {
        ApiClient admin = ApiClient.anonymous(lab.httpPort).login("admin", ConsoleLab.ADMIN_PASSWORD);
        JsonNode h = admin.get("/api/health").json();
        assertTrue(h.get("devMode").asBoolean(), h.toString());
        assertTrue(h.get("warnings").toString().contains("DEVELOPMENT MODE"), h.toString());
        assertTrue(BundleReport.format(lab.report(), lab.lab.settings().devMode()).startsWith("DEVELOPMENT MODE"), "`neurolab bundles` heads with it");

        Path unsigned = TestBundles.withHeaders(example, work.resolve("dev.jar"), Map.of("Bundle-SymbolicName", "org.neurolab.itest.dev.deploy"));
        lab.dropAsIs(unsigned, "dev.jar");
        Path uploaded = TestBundles.withHeaders(example, work.resolve("dev-up.jar"), Map.of("Bundle-SymbolicName", "org.neurolab.itest.dev.upload"));
        ApiClient.Response up = admin.send("POST", "/api/bundles?name=dev-up.jar", HttpRequest.BodyPublishers.ofFile(uploaded), "application/java-archive");
        assertEquals(202, up.status(), up.toString());
        assertTrue(up.json().get("signature").asText().startsWith("development mode"), up.toString());
        for (String bsn : new String[] {"org.neurolab.itest.dev.deploy", "org.neurolab.itest.dev.upload"})
            LabUnderTest.await(bsn + " ACTIVE in development mode", Duration.ofSeconds(30), () -> {
                Bundle b = lab.bundle(bsn);
                return b != null && b.getState() == Bundle.ACTIVE;
            });

        Path tampered = TrustIT.tampered(lab.signed(TestBundles.withHeaders(example, work.resolve("dev-t.jar"),
                Map.of("Bundle-SymbolicName", "org.neurolab.itest.dev.tampered"))), "dev-tampered");
        lab.dropAsIs(tampered, "dev-tampered.jar");
        String why = LabUnderTest.awaitValue("tampered refused", Duration.ofSeconds(30), () -> lab.report().rejected().stream()
                .filter(r -> r.file().equals("dev-tampered.jar") && r.problem().startsWith("refused")).map(BundleReport.Rejected::problem).findFirst().orElse(null));
        assertTrue(why.contains("tampered"), why);
    }

    @Test
    void the_launcher_says_so_at_start_in_bundles_and_in_status_and_install_takes_an_unsigned_jar_with_a_warning(@TempDir Path cliHome) throws Exception {
        Path root = LabUnderTest.distribution().getParent().getParent().getParent();
        LauncherIT.LabProcess process = LauncherIT.LabProcess.start(root, cliHome, LabUnderTest.freePort(), "--dev-mode");
        try {
            String ready = process.awaitLine("NeuroLab OS ready", Duration.ofSeconds(240));
            assertTrue(ready.contains("DEVELOPMENT MODE"), ready);
            process.awaitLine("DEVELOPMENT MODE: unsigned bundles from deploy/ are accepted", Duration.ofSeconds(5));
            String[] bundles = cli(root, cliHome, "bundles");
            assertTrue(bundles[1].startsWith("DEVELOPMENT MODE"), bundles[1]);
            String[] status = cli(root, cliHome, "status");
            assertTrue(status[1].contains("DEVELOPMENT MODE"), status[1]);
            String[] install = cli(root, cliHome, "install", example.toString());
            assertEquals("0", install[0], install[1]);
            assertTrue(install[1].startsWith("WARNING development mode") && install[1].contains("OK org.neurolab.driver.example"), install[1]);
        } finally {
            process.process.destroy();
            process.process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** {exit code, output} of `./neurolab <args> --home <home>`. */
    private static String[] cli(Path root, Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("neurolab").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", home.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NEUROLAB_NO_BUILD", "1");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), text};
    }
}
