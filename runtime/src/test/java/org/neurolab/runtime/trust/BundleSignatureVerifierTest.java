package org.neurolab.runtime.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurolab.runtime.trust.SignatureVerdict.Outcome;

class BundleSignatureVerifierTest {
    static TestKeys lab;
    static TestKeys stranger;
    @TempDir
    static Path dir;
    static TrustedSigners store;
    static BundleSignatureVerifier verifier;
    static Path plain;

    @BeforeAll
    static void keys() throws IOException {
        lab = TestKeys.create("Lab Driver Vendor");
        stranger = TestKeys.create("Stranger");
        store = new TrustedSigners(dir.resolve("trusted-signers"));
        store.add(lab.pem().getBytes(StandardCharsets.US_ASCII), "vendor");
        verifier = new BundleSignatureVerifier(store);
        plain = TestJars.bundle(dir.resolve("plain.jar"), "org.example.driver", Map.of(
                "org/example/Driver.class", "driver code", "META-INF/maven/org.example/driver/pom.properties", "version=1"));
    }

    @Test
    void a_jar_signed_by_a_trusted_key_is_trusted_and_named_by_its_alias() throws IOException {
        SignatureVerdict v = verifier.verify(lab.sign(plain, dir.resolve("signed.jar")));
        assertEquals(Outcome.TRUSTED, v.outcome(), v.reason());
        assertEquals("vendor", v.alias());
        assertEquals(lab.certificate(), v.signer());
    }

    @Test
    void an_unsigned_jar_is_refused_as_unsigned() {
        SignatureVerdict v = verifier.verify(plain);
        assertEquals(Outcome.UNSIGNED, v.outcome());
        assertTrue(v.reason().startsWith("unsigned"), v.reason());
    }

    @Test
    void an_entry_changed_after_signing_is_refused_as_tampered_naming_the_entry() throws IOException {
        Path signed = lab.sign(plain, dir.resolve("to-tamper.jar"));
        Path tampered = TestJars.rewrite(signed, dir.resolve("tampered.jar"),
                (name, bytes) -> name.equals("org/example/Driver.class") ? "evil code".getBytes(StandardCharsets.UTF_8) : bytes, Map.of());
        SignatureVerdict v = verifier.verify(tampered);
        assertEquals(Outcome.BROKEN, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("tampered") && v.reason().contains("org/example/Driver.class"), v.reason());
    }

    @Test
    void a_manifest_header_changed_after_signing_is_refused() throws IOException {
        Path signed = lab.sign(plain, dir.resolve("to-rename.jar"));
        Path renamed = TestJars.rewrite(signed, dir.resolve("renamed.jar"), (name, bytes) -> name.equals("META-INF/MANIFEST.MF")
                ? new String(bytes, StandardCharsets.UTF_8).replace("org.example.driver", "org.neurolab.ethics").getBytes(StandardCharsets.UTF_8) : bytes, Map.of());
        SignatureVerdict v = verifier.verify(renamed);
        assertEquals(Outcome.BROKEN, v.outcome(), v.reason());
    }

    @Test
    void a_jar_signed_by_a_key_the_lab_does_not_trust_is_refused_naming_the_signer() throws IOException {
        SignatureVerdict v = verifier.verify(stranger.sign(plain, dir.resolve("stranger.jar")));
        assertEquals(Outcome.UNTRUSTED, v.outcome());
        assertTrue(v.reason().contains("CN=Stranger") && v.reason().contains(TrustedSigners.fingerprint(stranger.certificate())), v.reason());
        assertEquals(stranger.certificate(), v.signer());
    }

    @Test
    void an_unsigned_entry_added_to_a_signed_jar_is_refused_naming_it() throws IOException {
        Path signed = lab.sign(plain, dir.resolve("to-extend.jar"));
        Path extended = TestJars.rewrite(signed, dir.resolve("extended.jar"), (name, bytes) -> bytes, Map.of("org/example/Backdoor.class", "extra"));
        SignatureVerdict v = verifier.verify(extended);
        assertEquals(Outcome.BROKEN, v.outcome(), v.reason());
        assertTrue(v.reason().startsWith("partly signed") && v.reason().contains("org/example/Backdoor.class"), v.reason());
    }

    @Test
    void a_jar_signed_by_two_signers_is_refused_even_when_one_is_trusted() throws IOException {
        Path once = lab.sign(plain, dir.resolve("once.jar"));
        Path twice = stranger.sign(once, dir.resolve("twice.jar"));
        SignatureVerdict v = verifier.verify(twice);
        assertEquals(Outcome.UNTRUSTED, v.outcome(), v.reason());
        assertTrue(v.reason().contains("2 signers"), v.reason());
    }

    @Test
    void removing_the_key_from_the_store_makes_its_jars_untrusted_at_once() throws IOException {
        TestKeys vendor = TestKeys.create("Short Lived");
        TrustedSigners own = new TrustedSigners(dir.resolve("own-store"));
        own.add(vendor.pem().getBytes(StandardCharsets.US_ASCII), null);
        Path signed = vendor.sign(plain, dir.resolve("short-lived.jar"));
        BundleSignatureVerifier v = new BundleSignatureVerifier(own);
        assertEquals(Outcome.TRUSTED, v.verify(signed).outcome());
        own.remove("Short-Lived");
        assertEquals(Outcome.UNTRUSTED, v.verify(signed).outcome());
    }

    @Test
    void garbage_is_unreadable_not_a_crash() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "not a zip");
        assertEquals(Outcome.UNREADABLE, verifier.verify(garbage).outcome());
    }

    @Test
    void a_manifest_bomb_is_refused_within_a_second_without_reading_it_whole() throws IOException {
        Path bomb = dir.resolve("manifest-bomb.jar");
        try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(bomb))) {
            out.setLevel(9);
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\r\nBundle-SymbolicName: bomb\r\nX-Pad: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] pad = new byte[1 << 20];
            java.util.Arrays.fill(pad, (byte) 'a');
            for (int i = 0; i < 256; i++) out.write(pad); // 256 MiB of one header, well under 1 MB compressed
            out.closeEntry();
        }
        assertTrue(java.nio.file.Files.size(bomb) < 2L << 20, "the bomb is small on disk: " + java.nio.file.Files.size(bomb));
        long t0 = System.nanoTime();
        SignatureVerdict v = verifier.verify(bomb);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(SignatureVerdict.Outcome.UNREADABLE, v.outcome());
        assertTrue(v.reason().contains("manifest bomb"), v.reason());
        assertTrue(seconds < 1, "refused at once, not after inflating it: " + seconds + " s");
    }
}
