package io.icelab.stun;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Issues and checks stateless nonces (RFC 8489 §9.2): the nonce cookie, the issue time and an HMAC of
 * both and of the client's transport address under a secret drawn once from the injected random source,
 * so no table grows with clients, and a nonce is worth nothing from another address (§9.2.2: a nonce
 * may be tied to the client's transport address; a captured signed request replayed from elsewhere
 * meets 438 and a fresh challenge).
 */
public final class NonceManager {
    private final byte[] secret = new byte[16];
    private final long lifetimeNanos;
    private final int features;
    private final Integrity integrity = new Integrity();

    /**
     * A manager with a fresh secret.
     *
     * @param random draws the secret nonces are signed with
     * @param lifetimeNanos how long a nonce stays valid
     * @param features the security feature bits of RFC 8489 §9.2 carried in the nonce cookie
     */
    public NonceManager(RandomGenerator random, long lifetimeNanos, int features) {
        random.nextBytes(secret);
        this.lifetimeNanos = lifetimeNanos;
        this.features = features;
    }

    /**
     * A nonce for any client (not bound to an address).
     *
     * @param nowNanos the current time
     * @return the nonce, starting with the nonce cookie
     */
    public String issue(long nowNanos) {
        return issue(nowNanos, "");
    }

    /**
     * A nonce valid only with the same {@code boundTo} (e.g. the client's transport and address).
     *
     * @param nowNanos the current time
     * @param boundTo what the nonce is valid with
     * @return the nonce
     */
    public String issue(long nowNanos, String boundTo) {
        String stamp = Long.toHexString(nowNanos);
        return NonceCookie.make(features, stamp + "-" + mac(stamp, boundTo));
    }

    /** What a nonce a client sent back is. */
    public enum Check {

        /** Issued by this manager for the same binding, within its lifetime. */

        VALID,

        /** Genuine but expired (or from the future): the client retries with a new one (438). */

        STALE,

        /** Not issued by this manager, or issued for another binding. */

        INVALID

    }

    /**
     * Checks a nonce issued without a binding.
     *
     * @param nonce the NONCE the request carried
     * @param nowNanos the current time
     * @return valid, stale or invalid
     */
    public Check check(String nonce, long nowNanos) {
        return check(nonce, nowNanos, "");
    }

    /**
     * INVALID also when the nonce was issued for another {@code boundTo}.
     *
     * @param nonce the NONCE the request carried
     * @param nowNanos the current time
     * @param boundTo what it must have been issued for
     * @return valid, stale or invalid
     */
    public Check check(String nonce, long nowNanos, String boundTo) {
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
        if (!rest.substring(dash + 1).equals(mac(stamp, boundTo))) {
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

    /**
     * The security feature bits this manager's nonces carry.
     *
     * @return the bits (NonceCookie)
     */
    public int features() {
        return features;
    }

    private String mac(String stamp, String boundTo) {
        byte[] full = integrity.plainHmacSha256(secret, (stamp + "|" + boundTo).getBytes(StandardCharsets.UTF_8));
        return Bytes.wrap(full, 0, 8).hex();
    }
}
