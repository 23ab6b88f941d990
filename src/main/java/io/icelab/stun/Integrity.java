package io.icelab.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6). Holds one
 * {@link Mac} per algorithm so a busy agent or server does not look providers up per packet.
 * Not thread-safe: one instance per state machine.
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

    private final Mac sha1;
    private final Mac sha256;

    /** Looks up HMAC-SHA1 and HMAC-SHA256 once. */
    public Integrity() {
        try {
            sha1 = Mac.getInstance("HmacSHA1");
            sha256 = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA1 and HmacSHA256", e);
        }
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
        byte[] buf = w.offset() == 0 ? w.array() : w.toArray();
        if (wire.integritySha256Offset() >= 0) {
            int at = wire.integritySha256Offset();
            int len = AttributeDecoder.uint16(buf, at + 2);
            byte[] mac = compute(sha256, key, buf, at, at + 4 + len - StunMessage.HEADER_LENGTH, false);
            return equalPrefix(mac, buf, at + 4, len) ? Status.VALID : Status.INVALID;
        }
        if (wire.integrityOffset() >= 0) {
            int at = wire.integrityOffset();
            byte[] mac = compute(sha1, key, buf, at, at + 24 - StunMessage.HEADER_LENGTH, message.isClassic());
            return equalPrefix(mac, buf, at + 4, 20) ? Status.VALID : Status.INVALID;
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
        return compute(sha1, key, buf, end, lengthField, false);
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
        return compute(sha256, key, buf, end, lengthField, false);
    }

    /**
     * A plain HMAC-SHA256 of {@code data}, for values that are not STUN messages (nonces, tokens).
     *
     * @param key the key
     * @param data the value
     * @return the 32-byte HMAC
     */
    public byte[] plainHmacSha256(byte[] key, byte[] data) {
        init(sha256, key);
        return sha256.doFinal(data);
    }

    private static void init(Mac mac, byte[] key) {
        try {
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, mac.getAlgorithm()));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
    }

    private static byte[] compute(Mac mac, byte[] key, byte[] buf, int end, int lengthField, boolean classicPad) {
        init(mac, key);
        mac.update(buf, 0, 2);
        mac.update((byte) (lengthField >>> 8));
        mac.update((byte) lengthField);
        mac.update(buf, 4, end - 4);
        if (classicPad && end % 64 != 0) {
            // RFC 3489 §11.2.8: the input is padded with zeros to a multiple of 64 bytes.
            mac.update(new byte[64 - end % 64]);
        }
        return mac.doFinal();
    }

    private static boolean equalPrefix(byte[] mac, byte[] buf, int at, int len) {
        byte[] got = new byte[len];
        System.arraycopy(buf, at, got, 0, len);
        byte[] want = new byte[len];
        System.arraycopy(mac, 0, want, 0, len);
        return MessageDigest.isEqual(want, got);
    }
}
