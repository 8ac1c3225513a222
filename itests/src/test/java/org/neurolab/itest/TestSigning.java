package org.neurolab.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.neurolab.runtime.trust.TestKeys;

/**
 * The test labs' signing key. Every lab the tests start trusts it (its certificate is put into the home's trust store
 * before the start), and jars the tests drop into deploy/ are signed with it, so the tests run the production mode:
 * signed bundles only. One key per test JVM.
 */
final class TestSigning {
    static final String ALIAS = "neurolab-itest";
    static final TestKeys KEY = TestKeys.create("NeuroLab integration tests");

    private TestSigning() {
    }

    static void trustIn(Path home) throws IOException {
        KEY.trustIn(home, ALIAS);
    }

    /** A signed copy of {@code jar} beside it (or in {@code dir}), when it is a jar the signer can read; else the jar itself. */
    static Path signed(Path jar, Path dir) throws IOException {
        if (!isZipWithManifest(jar)) return jar; // garbage and plain files stay what they are: the tests of refusals use them
        Files.createDirectories(dir);
        Path out = dir.resolve("signed-" + jar.getFileName());
        // a jar of a manifest alone names no signer (the lab refuses it): such test bundles get a note to sign
        Path source = hasContent(jar) ? jar : withNote(jar, dir.resolve("content-" + jar.getFileName()));
        return KEY.sign(source, out);
    }

    private static boolean hasContent(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().anyMatch(e -> !e.isDirectory() && !e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME));
        }
    }

    private static Path withNote(Path jar, Path out) throws IOException {
        try (JarFile in = new JarFile(jar.toFile());
             java.util.jar.JarOutputStream o = new java.util.jar.JarOutputStream(Files.newOutputStream(out), in.getManifest())) {
            o.putNextEntry(new java.util.jar.JarEntry("META-INF/neurolab-itest.txt"));
            o.write("a test bundle, signed by the integration tests' key\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            o.closeEntry();
        }
        return out;
    }

    private static boolean isZipWithManifest(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest() != null;
        } catch (IOException e) {
            return false;
        }
    }
}
