package org.neurolab.runtime.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a bundle jar's standard jar signature with the JDK's own verification ({@link JarFile} opened with
 * {@code verify=true}: reading an entry checks its digest against the signed manifest, and {@link JarEntry#getCodeSigners()}
 * then names who signed it). A jar is trusted when every entry is covered, all by the same single signer, and that
 * signer's certificate is in the lab's trust store. Two signers are refused: each entry would have to be checked for
 * which signer covers it, and the lab would have two answers to "who vouches for this code".
 */
public final class BundleSignatureVerifier {
    /** Reading a jar to verify it stops here: a zip bomb must not hold up the deploy folder's watcher. */
    static final long MAX_UNCOMPRESSED_BYTES = 512L << 20;

    private final TrustedSigners store;

    public BundleSignatureVerifier(TrustedSigners store) {
        this.store = store;
    }

    /** More entries than any bundle has: refused before the JDK walks them. */
    static final int MAX_ENTRIES = 20_000;
    /** A manifest of this size is no bundle's; the JDK reads a jar's manifest whole into memory, so it is measured first. */
    static final long MAX_MANIFEST_BYTES = 256 << 10;

    /**
     * Zip and manifest bombs, told before {@link JarFile} reads anything whole: too many entries, or a manifest that
     * inflates beyond {@link #MAX_MANIFEST_BYTES} (read as a stream and stopped there, whatever its header claims).
     */
    public static String bombCheck(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() > MAX_ENTRIES) return "not verified: the jar has " + zip.size() + " entries (more than " + MAX_ENTRIES + "): a zip bomb?";
            ZipEntry manifest = zip.getEntry(JarFile.MANIFEST_NAME);
            if (manifest == null) return null;
            long read = 0;
            byte[] buffer = new byte[16 << 10];
            try (InputStream in = zip.getInputStream(manifest)) {
                for (int n; (n = in.read(buffer)) > 0; )
                    if ((read += n) > MAX_MANIFEST_BYTES)
                        return "not verified: its manifest unpacks to more than " + (MAX_MANIFEST_BYTES >> 10) + " KiB: a manifest bomb?";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // not a zip: the verification says so in its own words
        }
    }

    public SignatureVerdict verify(Path jar) {
        String bomb = bombCheck(jar);
        if (bomb != null) return SignatureVerdict.refused(SignatureVerdict.Outcome.UNREADABLE, bomb, null);
        Set<X509Certificate> signers = new LinkedHashSet<>();
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            if (file.getManifest() == null) return SignatureVerdict.refused(SignatureVerdict.Outcome.UNSIGNED, "unsigned: the jar has no manifest", null);
            String unsigned = null;
            int signedEntries = 0;
            long read = 0;
            byte[] buffer = new byte[64 << 10];
            for (Enumeration<JarEntry> en = file.entries(); en.hasMoreElements(); ) {
                JarEntry e = en.nextElement();
                if (e.isDirectory() || isSignatureRelated(e.getName())) continue;
                try (InputStream in = file.getInputStream(e)) {
                    // the digest is checked as the entry is read to its end; a mismatch throws SecurityException
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        read += n;
                        if (read > MAX_UNCOMPRESSED_BYTES)
                            return SignatureVerdict.refused(SignatureVerdict.Outcome.UNREADABLE, "not verified: the jar unpacks to more than "
                                    + (MAX_UNCOMPRESSED_BYTES >> 20) + " MiB", null);
                    }
                } catch (SecurityException ex) {
                    return SignatureVerdict.refused(SignatureVerdict.Outcome.BROKEN,
                            "tampered: entry " + clip(e.getName()) + " does not match its signature (" + ex.getMessage() + ")", null);
                }
                CodeSigner[] cs = e.getCodeSigners();
                if (cs == null || cs.length == 0) {
                    if (unsigned == null) unsigned = e.getName();
                    continue;
                }
                signedEntries++;
                for (CodeSigner s : cs) signers.add(leaf(s));
            }
            // a jar of a manifest alone names no signer through the JDK (the manifest has no code signers): it counts as unsigned
            if (signedEntries == 0) return SignatureVerdict.refused(SignatureVerdict.Outcome.UNSIGNED, unsigned == null
                    ? "unsigned: the jar holds nothing but its manifest, so no signer can be told" : "unsigned: the jar carries no signature", null);
            if (unsigned != null)
                return SignatureVerdict.refused(SignatureVerdict.Outcome.BROKEN, "partly signed: entry " + clip(unsigned)
                        + " is not covered by the signature (added after signing?)", signers.size() == 1 ? signers.iterator().next() : null);
            if (signers.size() > 1)
                return SignatureVerdict.refused(SignatureVerdict.Outcome.UNTRUSTED, "signed by " + signers.size() + " signers ("
                        + String.join("; ", signers.stream().map(c -> c.getSubjectX500Principal().getName()).toList())
                        + "): the lab takes bundles signed by exactly one", null);
            X509Certificate signer = signers.iterator().next();
            Optional<TrustedSigners.Entry> trusted = store.find(signer);
            if (trusted.isEmpty())
                return SignatureVerdict.refused(SignatureVerdict.Outcome.UNTRUSTED, "signed by an untrusted key: " + signer.getSubjectX500Principal().getName()
                        + " (SHA-256 " + TrustedSigners.fingerprint(signer) + ") is not in the lab's trust store", signer);
            return new SignatureVerdict(SignatureVerdict.Outcome.TRUSTED, "signed by " + trusted.get().alias(), signer, trusted.get().alias());
        } catch (ZipException e) {
            return SignatureVerdict.refused(SignatureVerdict.Outcome.UNREADABLE, "not a valid jar (" + e.getMessage() + ")", null);
        } catch (SecurityException e) {
            // thrown while opening: the signature block itself does not verify against the signature file
            return SignatureVerdict.refused(SignatureVerdict.Outcome.BROKEN, "tampered: the signature does not verify (" + e.getMessage() + ")", null);
        } catch (IOException e) {
            return SignatureVerdict.refused(SignatureVerdict.Outcome.UNREADABLE, "cannot read the jar (" + e.getMessage() + ")", null);
        }
    }

    /** The certificate that signed: the first of the signer's path (jarsigner writes the signer's own first). */
    private static X509Certificate leaf(CodeSigner s) {
        List<? extends Certificate> path = s.getSignerCertPath().getCertificates();
        return (X509Certificate) path.get(0);
    }

    /** The manifest and the signature files themselves, which the signature covers differently (JAR file specification). */
    static boolean isSignatureRelated(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) return false;
        String base = n.substring("META-INF/".length());
        return base.equals("MANIFEST.MF") || base.startsWith("SIG-") || base.endsWith(".SF") || base.endsWith(".RSA")
                || base.endsWith(".DSA") || base.endsWith(".EC");
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
