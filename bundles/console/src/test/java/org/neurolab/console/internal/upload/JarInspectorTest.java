package org.neurolab.console.internal.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {
    final JarInspector inspector = new JarInspector(JarInspector.Limits.DEFAULT);

    @TempDir
    Path dir;

    @Test
    void a_bundle_gives_its_name_and_version() throws Exception {
        Path jar = jar("ok.jar", "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.example.probe;singleton:=true\r\nBundle-Version: 1.2.3\r\n\r\n", 0, 0);
        JarInspector.BundleHeader h = inspector.inspect(jar, "ok.jar");
        assertEquals("org.example.probe", h.symbolicName());
        assertEquals("1.2.3", h.version().toString());
    }

    @Test
    void a_manifest_bomb_is_refused_after_reading_its_limit() throws Exception {
        Path jar = jar("mf.jar", null, 64L << 20, 0);
        JarInspector.Refused e = assertThrows(JarInspector.Refused.class, () -> inspector.inspect(jar, "mf.jar"));
        assertTrue(e.tooLarge() && e.getMessage().contains("manifest bomb"), e.getMessage());
    }

    @Test
    void a_zip_bomb_is_refused_by_its_ratio() throws Exception {
        Path jar = jar("zip.jar", "Manifest-Version: 1.0\r\nBundle-SymbolicName: bomb\r\n\r\n", 0, 64L << 20);
        JarInspector.Refused e = assertThrows(JarInspector.Refused.class, () -> inspector.inspect(jar, "zip.jar"));
        assertTrue(e.tooLarge() && e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void a_bomb_whose_directory_lies_about_its_size_is_caught_while_inflating() throws Exception {
        Path jar = jar("liar.jar", "Manifest-Version: 1.0\r\nBundle-SymbolicName: bomb\r\n\r\n", 0, 256L << 20);
        byte[] b = Files.readAllBytes(jar);
        int patched = 0;
        // every central directory header (PK\1\2) of zeros.bin: say it inflates to 1000 bytes
        for (int i = 0; i + 46 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2 && new String(b, i + 46, 9, StandardCharsets.UTF_8).equals("zeros.bin")) {
                java.nio.ByteBuffer.wrap(b, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1000);
                patched++;
            }
        }
        assertEquals(1, patched);
        Files.write(jar, b);
        JarInspector.Refused e = assertThrows(JarInspector.Refused.class, () -> inspector.inspect(jar, "liar.jar"));
        assertTrue(e.tooLarge() && e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void bad_headers_and_non_jars_are_refused_with_what_was_wrong() throws Exception {
        Path badVersion = jar("v.jar", "Manifest-Version: 1.0\r\nBundle-SymbolicName: x\r\nBundle-Version: one.two\r\n\r\n", 0, 0);
        assertTrue(assertThrows(JarInspector.Refused.class, () -> inspector.inspect(badVersion, "v.jar")).getMessage().contains("is not an OSGi version"));
        Path noName = jar("n.jar", "Manifest-Version: 1.0\r\n\r\n", 0, 0);
        assertTrue(assertThrows(JarInspector.Refused.class, () -> inspector.inspect(noName, "n.jar")).getMessage().contains("no Bundle-SymbolicName"));
        Path text = Files.writeString(dir.resolve("t.jar"), "just text");
        String why = assertThrows(JarInspector.Refused.class, () -> inspector.inspect(text, "t.jar")).getMessage();
        assertTrue(why.contains("not a readable jar") && !why.contains("null"), why);
    }

    /** A jar with this manifest (or a manifest padded to {@code manifestPad} bytes) and an entry of {@code zeros} zero bytes. */
    Path jar(String name, String manifest, long manifestPad, long zeros) throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            if (manifest != null) z.write(manifest.getBytes(StandardCharsets.UTF_8));
            else {
                z.write("Manifest-Version: 1.0\r\nBundle-SymbolicName: bomb\r\nX-Pad: ".getBytes(StandardCharsets.UTF_8));
                fill(z, manifestPad, (byte) 'a');
            }
            z.closeEntry();
            if (zeros > 0) {
                z.putNextEntry(new ZipEntry("zeros.bin"));
                fill(z, zeros, (byte) 0);
                z.closeEntry();
            }
        }
        return p;
    }

    static void fill(OutputStream out, long n, byte b) throws IOException {
        byte[] buf = new byte[1 << 20];
        java.util.Arrays.fill(buf, b);
        for (long left = n; left > 0; left -= buf.length) out.write(buf, 0, (int) Math.min(buf.length, left));
    }
}
