package io.icelab.stun;

import java.util.Base64;

/**
 * The RFC 8489 §9.2 nonce cookie: a NONCE that starts with "obMatJos2" followed by four base64
 * characters encoding the 24-bit STUN Security Feature set (§18.1; bit 0 is the most significant).
 */
public final class NonceCookie {
    /** RFC 8489 §9.2: the nonce cookie every nonce of a server with security features starts with. */
    public static final String PREFIX = "obMatJos2";
    /** Bit 0: the server supports PASSWORD-ALGORITHMS negotiation. */
    public static final int PASSWORD_ALGORITHMS = 0x800000;
    /** Bit 1: the server supports USERHASH. */
    public static final int USERNAME_ANONYMITY = 0x400000;

    private NonceCookie() {
    }

    /**
     * The feature bits of a nonce, or -1 when it carries no cookie.
     *
     * @param nonce the NONCE
     * @return the 24 feature bits, or -1
     */
    public static int features(String nonce) {
        if (nonce == null || !nonce.startsWith(PREFIX) || nonce.length() < PREFIX.length() + 4) {
            return -1;
        }
        try {
            byte[] b = Base64.getDecoder().decode(nonce.substring(PREFIX.length(), PREFIX.length() + 4));
            if (b.length != 3) {
                return -1; // "AA==" and the like: padded, so fewer than the 24 feature bits (§18.1)
            }
            return (b[0] & 0xff) << 16 | (b[1] & 0xff) << 8 | (b[2] & 0xff);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Whether the nonce's cookie sets this feature bit.
     *
     * @param nonce the NONCE
     * @param feature PASSWORD_ALGORITHMS or USERNAME_ANONYMITY
     * @return true when set
     */
    public static boolean has(String nonce, int feature) {
        int f = features(nonce);
        return f >= 0 && (f & feature) != 0;
    }

    /**
     * A nonce with the cookie for {@code features} followed by {@code opaque}.
     *
     * @param features the feature bits
     * @param opaque the rest of the nonce
     * @return the nonce
     */
    public static String make(int features, String opaque) {
        byte[] b = {(byte) (features >>> 16), (byte) (features >>> 8), (byte) features};
        return PREFIX + Base64.getEncoder().encodeToString(b) + opaque;
    }
}
