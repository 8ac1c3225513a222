package org.neurolab.runtime.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployGateTest {
    @TempDir
    static Path dir;
    static TestKeys lab;
    static TestKeys stranger;
    static BundleSignatureVerifier verifier;
    static Path unsigned;

    @BeforeAll
    static void setUp() throws IOException {
        lab = TestKeys.create("Lab");
        stranger = TestKeys.create("Stranger");
        TrustedSigners store = new TrustedSigners(dir.resolve("store"));
        store.add(lab.pem().getBytes(StandardCharsets.US_ASCII), "lab");
        verifier = new BundleSignatureVerifier(store);
        unsigned = TestJars.bundle(dir.resolve("driver.jar"), "org.example.driver", Map.of("org/example/A.class", "a"));
    }

    @Test
    void a_trusted_jar_is_handed_on_as_the_verified_copy_and_an_unsigned_one_not_at_all_logged_once_per_version() throws IOException {
        List<String> log = new ArrayList<>();
        DeployGate gate = new DeployGate(verifier, false, log::add);
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Path signed = lab.sign(unsigned, deploy.resolve("signed.jar"));
        File copy = gate.transform(signed.toFile(), dir.resolve("tmp").toFile());
        assertNotNull(copy);
        assertFalse(copy.toPath().equals(signed), "FileInstall installs the copy that was verified, not the file that may change meanwhile");
        assertEquals(-1, Files.mismatch(copy.toPath(), signed));
        assertEquals("lab", gate.acceptedAs(signed).orElseThrow().alias());

        Path bad = Files.copy(unsigned, deploy.resolve("bad.jar"));
        assertNull(gate.transform(bad.toFile(), dir.resolve("tmp").toFile()));
        assertNull(gate.transform(bad.toFile(), dir.resolve("tmp").toFile()));
        assertEquals(1, log.size(), "one line per version: " + log);
        assertTrue(log.get(0).contains("deploy/bad.jar") && log.get(0).contains("unsigned"), log.get(0));
        assertTrue(gate.refusalOf(bad).orElseThrow().startsWith("unsigned"));

        Files.setLastModifiedTime(bad, FileTime.fromMillis(Files.getLastModifiedTime(bad).toMillis() + 5_000));
        assertTrue(gate.refusalOf(bad).isEmpty(), "a newer version is not judged by the old one's refusal");
        assertNull(gate.transform(bad.toFile(), dir.resolve("tmp").toFile()));
        assertEquals(2, log.size(), "a new version is logged again");
    }

    @Test
    void development_mode_accepts_unsigned_and_untrusted_but_never_a_broken_signature() throws IOException {
        DeployGate dev = new DeployGate(verifier, true, s -> { });
        assertTrue(dev.judge(verifier.verify(unsigned)).isEmpty());
        assertTrue(dev.judge(verifier.verify(stranger.sign(unsigned, dir.resolve("stranger.jar")))).isEmpty());
        Path signed = lab.sign(unsigned, dir.resolve("dev-signed.jar"));
        Path tampered = TestJars.rewrite(signed, dir.resolve("dev-tampered.jar"),
                (n, b) -> n.equals("org/example/A.class") ? "b".getBytes(StandardCharsets.UTF_8) : b, Map.of());
        assertTrue(dev.judge(verifier.verify(tampered)).orElseThrow().startsWith("tampered"));

        DeployGate production = new DeployGate(verifier, false, s -> { });
        assertTrue(production.judge(verifier.verify(unsigned)).orElseThrow().contains("docs/drivers.md"), "the refusal says how to sign");
    }

    @Test
    void trusting_a_key_makes_the_gate_look_again_at_the_refused_jars_it_signed_and_only_those() throws IOException {
        DeployGate gate = new DeployGate(verifier, false, s -> { });
        Path deploy = Files.createDirectories(dir.resolve("deploy-again"));
        Path byStranger = stranger.sign(unsigned, deploy.resolve("stranger.jar"));
        Path plain = Files.copy(unsigned, deploy.resolve("plain.jar"));
        for (Path p : List.of(byStranger, plain)) assertNull(gate.transform(p.toFile(), dir.resolve("tmp").toFile()));
        long before = Files.getLastModifiedTime(byStranger).toMillis();
        assertEquals(List.of("stranger.jar"), gate.reconsiderSignedBy(stranger.certificate()));
        assertTrue(Files.getLastModifiedTime(byStranger).toMillis() > before, "a new time: FileInstall sees a changed file");
        assertTrue(gate.refusalOf(byStranger).isEmpty(), "no longer reported as refused: it is being picked up");
        assertTrue(gate.refusalOf(plain).isPresent());
    }

    @Test
    void a_refused_jar_in_place_of_a_running_bundle_hands_back_its_last_accepted_version_and_a_new_file_gets_nothing() throws IOException {
        Path deploy = Files.createDirectories(dir.resolve("deploy-replace"));
        Path file = deploy.resolve("driver.jar");
        java.util.Set<Path> installed = new java.util.HashSet<>();
        DeployGate gate = new DeployGate(verifier, false, s -> { }, installed::contains);
        lab.sign(unsigned, file);
        byte[] good = Files.readAllBytes(file);
        assertNotNull(gate.transform(file.toFile(), dir.resolve("tmp").toFile()));
        installed.add(file.toAbsolutePath().normalize());

        Files.copy(unsigned, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        File back = gate.transform(file.toFile(), dir.resolve("tmp").toFile());
        assertNotNull(back, "FileInstall gets something to keep the bundle");
        assertEquals(-1, Files.mismatch(back.toPath(), writeTemp(good)), "the last accepted bytes");
        assertTrue(gate.refusalOf(file).isPresent(), "the refusal is reported");

        installed.clear(); // deleted meanwhile: the same name again is a new file, and a refused one gets nothing
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        assertNull(gate.transform(file.toFile(), dir.resolve("tmp").toFile()));
    }

    private static Path writeTemp(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "expected-", ".jar"), bytes);
    }

    @Test
    void only_jars_go_through_the_gate() throws IOException {
        DeployGate gate = new DeployGate(verifier, false, s -> { });
        assertTrue(gate.canHandle(unsigned.toFile()));
        assertFalse(gate.canHandle(Files.writeString(dir.resolve("org.neurolab.x.cfg"), "a=1").toFile()));
    }
}
