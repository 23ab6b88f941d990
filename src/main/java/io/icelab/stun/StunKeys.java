package io.icelab.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Keys for MESSAGE-INTEGRITY(-SHA256) and the USERHASH value (RFC 8489 §9.1.1, §9.2.2, §14.4). */
public final class StunKeys {
    private StunKeys() {
    }

    /**
     * RFC 8489 §9.1.1: the short-term key is the prepared password itself.
     *
     * @param password the password, before SASLprep
     * @return the key
     */
    public static byte[] shortTerm(String password) {
        return PasswordPreparation.prepare(password).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * RFC 8489 §9.2.2: MD5 or SHA-256 of "username:realm:password".
     *
     * @param algorithm PasswordAlgorithm.MD5 or SHA256
     * @param username the username
     * @param realm the realm
     * @param password the password, before SASLprep
     * @return the key
     */
    public static byte[] longTerm(int algorithm, String username, String realm, String password) {
        String input = username + ":" + realm + ":" + PasswordPreparation.prepare(password);
        return digest(digestName(algorithm), input);
    }

    /**
     * RFC 8489 §9.2.2 with MD5 (the only algorithm of RFC 5389).
     *
     * @param username the username
     * @param realm the realm
     * @param password the password
     * @return the 16-byte key
     */
    public static byte[] longTermMd5(String username, String realm, String password) {
        return longTerm(CoreAttribute.PasswordAlgorithm.MD5, username, realm, password);
    }

    /**
     * RFC 8489 §9.2.2 with SHA-256.
     *
     * @param username the username
     * @param realm the realm
     * @param password the password
     * @return the 32-byte key
     */
    public static byte[] longTermSha256(String username, String realm, String password) {
        return longTerm(CoreAttribute.PasswordAlgorithm.SHA256, username, realm, password);
    }

    /**
     * RFC 8489 §14.4: SHA-256 of "username:realm".
     *
     * @param username the username
     * @param realm the realm
     * @return the 32-byte hash
     */
    public static byte[] userhash(String username, String realm) {
        return digest("SHA-256", username + ":" + realm);
    }

    /**
     * Whether this is one of the two PASSWORD-ALGORITHMS RFC 8489 defines.
     *
     * @param algorithm the algorithm number
     * @return true for MD5 and SHA-256
     */
    public static boolean isSupportedAlgorithm(int algorithm) {
        return algorithm == CoreAttribute.PasswordAlgorithm.MD5 || algorithm == CoreAttribute.PasswordAlgorithm.SHA256;
    }

    private static String digestName(int algorithm) {
        if (algorithm == CoreAttribute.PasswordAlgorithm.MD5) {
            return "MD5";
        }
        if (algorithm == CoreAttribute.PasswordAlgorithm.SHA256) {
            return "SHA-256";
        }
        throw new IllegalArgumentException("unsupported password algorithm 0x" + Integer.toHexString(algorithm));
    }

    private static byte[] digest(String name, String input) {
        try {
            return MessageDigest.getInstance(name).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + name, e);
        }
    }
}
