package org.neurolab.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds bundle jars for tests: probes from compiled test classes, and variants of built bundles. */
final class TestBundles {
    private TestBundles() {
    }

    /**
     * A bundle holding the named test classes (and their nested classes) with the given manifest headers.
     * Names, not class literals: the test JVM cannot load probe classes, whose API lives only in the lab.
     */
    static Path probe(Path out, Map<String, String> headers, String... classNames) throws IOException {
        Manifest mf = manifest(headers);
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, mf)) {
            for (String className : classNames) {
                Path classFile = testClasses().resolve(className.replace('.', '/') + ".class");
                if (!Files.exists(classFile)) throw new IOException("no compiled test class " + className + " at " + classFile);
                String packageName = className.substring(0, className.lastIndexOf('.'));
                String prefix = className.substring(className.lastIndexOf('.') + 1);
                try (Stream<Path> siblings = Files.list(classFile.getParent())) {
                    for (Path f : siblings.filter(p -> p.getFileName().toString().equals(prefix + ".class")
                            || p.getFileName().toString().startsWith(prefix + "$")).toList()) {
                        jar.putNextEntry(new JarEntry(packageName.replace('.', '/') + "/" + f.getFileName()));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            }
        }
        return out;
    }

    /** A copy of a built bundle with some manifest headers replaced, e.g. a newer Bundle-Version. */
    static Path withHeaders(Path original, Path out, Map<String, String> replaced) throws IOException {
        Files.createDirectories(out.getParent());
        try (JarInputStream in = new JarInputStream(Files.newInputStream(original))) {
            Manifest mf = in.getManifest();
            replaced.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
                    jar.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out;
    }

    static String header(Path jar, String name) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in)) {
            return j.getManifest().getMainAttributes().getValue(name);
        }
    }

    private static Manifest manifest(Map<String, String> headers) {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(a::putValue);
        return mf;
    }

    private static Path testClasses() {
        try {
            return Path.of(TestBundles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
