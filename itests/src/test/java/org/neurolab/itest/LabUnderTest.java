package org.neurolab.itest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.neurolab.runtime.BundleReport;
import org.neurolab.runtime.LabFramework;
import org.neurolab.runtime.LabHome;
import org.neurolab.runtime.LabSettings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** A lab booted from the built distribution in a fresh home folder, as `neurolab run` boots it. */
final class LabUnderTest implements AutoCloseable {
    final Path home;
    final int httpPort;
    final LabFramework lab;

    private LabUnderTest(Path home, int httpPort, LabFramework lab) {
        this.home = home;
        this.httpPort = httpPort;
        this.lab = lab;
    }

    static LabUnderTest start(Path home) throws Exception {
        return start(home, false);
    }

    /**
     * A lab that trusts the tests' signing key ({@link TestSigning}), in production mode unless {@code devMode}: the
     * jars {@link #drop} puts into deploy/ are signed with that key, so the tests exercise signed-only hot install.
     */
    static LabUnderTest start(Path home, boolean devMode) throws Exception {
        int port = freePort();
        LabSettings settings = new LabSettings("127.0.0.1", port, java.util.Set.of("org.neurolab.control"), Map.of(), devMode);
        TestSigning.trustIn(home);
        LabFramework lab = new LabFramework(new LabHome(distribution(), home), settings).start();
        return new LabUnderTest(home, port, lab);
    }

    /**
     * A lab with the scheduling bundle's component running. Labs of the other tests have no
     * {@code org.neurolab.scheduling.cfg} in deploy/, so scheduling stays off and their commands need no booking; the
     * distribution ships that file (enforcement on) and requires the {@code scheduling} guard. {@code config} is the
     * file's content, e.g. {@code "enforceReservations=true\ntickMillis=100\n"}; it is in place before the lab starts.
     */
    static LabUnderTest startWithScheduling(Path home, String config) throws Exception {
        Path deploy = new LabHome(distribution(), home).deploy();
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("org.neurolab.scheduling.cfg"), config);
        return start(home);
    }

    static Path distribution() {
        String dist = System.getProperty("neurolab.dist");
        if (dist == null || !Files.isDirectory(Path.of(dist, "boot")))
            throw new IllegalStateException("the built distribution is missing (neurolab.dist=" + dist + "); build with `mvn install` from the top");
        return Path.of(dist);
    }

    BundleContext system() {
        return lab.systemContext();
    }

    Path deploy() {
        return lab.home().deploy();
    }

    /** Drops a file into deploy/ the way an operator's copy should: complete, in one rename; a jar signed by the tests' trusted key. */
    Path drop(Path jar, String name) throws IOException {
        return dropAsIs(signed(jar), name);
    }

    /** A signed copy of a jar, as a vendor the lab trusts would ship it (for uploads and `neurolab install`). */
    Path signed(Path jar) throws IOException {
        return TestSigning.signed(jar, lab.home().data().resolve("signed-by-tests"));
    }

    /** Drops a file into deploy/ exactly as it is (unsigned stays unsigned). */
    Path dropAsIs(Path jar, String name) throws IOException {
        Path tmp = lab.home().data().resolve(name + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes a configuration into deploy/ in one rename, so FileInstall never reads it half-written. */
    Path dropText(String name, String content) throws IOException {
        Path tmp = lab.home().data().resolve(name + ".part");
        Files.writeString(tmp, content);
        return Files.move(tmp, deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The distribution's default configuration, as `neurolab run` lays it out on a lab's first start, each file in one rename. */
    void dropDefaults() throws IOException {
        try (var defaults = Files.list(distribution().resolve("defaults/deploy"))) {
            for (Path f : defaults.toList()) drop(f, f.getFileName().toString());
        }
    }

    List<ServiceReference<?>> services(String objectClass) {
        try {
            ServiceReference<?>[] refs = system().getAllServiceReferences(objectClass, null);
            return refs == null ? List.of() : Arrays.asList(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    BundleReport.Report report() {
        return lab.bundleReport();
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(system().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            Thread.sleep(20);
        }
    }

    static <T> T awaitValue(String what, Duration timeout, Supplier<T> value) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T v;
        while ((v = value.get()) == null) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            Thread.sleep(20);
        }
        return v;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        lab.close();
    }
}
