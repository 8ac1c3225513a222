package org.neurolab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeUnitTest {
    @TempDir
    Path dir;

    @Test
    void graal_module_versions_become_osgi_versions() {
        assertEquals("25.0.1", PolyglotExports.osgiVersion("25.0.1"));
        assertEquals("25.0.0", PolyglotExports.osgiVersion("25"));
        assertEquals("25.0.4", PolyglotExports.osgiVersion("25.0.4.1"));
    }

    @Test
    void files_that_cannot_be_bundles_are_explained() throws Exception {
        Path garbage = Files.writeString(dir.resolve("g.jar"), "hello");
        assertTrue(BundleReport.whyNotABundle(garbage).startsWith("not a valid jar"));
        assertTrue(BundleReport.whyNotABundle(jar("plain.jar", Map.of())).contains("no Bundle-SymbolicName"));
        assertNull(BundleReport.whyNotABundle(jar("b.jar", Map.of("Bundle-SymbolicName", "x"))));
        var rejected = BundleReport.rejectedFiles(dir, Set.of(dir.resolve("b.jar").toAbsolutePath().normalize()));
        assertEquals(2, rejected.size(), rejected.toString());
    }

    @Test
    void settings_reject_impossible_ports() {
        assertThrows(IllegalArgumentException.class, () -> new LabSettings("127.0.0.1", 70_000, Set.of(), Map.of()));
    }

    private Path jar(String name, Map<String, String> headers) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(mf.getMainAttributes()::putValue);
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(os, mf)) {
            j.flush();
        }
        return p;
    }
}
