package io.icelab.stun;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6). Keeps a
 * {@link Mac} already keyed for each of the last few keys it saw (an ICE agent signs with two
 * passwords, a TURN server with its active users'), so a packet costs the HMAC and nothing else: no
 * provider lookup, no key schedule, no allocation. Providers are looked up on first use of each
 * algorithm. Not thread-safe: one instance per state machine.
 */
public final class Integrity {
    /** How a decoded message's integrity compares with a key. */
    public enum Status {
        /** The message carries no integrity attribute. */
        ABSENT,
        /** The HMAC matches the key. */
        VALID,
        /** The HMAC does not match: another key, or a changed message. */
        INVALID
    }

    /** How many keyed {@code Mac}s each algorithm keeps; the oldest is rekeyed past this. */
    static final int KEYS_KEPT = 8;

    private final KeyedMacs sha1 = new KeyedMacs("HmacSHA1");
    private final KeyedMacs sha256 = new KeyedMacs("HmacSHA256");
    private final byte[] scratch = new byte[32];

    /** Creates the state; the JDK's HMAC providers are looked up on first use. */
    public Integrity() {
    }

    /**
     * Checks a decoded message. When both are present, MESSAGE-INTEGRITY-SHA256 is the one checked
     * (RFC 8489 §9.1.3). Compared in constant time.
     *
     * @param message a decoded message
     * @param key the short-term or long-term key
     * @return absent, valid or invalid
     */
    public Status verify(StunMessage message, byte[] key) {
        StunMessage.Wire wire = message.wire();
        if (wire == null) {
            throw new IllegalArgumentException("only a decoded message can be verified");
        }
        Bytes w = wire.bytes();
        return verify(w.array(), w.offset(), wire.integrityOffset(), wire.integritySha256Offset(), message.isClassic(),
                key);
    }

    /**
     * Checks a message read in place, as {@link #verify(StunMessage, byte[])} does; allocates nothing beyond
     * what the JDK's {@code Mac} does.
     *
     * @param view a wrapped view
     * @param key the short-term or long-term key
     * @return absent, valid or invalid
     */
    public Status verify(StunView view, byte[] key) {
        return verify(view.array(), view.offset(), view.integrityOffset(), view.integritySha256Offset(),
                view.cookie() != StunMessage.MAGIC_COOKIE, key);
    }

    private Status verify(byte[] buf, int off, int integrityAt, int integrity256At, boolean classic, byte[] key) {
        if (integrity256At >= 0) {
            int at = integrity256At;
            int len = AttributeDecoder.uint16(buf, off + at + 2);
            compute(sha256.keyed(key), buf, off, at, at + 4 + len - StunMessage.HEADER_LENGTH, false, scratch, 0);
            return equalInConstantTime(scratch, buf, off + at + 4, len) ? Status.VALID : Status.INVALID;
        }
        if (integrityAt >= 0) {
            int at = integrityAt;
            compute(sha1.keyed(key), buf, off, at, at + 24 - StunMessage.HEADER_LENGTH, classic, scratch, 0);
            return equalInConstantTime(scratch, buf, off + at + 4, 20) ? Status.VALID : Status.INVALID;
        }
        return Status.ABSENT;
    }

    /**
     * HMAC-SHA1 over {@code buf[0, end)} with the header length field replaced by {@code lengthField}.
     *
     * @param key the key
     * @param buf the message's bytes
     * @param end where the HMAC's input ends
     * @param lengthField the value the header's length field takes for it
     * @return the 20-byte HMAC
     */
    public byte[] hmacSha1(byte[] key, byte[] buf, int end, int lengthField) {
        byte[] out = new byte[20];
        compute(sha1.keyed(key), buf, 0, end, lengthField, false, out, 0);
        return out;
    }

    /**
     * HMAC-SHA256 over {@code buf[0, end)} with the header length field replaced by {@code lengthField}.
     *
     * @param key the key
     * @param buf the message's bytes
     * @param end where the HMAC's input ends
     * @param lengthField the value the header's length field takes for it
     * @return the 32-byte HMAC
     */
    public byte[] hmacSha256(byte[] key, byte[] buf, int end, int lengthField) {
        byte[] out = new byte[32];
        compute(sha256.keyed(key), buf, 0, end, lengthField, false, out, 0);
        return out;
    }

    /** HMAC-SHA1 of the message at {@code buf[off, off + end)} written to {@code dst[dstOff, dstOff + 20)}. */
    void hmacSha1Into(byte[] key, byte[] buf, int off, int end, int lengthField, byte[] dst, int dstOff) {
        compute(sha1.keyed(key), buf, off, end, lengthField, false, dst, dstOff);
    }

    /** HMAC-SHA256 of the message at {@code buf[off, off + end)}, its first {@code len} bytes written to {@code dst}. */
    void hmacSha256Into(byte[] key, byte[] buf, int off, int end, int lengthField, byte[] dst, int dstOff, int len) {
        compute(sha256.keyed(key), buf, off, end, lengthField, false, scratch, 0);
        System.arraycopy(scratch, 0, dst, dstOff, len);
    }

    /**
     * A plain HMAC-SHA256 of {@code data}, for values that are not STUN messages (nonces, tokens).
     *
     * @param key the key
     * @param data the value
     * @return the 32-byte HMAC
     */
    public byte[] plainHmacSha256(byte[] key, byte[] data) {
        return sha256.keyed(key).doFinal(data);
    }

    private static void compute(Mac mac, byte[] buf, int off, int end, int lengthField, boolean classicPad,
            byte[] dst, int dstOff) {
        try {
            mac.update(buf, off, 2);
            mac.update((byte) (lengthField >>> 8));
            mac.update((byte) lengthField);
            mac.update(buf, off + 4, end - 4);
            if (classicPad && end % 64 != 0) {
                // RFC 3489 §11.2.8: the input is padded with zeros to a multiple of 64 bytes.
                for (int i = end % 64; i < 64; i++) {
                    mac.update((byte) 0);
                }
            }
            mac.doFinal(dst, dstOff);
        } catch (ShortBufferException | RuntimeException e) {
            mac.reset(); // the kept Mac stays keyed and clean for the next message
            throw new IllegalArgumentException("HMAC over " + end + " bytes at " + off + " into " + dstOff + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean equalInConstantTime(byte[] mac, byte[] buf, int at, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= mac[i] ^ buf[at + i];
        }
        return diff == 0;
    }

    /** The keyed {@code Mac}s of one algorithm, the oldest rekeyed once {@link #KEYS_KEPT} are held. */
    private static final class KeyedMacs {
        private final String algorithm;
        private final byte[][] keys = new byte[KEYS_KEPT][];
        private final Mac[] macs = new Mac[KEYS_KEPT];
        private int held;
        private int oldest;

        KeyedMacs(String algorithm) {
            this.algorithm = algorithm;
        }

        Mac keyed(byte[] key) {
            for (int i = 0; i < held; i++) {
                if (keys[i] == key || Arrays.equals(keys[i], key)) {
                    return macs[i];
                }
            }
            int slot;
            if (held < KEYS_KEPT) {
                slot = held++;
                macs[slot] = newMac();
            } else {
                slot = oldest;
                oldest = (oldest + 1) % KEYS_KEPT;
            }
            keys[slot] = key.clone();
            try {
                // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
                macs[slot].init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            } catch (java.security.InvalidKeyException e) {
                throw new IllegalArgumentException("unusable HMAC key", e);
            }
            return macs[slot];
        }

        private Mac newMac() {
            try {
                return Mac.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK always has " + algorithm, e);
            }
        }
    }
}
