package org.neurolab.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neurolab.runtime.BundleReport;
import org.neurolab.runtime.trust.TestKeys;
import org.osgi.framework.Bundle;

/**
 * Only code signed by a key of the lab's trust store is installed, by deploy/ and by REST upload (`neurolab install`:
 * LauncherIT); the trust store is managed by admins over REST. Hostile jars: unsigned, signed by a stranger, tampered
 * after signing, extended by an unsigned entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustIT extends LabTestBase {
    static final Duration PICKUP = Duration.ofSeconds(30);
    static Map<String, ApiClient> as;
    static TestKeys stranger;
    static Path example;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        lab = ConsoleLab.start(home);
        as = ConsoleLab.withRoleAccounts(lab.httpPort);
        stranger = TestKeys.create("Stranger Devices");
        work = Files.createDirectories(home.resolve("build"));
        try (Stream<Path> s = Files.list(LabUnderTest.distribution().resolve("examples"))) {
            example = s.filter(p -> p.getFileName().toString().startsWith("neurolab-driver-example")).findFirst().orElseThrow();
        }
    }

    /** A small bundle of its own symbolic name, so that each case is its own bundle. */
    static Path bundle(String name) throws Exception {
        return TestBundles.withHeaders(example, work.resolve(name + ".jar"), Map.of("Bundle-SymbolicName", "org.neurolab.itest.trust." + name));
    }

    static Path tampered(Path signed, String name) throws Exception {
        // one class replaced after signing, the signature files kept: what a tamperer with write access to the jar does
        Path out = signed.resolveSibling(name + ".jar");
        try (var in = new java.util.zip.ZipFile(signed.toFile()); var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            boolean changed = false;
            for (var en = in.entries(); en.hasMoreElements(); ) {
                var e = en.nextElement();
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (!changed && e.getName().endsWith(".class")) {
                    bytes[bytes.length - 1] ^= 1;
                    changed = true;
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
            assertTrue(changed, "the example driver has a class to change");
        }
        return out;
    }

    static String rejection(String file) throws InterruptedException {
        return LabUnderTest.awaitValue(file + " reported refused", PICKUP, () -> lab.report().rejected().stream()
                .filter(r -> r.file().equals(file) && r.problem().startsWith("refused")).map(BundleReport.Rejected::problem).findFirst().orElse(null));
    }

    @Test
    @Order(1)
    void deploy_folder_refuses_unsigned_stranger_signed_and_tampered_jars_with_the_reason_and_installs_nothing() throws Exception {
        int before = lab.system().getBundles().length;
        lab.dropAsIs(bundle("unsigned"), "unsigned.jar");
        lab.dropAsIs(stranger.sign(bundle("stranger"), work.resolve("stranger-signed.jar")), "stranger.jar");
        lab.dropAsIs(tampered(lab.signed(bundle("tampered")), "tampered"), "tampered.jar");

        assertTrue(rejection("unsigned.jar").contains("unsigned"), rejection("unsigned.jar"));
        assertTrue(rejection("stranger.jar").contains("untrusted key") && rejection("stranger.jar").contains("CN=Stranger Devices"), rejection("stranger.jar"));
        assertTrue(rejection("tampered.jar").contains("tampered"), rejection("tampered.jar"));
        Thread.sleep(1_000); // several polls: refused files stay refused and are not retried into the framework
        assertEquals(before, lab.system().getBundles().length, "nothing was installed");
        assertTrue(BundleReport.format(lab.report()).contains("REJECTED         deploy/stranger.jar"), "`neurolab bundles` lists them");
        for (String f : new String[] {"unsigned.jar", "stranger.jar", "tampered.jar"}) Files.delete(lab.deploy().resolve(f));
    }

    /** A jar of 0.3 MB whose manifest inflates to 256 MiB: what a hostile upload or drop looks like. */
    static Path manifestBomb(String name) throws Exception {
        Path bomb = work.resolve(name + ".jar");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            out.setLevel(9);
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
            out.write(("Manifest-Version: 1.0\r\nBundle-SymbolicName: org.neurolab.itest.trust." + name + "\r\nX-Pad: ").getBytes(StandardCharsets.US_ASCII));
            byte[] pad = new byte[1 << 20];
            java.util.Arrays.fill(pad, (byte) 'a');
            for (int i = 0; i < 256; i++) out.write(pad);
            out.closeEntry();
        }
        return bomb;
    }

    @Test
    @Order(2)
    void a_manifest_bomb_is_refused_at_once_by_the_deploy_folder_and_by_upload_and_the_lab_goes_on() throws Exception {
        int before = lab.system().getBundles().length;
        Path dropped = manifestBomb("bomb-drop"), uploaded = manifestBomb("bomb-up");
        long t0 = System.nanoTime();
        lab.dropAsIs(dropped, "bomb-drop.jar");
        assertTrue(rejection("bomb-drop.jar").contains("manifest bomb"), rejection("bomb-drop.jar"));
        System.out.printf("manifest bomb in deploy/: refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        ApiClient.Response up = as.get("operator").send("POST", "/api/bundles?name=bomb-up.jar", HttpRequest.BodyPublishers.ofFile(uploaded),
                "application/java-archive");
        long uploadMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("manifest bomb uploaded: %d in %d ms%n", up.status(), uploadMillis);
        assertTrue(up.status() >= 400 && up.status() < 500, "a 4xx: " + up);
        assertEquals(before, lab.system().getBundles().length, "nothing was installed");
        Files.delete(lab.deploy().resolve("bomb-drop.jar"));
        assertEquals(200, as.get("operator").get("/api/health").status(), "the lab answers as before");
    }

    @Test
    @Order(3)
    void deploy_folder_installs_a_jar_signed_by_a_trusted_key_and_starts_it() throws Exception {
        lab.drop(bundle("signed"), "signed.jar"); // drop signs with the tests' trusted key
        LabUnderTest.await("signed bundle ACTIVE", PICKUP, () -> {
            Bundle b = lab.bundle("org.neurolab.itest.trust.signed");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
    }

    @Test
    @Order(4)
    void upload_refuses_unsigned_and_stranger_signed_jars_with_422_and_the_reason_and_nothing_reaches_deploy() throws Exception {
        ApiClient olga = as.get("operator");
        ApiClient.Response unsigned = olga.send("POST", "/api/bundles?name=up-unsigned.jar", HttpRequest.BodyPublishers.ofFile(bundle("up-unsigned")),
                "application/java-archive");
        assertEquals(422, unsigned.status(), unsigned.toString());
        assertTrue(unsigned.json().get("error").asText().contains("unsigned"), unsigned.toString());
        Path strangerJar = stranger.sign(bundle("up-stranger"), work.resolve("up-stranger-signed.jar"));
        ApiClient.Response wrong = olga.send("POST", "/api/bundles?name=up-stranger.jar", HttpRequest.BodyPublishers.ofFile(strangerJar), "application/java-archive");
        assertEquals(422, wrong.status(), wrong.toString());
        assertTrue(wrong.json().get("error").asText().contains("untrusted key"), wrong.toString());
        assertFalse(Files.exists(lab.deploy().resolve("up-unsigned.jar")));
        assertFalse(Files.exists(lab.deploy().resolve("up-stranger.jar")));
        assertEquals(null, lab.bundle("org.neurolab.itest.trust.up-stranger"));
    }

    @Test
    @Order(5)
    void upload_of_a_trusted_signed_jar_is_installed_and_active() throws Exception {
        ApiClient.Response up = as.get("operator").send("POST", "/api/bundles?name=up-signed.jar",
                HttpRequest.BodyPublishers.ofFile(lab.signed(bundle("up-signed"))), "application/java-archive");
        assertEquals(202, up.status(), up.toString());
        assertTrue(up.json().get("signature").asText().contains(TestSigning.ALIAS), up.toString());
        LabUnderTest.await("uploaded bundle ACTIVE", PICKUP, () -> {
            Bundle b = lab.bundle("org.neurolab.itest.trust.up-signed");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
    }

    @Test
    @Order(6)
    void admins_manage_the_trust_store_and_removing_a_key_reports_but_does_not_uninstall_its_bundles() throws Exception {
        ApiClient admin = as.get("admin");
        assertEquals(403, as.get("operator").get("/api/security/trust").status(), "operators do not manage trust");
        JsonNode list = admin.get("/api/security/trust").json();
        assertFalse(list.get("devMode").asBoolean());
        assertTrue(list.get("signers").toString().contains(TestSigning.ALIAS), list.toString());

        // dropped before its signer is trusted: refused; trusting the key makes the lab look at it again
        lab.dropAsIs(stranger.sign(bundle("now-trusted"), work.resolve("now-trusted-signed.jar")), "now-trusted.jar");
        assertTrue(rejection("now-trusted.jar").contains("untrusted key"));
        String body = "{\"alias\":\"stranger\",\"pem\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(stranger.pem()) + "}";
        ApiClient.Response added = admin.post("/api/security/trust", body);
        assertEquals(201, added.status(), added.toString());
        assertEquals(409, admin.post("/api/security/trust", body).status(), "the same alias twice");
        assertEquals(400, admin.post("/api/security/trust", "{\"pem\":\"not a certificate\"}").status());

        assertTrue(added.json().get("reconsidered").toString().contains("deploy/now-trusted.jar"), added.toString());
        LabUnderTest.await("stranger-signed bundle ACTIVE once trusted", PICKUP, () -> {
            Bundle b = lab.bundle("org.neurolab.itest.trust.now-trusted");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        ApiClient.Response removed = admin.delete("/api/security/trust/stranger");
        assertEquals(200, removed.status(), removed.toString());
        assertTrue(removed.json().get("stillRunning").toString().contains("org.neurolab.itest.trust.now-trusted"), removed.toString());
        assertEquals(Bundle.ACTIVE, lab.bundle("org.neurolab.itest.trust.now-trusted").getState(), "removing a key uninstalls nothing");
        assertEquals(404, admin.delete("/api/security/trust/stranger").status());
        String audit = Files.readString(home.resolve("data/security/console-audit.jsonl"), StandardCharsets.UTF_8);
        assertTrue(audit.contains("trust.add") && audit.contains("trust.remove"), "both changes are in the console's audit");
    }

    @Test
    @Order(7)
    void health_says_production_mode() {
        JsonNode h = as.get("researcher").get("/api/health").json();
        assertFalse(h.get("devMode").asBoolean(), h.toString());
    }

    @Test
    @Order(8)
    void the_felix_web_console_installs_and_updates_nothing_even_for_an_admin() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ConsoleLab.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String origin = "http://127.0.0.1:" + lab.httpPort;
        String multipart = "--x\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ninstall\r\n--x\r\n"
                + "Content-Disposition: form-data; name=\"bundlefile\"; filename=\"evil.jar\"\r\nContent-Type: application/java-archive\r\n\r\nPK\r\n--x--\r\n";
        var install = HttpRequest.newBuilder(java.net.URI.create(origin + "/system/console/bundles")).header("Authorization", basic).header("Origin", origin)
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofString(multipart)).build();
        var r = http.send(install, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        long id = lab.bundle("org.neurolab.itest.trust.signed").getBundleId();
        var update = HttpRequest.newBuilder(java.net.URI.create(origin + "/system/console/bundles/" + id)).header("Authorization", basic).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=update")).build();
        assertEquals(403, http.send(update, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        var refresh = HttpRequest.newBuilder(java.net.URI.create(origin + "/system/console/bundles/0")).header("Authorization", basic).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=refreshPackages")).build();
        assertEquals(200, http.send(refresh, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode(), "other actions still work");
    }

    @Test
    @Order(9)
    void an_unsigned_jar_put_in_place_of_a_running_bundle_by_hand_leaves_the_running_version() throws Exception {
        String bsn = "org.neurolab.itest.trust.replaced";
        Path original = bundle("replaced");
        lab.drop(original, "replaced.jar");
        LabUnderTest.await("bundle ACTIVE", PICKUP, () -> lab.bundle(bsn) != null && lab.bundle(bsn).getState() == Bundle.ACTIVE);
        String version = lab.bundle(bsn).getVersion().toString();
        long id = lab.bundle(bsn).getBundleId();

        lab.dropAsIs(TestBundles.withHeaders(original, work.resolve("replaced-v9.jar"), Map.of("Bundle-Version", "9.0.0")), "replaced.jar");
        BundleReport.Row row = LabUnderTest.awaitValue("the refusal reported on the running bundle", PICKUP, () -> lab.report().bundles().stream()
                .filter(r -> r.symbolicName().equals(bsn) && r.problem().contains("refused")).findFirst().orElse(null));
        assertTrue(row.problem().contains("unsigned") && row.problem().contains("last accepted version runs"), row.problem());
        LabUnderTest.await("bundle ACTIVE again", PICKUP, () -> lab.bundle(bsn) != null && lab.bundle(bsn).getState() == Bundle.ACTIVE);
        assertEquals(version, lab.bundle(bsn).getVersion().toString(), "the running version stays");
        assertEquals(id, lab.bundle(bsn).getBundleId(), "the same bundle, not uninstalled");
    }
}
