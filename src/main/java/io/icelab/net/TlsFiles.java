package io.icelab.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM files, as coturn takes them: a certificate chain ({@code BEGIN CERTIFICATE}) and a PKCS#8
 * private key ({@code BEGIN PRIVATE KEY}, RSA or EC). Every file is hostile input: what is wrong is named with the
 * file, as a {@link TlsFileException}.
 */
public final class TlsFiles {
    private static final char[] NO_PASSWORD = new char[0];

    /** A certificate or key file that cannot be used, naming the file and what is wrong. */
    public static final class TlsFileException extends IOException {
        private static final long serialVersionUID = 1L;

        TlsFileException(Path file, String what, Throwable cause) {
            super(file + ": " + what, cause);
        }
    }

    private TlsFiles() {
    }

    /**
     * A server's context: it presents {@code cert} and proves it with {@code key}.
     *
     * @param cert PEM certificate chain, the server's own first
     * @param key PEM PKCS#8 private key of the first certificate
     * @return the context (TLS 1.2 and 1.3)
     * @throws TlsFileException when a file is missing, unreadable or of the wrong kind
     */
    public static SSLContext server(Path cert, Path key) throws TlsFileException {
        List<Certificate> chain = certificates(cert);
        PrivateKey pk = privateKey(key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", pk, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException(key, "the key does not go with the certificate in " + cert + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A client's context trusting the certificates in {@code ca} only, or the JDK's default trust when null.
     *
     * @param ca PEM certificates to trust, or null
     * @return the context
     * @throws TlsFileException when the file is missing, unreadable or holds no certificate
     */
    public static SSLContext client(Path ca) throws TlsFileException {
        try {
            if (ca == null) {
                return SSLContext.getDefault();
            }
            List<Certificate> trusted = certificates(ca);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                ks.setCertificateEntry("ca" + i, trusted.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            if (e instanceof TlsFileException t) {
                throw t;
            }
            throw new TlsFileException(ca == null ? Path.of("(default trust)") : ca, e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws TlsFileException {
        byte[] bytes = read(file);
        try {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes)));
            if (chain.isEmpty()) {
                throw new TlsFileException(file, "no certificate (a PEM file with BEGIN CERTIFICATE is wanted)", null);
            }
            return chain;
        } catch (java.security.cert.CertificateException e) {
            throw new TlsFileException(file, "not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws TlsFileException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            String kind = text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
                    ? "a PKCS#1/SEC1 key; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                    : text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted key; an unencrypted PKCS#8 key is wanted"
                    : "no BEGIN PRIVATE KEY block";
            throw new TlsFileException(file, kind, null);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file, "the key's base64 is broken: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new TlsFileException(file, "a PKCS#8 key of no supported algorithm (RSA, EC, Ed25519)", null);
    }

    private static byte[] read(Path file) throws TlsFileException {
        try {
            long size = Files.size(file);
            if (size > 1 << 20) {
                throw new TlsFileException(file, size + " bytes: not a certificate or key file", null);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            if (e instanceof TlsFileException t) {
                throw t;
            }
            throw new TlsFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
