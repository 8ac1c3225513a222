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
