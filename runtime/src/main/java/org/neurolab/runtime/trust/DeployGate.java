package org.neurolab.runtime.trust;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The signature check on FileInstall's way from {@code deploy/} into the framework, as one of FileInstall's own
 * artifact transformers (see {@link FileInstallHook}): it handles every {@code .jar}, copies it into FileInstall's
 * temporary folder, verifies that copy and hands FileInstall the very bytes it verified — or nothing, and FileInstall then
 * installs nothing. A refusal is remembered per file version (size and time), logged once per version, and shown by
 * {@code neurolab bundles}. In development mode an unsigned or untrusted jar passes with a warning; a broken
 * signature never does.
 * <p>
 * A refused jar put in place of a running bundle's does not take that bundle away: FileInstall, which would uninstall
 * a bundle whose new file no transformer takes, gets the bundle's last accepted jar again (kept for this), so the
 * bundle stays, as it was, restarted once.
 */
public final class DeployGate {
    /** A refused file version, why, and its signer when it had exactly one. */
    public record Refusal(long size, long modified, String reason, java.security.cert.X509Certificate signer) {
    }

    private final BundleSignatureVerifier verifier;
    private final boolean devMode;
    private final Consumer<String> warn;
    private final Map<Path, Refusal> refused = new ConcurrentHashMap<>();
    private final Map<Path, SignatureVerdict> accepted = new ConcurrentHashMap<>();

    private final java.util.function.Predicate<Path> installedFrom;

    public DeployGate(BundleSignatureVerifier verifier, boolean devMode, Consumer<String> warn) {
        this(verifier, devMode, warn, p -> false);
    }

    /** {@code installedFrom} says whether a bundle installed from that deploy/ file is in the framework. */
    public DeployGate(BundleSignatureVerifier verifier, boolean devMode, Consumer<String> warn, java.util.function.Predicate<Path> installedFrom) {
        this.verifier = verifier;
        this.devMode = devMode;
        this.warn = warn;
        this.installedFrom = installedFrom;
    }

    public boolean devMode() {
        return devMode;
    }

    /** Every jar goes through the gate; configuration and other files are someone else's. */
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(Locale.ROOT).endsWith(".jar") && artifact.isFile();
    }

    /** @return the verified copy for FileInstall to install, or null when the jar is refused */
    public File transform(File artifact, File tmpDir) throws IOException {
        Path source = artifact.toPath().toAbsolutePath().normalize();
        long size = Files.size(source);
        long modified = Files.getLastModifiedTime(source).toMillis();
        Files.createDirectories(tmpDir.toPath());
        Path copy = Files.createTempFile(tmpDir.toPath(), "verified-", "-" + artifact.getName());
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        SignatureVerdict v = verifier.verify(copy);
        Optional<String> refusal = judge(v);
        Path keep = tmpDir.toPath().resolve("accepted").resolve(artifact.getName());
        if (refusal.isEmpty()) {
            refused.remove(source);
            accepted.put(source, v);
            Files.createDirectories(keep.getParent());
            Files.copy(copy, keep, StandardCopyOption.REPLACE_EXISTING);
            return copy.toFile();
        }
        Files.deleteIfExists(copy);
        boolean keepRunning = accepted.containsKey(source) && installedFrom.test(source) && Files.isRegularFile(keep);
        if (!keepRunning) accepted.remove(source);
        Refusal r = new Refusal(size, modified, refusal.get(), v.signer());
        Refusal before = refused.put(source, r);
        if (before == null || before.size() != size || before.modified() != modified || !before.reason().equals(r.reason()))
            warn.accept("Refused deploy/" + artifact.getName() + ": " + r.reason()
                    + (keepRunning ? "; the bundle running from it stays at its last accepted version" : "; nothing was installed"));
        if (!keepRunning) return null;
        Path again = Files.createTempFile(tmpDir.toPath(), "kept-", "-" + artifact.getName());
        return Files.copy(keep, again, StandardCopyOption.REPLACE_EXISTING).toFile();
    }

    /** Empty when the verdict lets the jar in (and says so in dev mode), else the reason to refuse it. */
    public Optional<String> judge(SignatureVerdict v) {
        if (v.trusted()) return Optional.empty();
        boolean waivable = v.outcome() == SignatureVerdict.Outcome.UNSIGNED || v.outcome() == SignatureVerdict.Outcome.UNTRUSTED;
        if (devMode && waivable) return Optional.empty();
        String hint = waivable ? " (sign it with a key in the lab's trust store: see docs/drivers.md, \"Signing a driver\")" : "";
        return Optional.of(v.reason() + hint);
    }

    public SignatureVerdict verify(Path jar) {
        return verifier.verify(jar);
    }

    /**
     * After a key is trusted: the refused deploy/ files it signed get a new modification time, so that FileInstall (which
     * looks at a file again only when its name, size or time change) hands them to the gate once more. Returns their names.
     */
    public java.util.List<String> reconsiderSignedBy(java.security.cert.X509Certificate cert) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (var e : refused.entrySet()) {
            if (!cert.equals(e.getValue().signer()) || !Files.isRegularFile(e.getKey())) continue;
            try {
                Files.setLastModifiedTime(e.getKey(), java.nio.file.attribute.FileTime.fromMillis(Math.max(System.currentTimeMillis(), e.getValue().modified() + 1000)));
                out.add(e.getKey().getFileName().toString());
            } catch (IOException ex) {
                warn.accept("cannot touch " + e.getKey() + " for another look: " + ex.getMessage() + "; copy it into deploy/ again");
            }
        }
        return out;
    }

    /** Why the current version of a deploy/ file was refused, if it was. */
    public Optional<String> refusalOf(Path file) {
        Path p = file.toAbsolutePath().normalize();
        Refusal r = refused.get(p);
        if (r == null) return Optional.empty();
        try {
            if (Files.size(p) != r.size() || Files.getLastModifiedTime(p).toMillis() != r.modified()) return Optional.empty(); // a newer version, not judged yet
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(r.reason());
    }

    /** The verdict the installed version of a deploy/ file passed with (its signer), if it passed here. */
    public Optional<SignatureVerdict> acceptedAs(Path file) {
        return Optional.ofNullable(accepted.get(file.toAbsolutePath().normalize()));
    }
}
