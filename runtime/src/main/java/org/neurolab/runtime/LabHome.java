package org.neurolab.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are. The distribution (read-only: boot jars, bundles, Graal) is laid out by the build; the
 * lab home holds what the lab writes: {@code deploy/} for hot-installed bundles and configuration,
 * {@code data/} for the framework cache, ConfigAdmin, credentials and recordings.
 */
public record LabHome(Path distribution, Path home) {

    public Path platformBundles() {
        return distribution.resolve("bundles/platform");
    }

    public Path labBundles() {
        return distribution.resolve("bundles/lab");
    }

    public Path examples() {
        return distribution.resolve("examples");
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path frameworkCache() {
        return data().resolve("felix-cache");
    }

    public Path configStore() {
        return data().resolve("config");
    }

    public Path managementSocket() {
        return data().resolve("neurolab.sock");
    }

    /** What a new lab starts with (the simulated rig's configuration), copied into {@code deploy/} on first start. */
    public Path defaults() {
        return distribution.resolve("defaults/deploy");
    }

    /** The lab's experiment scripts, watched by the scripting bundle; a new lab starts with the examples. */
    public Path scripts() {
        return home.resolve("scripts");
    }

    /**
     * On a lab's first start (no {@code deploy/} yet), lays the defaults into {@code deploy/}; afterwards the
     * operators own those files. Returns the files laid.
     */
    public java.util.List<Path> seedDefaultsOnFirstStart() {
        java.util.List<Path> laid = new java.util.ArrayList<>();
        laid.addAll(seed(defaults(), deploy()));
        laid.addAll(seed(distribution.resolve("defaults/scripts"), scripts()));
        return laid;
    }

    private static java.util.List<Path> seed(Path from, Path to) {
        if (Files.exists(to) || !Files.isDirectory(from)) return java.util.List.of();
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            java.util.List<Path> laid = new java.util.ArrayList<>();
            for (Path f : files.sorted().toList()) laid.add(Files.copy(f, to.resolve(f.getFileName())));
            return laid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay the defaults into " + to + ": " + e.getMessage(), e);
        }
    }

    /** Creates the writable folders; the lab's data is private to the user running it. */
    public LabHome prepare() {
        try {
            Files.createDirectories(deploy());
            Files.createDirectories(configStore());
            Files.createDirectories(frameworkCache());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lab's folders under " + home + ": " + e.getMessage(), e);
        }
    }

    /** The distribution this launcher was loaded from: the folder above {@code boot/}. */
    public static Path distributionOfLauncher() {
        try {
            Path jar = Path.of(LabHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path boot = Files.isDirectory(jar) ? jar : jar.getParent();
            return boot.getParent();
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell where the NeuroLab distribution is", e);
        }
    }
}
