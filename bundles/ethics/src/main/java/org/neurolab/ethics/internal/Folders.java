package org.neurolab.ethics.internal;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** Where the ethics bundle keeps its files: under the lab's data folder (framework property {@code neurolab.data.dir}). */
final class Folders {
    private Folders() {
    }

    static Path ethics(BundleContext context) {
        String data = context.getProperty("neurolab.data.dir");
        return Path.of(data == null ? "data" : data, "ethics");
    }

    /** The policies a new lab home is seeded with (the distribution's); those in force are the home's, under {@link #ethics}. */
    static Path seedPolicies(BundleContext context, EthicsConfig config) {
        if (!config.policiesDir().isBlank()) return Path.of(config.policiesDir());
        String dir = context.getProperty("neurolab.policies.dir");
        return dir == null ? null : Path.of(dir);
    }
}
