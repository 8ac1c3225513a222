package org.neurolab.runtime;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GraalVM polyglot lives in the runtime layer (boot module layer, JIT on) rather than in bundles, so there
 * is one copy of Truffle. The system bundle exports the polyglot API's packages at the module's version.
 */
final class PolyglotExports {
    static final String MODULE = "org.graalvm.polyglot";

    private PolyglotExports() {
    }

    static Optional<Module> module() {
        return ModuleLayer.boot().findModule(MODULE);
    }

    /** The {@code org.osgi.framework.system.packages.extra} clause, or empty when polyglot is not on the module path. */
    static String systemPackagesExtra() {
        return module().map(m -> {
            ModuleDescriptor d = m.getDescriptor();
            String version = d.rawVersion().map(PolyglotExports::osgiVersion).orElse("0.0.0");
            return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                    .filter(p -> !p.endsWith(".impl"))
                    .sorted().map(p -> p + ";version=" + version).collect(Collectors.joining(","));
        }).orElse("");
    }

    /** 25.0.1 → 25.0.1; anything after the third number is dropped (OSGi versions have three numbers and a qualifier). */
    static String osgiVersion(String raw) {
        String[] parts = raw.split("[^0-9]+");
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) v.append('.');
            v.append(i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0);
        }
        return v.toString();
    }
}
