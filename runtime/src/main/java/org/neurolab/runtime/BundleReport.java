package org.neurolab.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The bundle listing an operator reads: every bundle with its state and, for one that is not running,
 * the reason; and every file in {@code deploy/} that could not be installed at all, with the reason.
 */
public final class BundleReport {

    /** One bundle. {@code problem} is empty when there is nothing to say. */
    public record Row(long id, String state, int startLevel, String symbolicName, String version, String location, String problem) {
    }

    /** A file in deploy/ that is not an installed bundle. */
    public record Rejected(String file, String problem) {
    }

    public record Report(List<Row> bundles, List<Rejected> rejected) {
    }

    private BundleReport() {
    }

    public static Report of(BundleContext system, Path deploy) {
        return of(system, deploy, f -> java.util.Optional.empty());
    }

    /** {@code refusals} says why the deploy gate refused a file's current version (its signature), if it did. */
    public static Report of(BundleContext system, Path deploy, java.util.function.Function<Path, java.util.Optional<String>> refusals) {
        List<Row> rows = new ArrayList<>();
        Set<Path> installedFiles = new HashSet<>();
        for (Bundle b : system.getBundles()) {
            toPath(b.getLocation()).ifPresent(installedFiles::add);
            int level = b.adapt(BundleStartLevel.class) == null ? 0 : b.adapt(BundleStartLevel.class).getStartLevel();
            String problem = problemOf(system, b);
            if (problem.isEmpty())
                problem = toPath(b.getLocation()).flatMap(refusals).map(r -> "its jar in deploy/ now is refused (" + r + "); the last accepted version runs")
                        .orElse("");
            rows.add(new Row(b.getBundleId(), stateName(b.getState()), level, String.valueOf(b.getSymbolicName()), b.getVersion().toString(),
                    b.getLocation(), problem));
        }
        return new Report(rows, rejectedFiles(deploy, installedFiles, refusals));
    }

    /** Why an installed bundle is not resolved: the resolver's own message, asked for without side effects. */
    static String problemOf(BundleContext system, Bundle b) {
        if (b.getState() != Bundle.INSTALLED) return "";
        FrameworkWiring wiring = system.getBundle(0).adapt(FrameworkWiring.class);
        if (wiring.resolveBundles(Set.of(b))) return "";
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) return "fragment: its host is missing or did not accept it";
        try {
            // it cannot resolve, so this start fails without starting anything; the exception carries the reason
            b.start(Bundle.START_TRANSIENT);
            return "";
        } catch (BundleException | IllegalStateException e) {
            return "unresolved: " + e.getMessage();
        }
    }

    static List<Rejected> rejectedFiles(Path deploy, Set<Path> installedFiles) {
        return rejectedFiles(deploy, installedFiles, f -> java.util.Optional.empty());
    }

    static List<Rejected> rejectedFiles(Path deploy, Set<Path> installedFiles, java.util.function.Function<Path, java.util.Optional<String>> refusals) {
        if (deploy == null || !Files.isDirectory(deploy)) return List.of();
        List<Rejected> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(deploy)) {
            for (Path f : files.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jar")).sorted().toList()) {
                if (installedFiles.contains(f.toAbsolutePath().normalize())) continue;
                // what is wrong with the file itself first; then what the signature check said
                String why = whyNotABundle(f);
                if (why == null) why = refusals.apply(f).map(r -> "refused: " + r).orElse(null);
                out.add(new Rejected(f.getFileName().toString(), why == null ? "not installed yet (being picked up)" : why));
            }
        } catch (IOException e) {
            out.add(new Rejected(deploy.toString(), "cannot list: " + e.getMessage()));
        }
        return out;
    }

    /** @return why the file cannot be a bundle, or null if it looks like one */
    static String whyNotABundle(Path jar) {
        // the JDK reads a manifest whole: a bomb is told first, or listing deploy/ would blow the heap
        String bomb = org.neurolab.runtime.trust.BundleSignatureVerifier.bombCheck(jar);
        if (bomb != null) return "refused: " + bomb;
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            if (m == null) return "not a bundle: the jar has no META-INF/MANIFEST.MF";
            if (m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) return "not a bundle: the manifest has no Bundle-SymbolicName";
            String version = m.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            if (version != null) {
                try {
                    org.osgi.framework.Version.parseVersion(version.trim());
                } catch (IllegalArgumentException e) {
                    // the framework refuses to install it, and FileInstall would retry it for ever
                    return "not installable: Bundle-Version '" + clip(version) + "' is not an OSGi version (major.minor.micro.qualifier, e.g. 1.2.0)";
                }
            }
            return null;
        } catch (IOException e) {
            return "not a valid jar (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
        }
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    static java.util.Optional<Path> toPath(String location) {
        try {
            return java.util.Optional.of(Path.of(URI.create(location)).toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    /** A fixed-width table for the terminal. */
    public static String format(Report r) {
        return format(r, false);
    }

    /** The table, headed by a warning in development mode. */
    public static String format(Report r, boolean devMode) {
        StringBuilder sb = new StringBuilder();
        if (devMode) sb.append("DEVELOPMENT MODE: unsigned bundles from deploy/ are accepted (not for a lab with living cultures)\n");
        sb.append(String.format("%4s  %-11s %3s  %-45s %s%n", "ID", "STATE", "LVL", "SYMBOLIC NAME", "VERSION"));
        for (Row row : r.bundles()) {
            sb.append(String.format("%4d  %-11s %3d  %-45s %s%n", row.id(), row.state(), row.startLevel(), row.symbolicName(), row.version()));
            if (!row.problem().isEmpty()) sb.append("      ! ").append(row.problem()).append('\n');
        }
        for (Rejected x : r.rejected()) sb.append("   -  REJECTED         deploy/").append(x.file()).append("\n      ! ").append(x.problem()).append('\n');
        return sb.toString();
    }
}
