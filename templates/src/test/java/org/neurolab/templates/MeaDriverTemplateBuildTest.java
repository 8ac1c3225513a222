package org.neurolab.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MEA driver template builds where a third party would build it: copied out of this repository, with its own pom
 * and nothing else, offline against the api and testkit jars in the local Maven repository. Its build runs the
 * contract kit; the result is a bundle that imports the driver API and packs none of it.
 */
class MeaDriverTemplateBuildTest {
    @TempDir
    Path work;

    @Test
    void the_template_builds_outside_the_repository_and_passes_the_contract_kit() throws Exception {
        Path template = Path.of(System.getProperty("template.dir"));
        Path copy = work.resolve("my-mea-driver");
        copyTree(template, copy);
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        Path log = work.resolve("build.log");
        Process p = new ProcessBuilder(mvn.toString(), "-B", "-ntp", "-o", "-Dmaven.repo.local=" + System.getProperty("local.repository"), "package")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES); // generous: a loaded 2-core machine
        if (!done) p.destroyForcibly();
        String output = Files.readString(log);
        assertTrue(done, "the template's build did not finish in 10 minutes:\n" + tail(output));
        assertEquals(0, p.exitValue(), "the template's build failed:\n" + tail(output));
        java.util.regex.Matcher run = java.util.regex.Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0, .* in org.example.lab.mea.internal.ExampleMeaContractTest").matcher(output);
        assertTrue(run.find() && Integer.parseInt(run.group(1)) >= 10, "the contract kit ran, every test of it:\n" + tail(output));

        Path jar = copy.resolve("target/example-mea-driver-1.0.0-SNAPSHOT.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertEquals("org.example.lab.mea-driver", m.getMainAttributes().getValue("Bundle-SymbolicName"));
            assertTrue(m.getMainAttributes().getValue("Import-Package").contains("org.neurolab.api.driver;version=\"[2."), "imports the driver SPI");
            assertTrue(m.getMainAttributes().getValue("Service-Component").contains("ExampleMeaDriver"), "a DS component");
            List<String> packed = j.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/neurolab/")).toList();
            assertEquals(List.of(), packed, "the lab's API is imported, never packed into the driver");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static String tail(String s) {
        return s.length() <= 6_000 ? s : s.substring(s.length() - 6_000);
    }
}
