package org.neurolab.console.internal.upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.osgi.framework.Version;

/**
 * Reads an uploaded jar before the lab installs it, with limits on everything it inflates: the number of entries,
 * the manifest's size, each entry's and the whole jar's inflated size and the inflation ratio. A zip bomb or a
 * manifest that inflates to a gigabyte is refused after a few megabytes of work, never read whole (the framework
 * would read the manifest into memory, and its errors would quote it into the log).
 *
 * <p>The jar is read through its central directory ({@link ZipFile}), as the framework reads it, and every entry
 * is inflated with a counter, so sizes the directory declares cannot lie about what comes out.
 */
public final class JarInspector {
    /** Limits of one inspection; {@link #DEFAULT} suits driver bundles (a few MB, a few thousand classes). */
    public record Limits(int maxEntries, long maxManifestBytes, long maxEntryBytes, long maxTotalBytes, long maxRatio, long ratioFloorBytes) {
        public static final Limits DEFAULT = new Limits(20_000, 256 << 10, 128L << 20, 512L << 20, 100, 1L << 20);
    }

    /** What the lab needs from a bundle's manifest, checked as the framework would. */
    public record BundleHeader(String symbolicName, Version version) {
    }

    /** A jar refused, with what was wrong in words for whoever uploaded it; {@code tooLarge} for a 413 rather than a 400. */
    public static final class Refused extends Exception {
        private final boolean tooLarge;

        Refused(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final int MAX_HEADER_CHARS = 255;

    private final Limits limits;

    public JarInspector(Limits limits) {
        this.limits = limits;
    }

    /** Checks the whole jar within the limits and returns its bundle header; {@code name} is only for the messages. */
    public BundleHeader inspect(Path jar, String name) throws Refused {
        byte[] manifest = null;
        long total = 0;
        int entries = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (++entries > limits.maxEntries())
                    throw new Refused(name + " has more than " + limits.maxEntries() + " entries; a bundle that large is not taken by upload", true);
                boolean isManifest = e.getName().equalsIgnoreCase(MANIFEST);
                long cap = isManifest ? limits.maxManifestBytes() : Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - total);
                refuseDeclared(e, cap, name, isManifest);
                ByteArrayOutputStream keep = isManifest ? new ByteArrayOutputStream() : null;
                long inflated;
                try (InputStream in = zip.getInputStream(e)) {
                    inflated = drain(in, cap, Math.max(1, e.getCompressedSize()), keep, name, e.getName(), isManifest);
                }
                total += inflated;
                if (isManifest) manifest = keep.toByteArray();
            }
        } catch (ZipException e) {
            throw new Refused(name + " is not a readable jar (" + describe(e) + ")", false);
        } catch (IOException e) {
            throw new Refused(name + " could not be read as a jar (" + describe(e) + ")", false);
        }
        if (manifest == null) throw new Refused(name + " is not a bundle: it has no " + MANIFEST, false);
        return header(manifest, name);
    }

    /**
     * The sizes the central directory declares, checked before any inflating: an honest bomb says what it is. A lying
     * directory is caught by the counting in {@link #drain}, after at most the entry's cap of work.
     */
    private void refuseDeclared(ZipEntry e, long cap, String jar, boolean isManifest) throws Refused {
        long size = e.getSize(), compressed = Math.max(1, e.getCompressedSize());
        if (size < 0) return;
        if (size > cap) {
            if (isManifest)
                throw new Refused(jar + ": its manifest inflates to " + size + " bytes, more than " + limits.maxManifestBytes() / 1024 + " KiB; refused as a manifest bomb", true);
            throw new Refused(jar + ": entry " + clip(e.getName()) + " inflates to " + (size >> 20) + " MiB, past the " + (cap >> 20)
                    + " MiB an uploaded jar may hold; refused as a zip bomb", true);
        }
        if (size > limits.ratioFloorBytes() && size / compressed > limits.maxRatio())
            throw new Refused(jar + ": entry " + clip(e.getName()) + " inflates " + size / compressed + " times its compressed " + compressed
                    + " bytes (at most " + limits.maxRatio() + "); refused as a zip bomb", true);
    }

    /** Inflates one entry, counting; stops as soon as a limit is crossed. */
    private long drain(InputStream in, long cap, long compressed, ByteArrayOutputStream keep, String jar, String entry, boolean isManifest) throws IOException, Refused {
        byte[] buf = new byte[64 << 10];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > cap) {
                if (isManifest)
                    throw new Refused(jar + ": its manifest inflates to more than " + limits.maxManifestBytes() / 1024 + " KiB; refused as a manifest bomb", true);
                throw new Refused(jar + ": entry " + clip(entry) + " inflates past the " + (cap >> 20) + " MiB an uploaded jar may hold"
                        + " (entries at most " + (limits.maxEntryBytes() >> 20) + " MiB, all together " + (limits.maxTotalBytes() >> 20) + " MiB); refused as a zip bomb", true);
            }
            if (n > limits.ratioFloorBytes() && n / compressed > limits.maxRatio())
                throw new Refused(jar + ": entry " + clip(entry) + " inflates more than " + limits.maxRatio() + " times its compressed "
                        + compressed + " bytes; refused as a zip bomb", true);
            if (keep != null) keep.write(buf, 0, r);
        }
        return n;
    }

    private static BundleHeader header(byte[] manifestBytes, String name) throws Refused {
        Manifest mf;
        try {
            mf = new Manifest(new ByteArrayInputStream(manifestBytes));
        } catch (IOException | RuntimeException e) {
            throw new Refused(name + " has a manifest that cannot be read (" + describe(e) + ")", false);
        }
        Attributes main = mf.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) throw new Refused(name + " is not a bundle: its manifest has no Bundle-SymbolicName", false);
        bsn = bsn.split(";")[0].trim();
        if (bsn.length() > MAX_HEADER_CHARS || !bsn.matches("[A-Za-z0-9_.-]+"))
            throw new Refused(name + ": Bundle-SymbolicName must be letters, digits, '.', '_' or '-' (at most " + MAX_HEADER_CHARS + "), was '" + clip(bsn) + "'", false);
        String v = main.getValue("Bundle-Version");
        Version version;
        try {
            version = v == null ? Version.emptyVersion : Version.parseVersion(v.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused(name + ": Bundle-Version '" + clip(v) + "' is not an OSGi version (major.minor.micro.qualifier, e.g. 1.2.0)"
                    + "; the framework would not install it", false);
        }
        return new BundleHeader(bsn, version);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : clip(e.getMessage());
    }

    static String clip(String s) {
        if (s == null) return "";
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
