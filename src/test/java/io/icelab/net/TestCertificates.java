package io.icelab.net;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate and key for TLS tests, made by the JDK's own keytool (no file with a secret is
 * committed): an EC P-256 key, self-signed, naming 127.0.0.1, ::1 and localhost, written as PEM files the way
 * coturn and {@code icelab turn-server --cert --key} take them.
 */
public record TestCertificates(Path cert, Path key) {
    public static TestCertificates in(Path dir) throws Exception {
        Path p12 = dir.resolve("turn.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "turn", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,ip:::1,dns:localhost", "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Key key = ks.getKey("turn", "changeit".toCharArray());
        Path cert = dir.resolve("turn-cert.pem");
        Path keyFile = dir.resolve("turn-key.pem");
        Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("turn").getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new TestCertificates(cert, keyFile);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
