package org.neurolab.runtime.trust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * A signing key for tests, made without keytool: an RSA key pair and a self-signed X.509 certificate for it, whose DER
 * this class writes itself (the JDK has no public API to issue a certificate; the signature over it is the JDK's, and
 * {@link CertificateFactory} parses the result as any certificate). Jars are signed with the JDK's public
 * {@link JarSigner}, as {@code jarsigner} does.
 */
public final class TestKeys {
    private static final byte[] SHA256_WITH_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestKeys(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new key whose self-signed certificate names {@code cn}. */
    public static TestKeys create(String cn) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            byte[] algorithm = seq(tlv(0x06, SHA256_WITH_RSA), new byte[] {0x05, 0x00});
            byte[] subject = seq(tlv(0x31, seq(tlv(0x06, COMMON_NAME), tlv(0x0C, cn.getBytes(StandardCharsets.UTF_8)))));
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] validity = seq(utcTime(now.minusDays(1)), utcTime(now.plusYears(5)));
            byte[] tbs = seq(tlv(0xA0, tlv(0x02, new byte[] {2})), tlv(0x02, BigInteger.valueOf(System.nanoTime()).abs().toByteArray()), algorithm,
                    subject, validity, subject, kp.getPublic().getEncoded());
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(kp.getPrivate());
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bits = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            return new TestKeys(cn, kp, cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test key: " + e, e);
        }
    }

    public String name() {
        return name;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String pem() {
        return TrustedSigners.pem(certificate);
    }

    /** Writes the certificate as a PEM file, as {@code keytool -exportcert -rfc} would. */
    public Path writePem(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, pem(), StandardCharsets.US_ASCII);
    }

    /** Makes a lab home trust this key, as {@code neurolab trust add} would (before the lab starts, or while it runs). */
    public void trustIn(Path labHome, String alias) throws IOException {
        writePem(TrustedSigners.of(labHome.resolve("data")).folder().resolve(alias + ".pem"));
    }

    /** Signs {@code jar} into {@code out} (which may be the same file). */
    public Path sign(Path jar, Path out) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "signing-", ".jar");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream os = Files.newOutputStream(tmp)) {
            signer().sign(in, os);
        } catch (Exception e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot sign " + jar + ": " + e.getMessage(), e);
        }
        return Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private JarSigner signer() throws GeneralSecurityException {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
        return new JarSigner.Builder(keys.getPrivate(), path).digestAlgorithm("SHA-256").signatureAlgorithm("SHA256withRSA")
                .signerName(signerName(name)).build();
    }

    /** The signature files' base name (META-INF/NAME.SF): up to 8 of A-Z, 0-9, '_', '-'. */
    private static String signerName(String cn) {
        String n = cn.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
        return n.length() > 8 ? n.substring(0, 8) : n;
    }

    private static byte[] utcTime(ZonedDateTime t) {
        return tlv(0x17, t.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return tlv(0x30, b.toByteArray());
    }

    /** One DER tag-length-value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag);
        int n = value.length;
        if (n < 0x80) b.write(n);
        else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n & 0xFF);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }
}
