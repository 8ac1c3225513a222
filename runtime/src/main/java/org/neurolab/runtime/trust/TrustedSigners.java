package org.neurolab.runtime.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/**
 * The lab's trust store for bundle signers: a folder of PEM certificates, {@code data/security/trusted-signers/<alias>.pem},
 * one certificate a file, the file name (without {@code .pem}) being its alias. A bundle is trusted when its signer's
 * certificate is one of these, byte for byte (keys are pinned: no certificate authorities, no expiry games; removing
 * the file is the revocation). The folder is read at every check, so a change is in force at once.
 */
public final class TrustedSigners {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A PEM certificate is a few kB; anything much larger is not one. */
    static final int MAX_PEM_BYTES = 64 << 10;

    /** One trusted certificate. */
    public record Entry(String alias, X509Certificate certificate) {
        public String fingerprint() {
            return TrustedSigners.fingerprint(certificate);
        }

        public String subject() {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private final Path folder;

    public TrustedSigners(Path folder) {
        this.folder = folder;
    }

    /** The store of a lab home's data folder. */
    public static TrustedSigners of(Path data) {
        return new TrustedSigners(data.resolve("security").resolve("trusted-signers"));
    }

    public Path folder() {
        return folder;
    }

    /** Every readable certificate, by alias; a file that is not a certificate is skipped (and named by {@link #problems()}). */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (Path f : pemFiles()) {
            try {
                out.add(new Entry(aliasOf(f), parse(Files.readAllBytes(f))));
            } catch (IOException | IllegalArgumentException e) {
                // reported by problems(); an unreadable file trusts nobody
            }
        }
        return out;
    }

    /** Files in the folder that are not a certificate, with why. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Path f : pemFiles()) {
            try {
                parse(Files.readAllBytes(f));
            } catch (IOException | IllegalArgumentException e) {
                out.add(f.getFileName() + ": " + e.getMessage());
            }
        }
        return out;
    }

    public Optional<Entry> find(X509Certificate cert) {
        return list().stream().filter(e -> e.certificate().equals(cert)).findFirst();
    }

    public Optional<Entry> get(String alias) {
        return list().stream().filter(e -> e.alias().equals(alias)).findFirst();
    }

    /**
     * Adds a certificate (PEM or DER). The alias defaults to the certificate's CN. Refused: not a certificate, a bad
     * alias, an alias in use, or a certificate already trusted under another alias.
     */
    public Entry add(byte[] pemOrDer, String alias) {
        if (pemOrDer.length > MAX_PEM_BYTES) throw new IllegalArgumentException("a certificate is a few kB; this is " + pemOrDer.length + " bytes");
        X509Certificate cert = parse(pemOrDer);
        String a = alias == null || alias.isBlank() ? defaultAlias(cert) : alias.trim();
        checkAlias(a);
        if (get(a).isPresent()) throw new IllegalStateException("the alias '" + a + "' is already in the trust store; remove it first or choose another");
        Optional<Entry> same = find(cert);
        if (same.isPresent()) throw new IllegalStateException("this certificate is already trusted, as '" + same.get().alias() + "'");
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".add-", ".part");
            Files.writeString(tmp, pem(cert), StandardCharsets.US_ASCII);
            Files.move(tmp, folder.resolve(a + ".pem"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into the trust store " + folder + ": " + e.getMessage(), e);
        }
        return new Entry(a, cert);
    }

    /** Removes a certificate; bundles it signed keep running (the caller reports them). */
    public Entry remove(String alias) {
        checkAlias(alias);
        Entry e = get(alias).orElseThrow(() -> new NoSuchElementException("no certificate '" + alias + "' in the trust store"));
        try {
            Files.delete(folder.resolve(alias + ".pem"));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot remove " + alias + " from the trust store " + folder + ": " + ex.getMessage(), ex);
        }
        return e;
    }

    private List<Path> pemFiles() {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".pem") && ALIAS.matcher(aliasOf(p)).matches() && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the trust store " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String aliasOf(Path pem) {
        String n = pem.getFileName().toString();
        return n.substring(0, n.length() - ".pem".length());
    }

    static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches())
            throw new IllegalArgumentException("an alias is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; was '"
                    + (alias == null ? "" : alias.length() > 70 ? alias.substring(0, 70) + "…" : alias) + "'");
    }

    static String defaultAlias(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String cn = Stream.of(dn.split(",")).map(String::trim).filter(p -> p.toUpperCase(Locale.ROOT).startsWith("CN=")).findFirst()
                .map(p -> p.substring(3)).orElse("signer");
        String a = cn.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (a.isEmpty()) a = "signer";
        return a.length() > 64 ? a.substring(0, 64) : a;
    }

    /** Reads one X.509 certificate from PEM or DER bytes. */
    public static X509Certificate parse(byte[] pemOrDer) {
        try (InputStream in = new ByteArrayInputStream(pemOrDer)) {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IllegalArgumentException("no certificate in it (expected a PEM '-----BEGIN CERTIFICATE-----' block)");
            if (certs.size() > 1) throw new IllegalArgumentException("it holds " + certs.size() + " certificates; add the signer's certificate alone");
            return (X509Certificate) certs.iterator().next();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** SHA-256 of the certificate's encoding, as colon-separated hex (what {@code keytool -printcert} shows). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
