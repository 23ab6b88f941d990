package io.icelab.stun;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Issues and checks stateless nonces (RFC 8489 §9.2): the nonce cookie, the issue time and an HMAC of
 * both under a secret drawn once from the injected random source, so no table grows with clients.
 */
public final class NonceManager {
    private final byte[] secret = new byte[16];
    private final long lifetimeNanos;
    private final int features;
    private final Integrity integrity = new Integrity();

    public NonceManager(RandomGenerator random, long lifetimeNanos, int features) {
        random.nextBytes(secret);
        this.lifetimeNanos = lifetimeNanos;
        this.features = features;
    }

    public String issue(long nowNanos) {
        String stamp = Long.toHexString(nowNanos);
        return NonceCookie.make(features, stamp + "-" + mac(stamp));
    }

    public enum Check { VALID, STALE, INVALID }

    public Check check(String nonce, long nowNanos) {
        int skip = NonceCookie.PREFIX.length() + 4;
        if (NonceCookie.features(nonce) != features || nonce.length() <= skip) {
            return Check.INVALID;
        }
        String rest = nonce.substring(skip);
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return Check.INVALID;
        }
        String stamp = rest.substring(0, dash);
        if (!rest.substring(dash + 1).equals(mac(stamp))) {
            return Check.INVALID;
        }
        long issued;
        try {
            issued = Long.parseUnsignedLong(stamp, 16);
        } catch (NumberFormatException e) {
            return Check.INVALID;
        }
        return nowNanos - issued > lifetimeNanos || issued > nowNanos ? Check.STALE : Check.VALID;
    }

    public int features() {
        return features;
    }

    private String mac(String stamp) {
        byte[] full = integrity.plainHmacSha256(secret, stamp.getBytes(StandardCharsets.UTF_8));
        return Bytes.wrap(full, 0, 8).hex();
    }
}
