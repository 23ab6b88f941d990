package io.icelab.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds and encodes a message. MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are
 * computed at encode time and always placed last, in that order (RFC 8489 §14.5-§14.7).
 */
public final class StunMessageBuilder {
    private final MessageClass messageClass;
    private final Method method;
    private final TransactionId transactionId;
    private final List<StunAttribute> attributes = new ArrayList<>();
    private int cookie = StunMessage.MAGIC_COOKIE;
    private byte[] integrityKey;
    private byte[] integritySha256Key;
    private int integritySha256Length = 32;
    private boolean fingerprint;
    private byte paddingByte;

    StunMessageBuilder(MessageClass messageClass, Method method, TransactionId transactionId) {
        this.messageClass = messageClass;
        this.method = method;
        this.transactionId = transactionId;
    }

    /**
     * A message of any class.
     *
     * @param cls request, indication, success or error response
     * @param method the STUN method
     * @param tid the transaction id
     * @return the builder, without attributes
     */
    public static StunMessageBuilder of(MessageClass cls, Method method, TransactionId tid) {
        return new StunMessageBuilder(cls, method, tid);
    }

    /**
     * A request (RFC 8489 §6.1).
     *
     * @param method the STUN method
     * @param tid a new random transaction id
     * @return the builder
     */
    public static StunMessageBuilder request(Method method, TransactionId tid) {
        return of(MessageClass.REQUEST, method, tid);
    }

    /**
     * An indication: no answer is expected (RFC 8489 §6.1).
     *
     * @param method the STUN method
     * @param tid a new random transaction id
     * @return the builder
     */
    public static StunMessageBuilder indication(Method method, TransactionId tid) {
        return of(MessageClass.INDICATION, method, tid);
    }

    /**
     * A success response to {@code request}, with its method, transaction id and cookie.
     *
     * @param request the request answered
     * @return the builder
     */
    public static StunMessageBuilder successFor(StunMessage request) {
        return of(MessageClass.SUCCESS_RESPONSE, request.method(), request.transactionId()).cookie(request.cookie());
    }

    /**
     * An error response to {@code request} carrying ERROR-CODE.
     *
     * @param request the request answered
     * @param code the error code, 300..699
     * @param reason its reason phrase
     * @return the builder
     */
    public static StunMessageBuilder errorFor(StunMessage request, int code, String reason) {
        return of(MessageClass.ERROR_RESPONSE, request.method(), request.transactionId()).cookie(request.cookie())
                .add(new CoreAttribute.ErrorCode(code, reason));
    }

    /**
     * The first word after the length; only RFC 3489 messages use anything but the magic cookie.
     *
     * @param value the cookie word
     * @return this builder
     */
    public StunMessageBuilder cookie(int value) {
        this.cookie = value;
        return this;
    }

    /**
     * Appends an attribute, in wire order. MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT are computed by the encoder and
     * refused here.
     *
     * @param attribute the attribute
     * @return this builder
     * @throws IllegalArgumentException for an attribute the encoder computes, or a value too long for 16 bits
     */
    public StunMessageBuilder add(StunAttribute attribute) {
        int t = attribute.type();
        if (t == AttributeType.MESSAGE_INTEGRITY || t == AttributeType.MESSAGE_INTEGRITY_SHA256
                || t == AttributeType.FINGERPRINT) {
            throw new IllegalArgumentException(attribute.typeName()
                    + " is computed by the encoder: use integrity(), integritySha256() or fingerprint()");
        }
        if (attribute.valueLength() > 0xffff) {
            throw new IllegalArgumentException(attribute.typeName() + " value of " + attribute.valueLength()
                    + " bytes does not fit the 16-bit length");
        }
        attributes.add(attribute);
        return this;
    }

    /**
     * Adds every attribute except MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT, which are recomputed.
     *
     * @param list the attributes, e.g. a decoded message's
     * @return this builder
     */
    public StunMessageBuilder addAllExceptIntegrity(List<StunAttribute> list) {
        for (StunAttribute a : list) {
            int t = a.type();
            if (t != AttributeType.MESSAGE_INTEGRITY && t != AttributeType.MESSAGE_INTEGRITY_SHA256
                    && t != AttributeType.FINGERPRINT) {
                add(a);
            }
        }
        return this;
    }

    /**
     * Ends the message with MESSAGE-INTEGRITY, HMAC-SHA1 over the message with this key (RFC 8489 §14.5).
     *
     * @param key the short-term or long-term key (see StunKeys)
     * @return this builder
     */
    public StunMessageBuilder integrity(byte[] key) {
        this.integrityKey = key.clone();
        return this;
    }

    /**
     * Ends the message with a full-length MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).
     *
     * @param key the key
     * @return this builder
     */
    public StunMessageBuilder integritySha256(byte[] key) {
        return integritySha256(key, 32);
    }

    /**
     * RFC 8489 §14.6: may be truncated to 16..32 bytes in steps of 4.
     *
     * @param key the key
     * @param length 16 to 32 bytes, a multiple of 4
     * @return this builder
     */
    public StunMessageBuilder integritySha256(byte[] key, int length) {
        if (!CoreAttribute.MessageIntegritySha256.validLength(length)) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY-SHA256 length must be 16..32 in steps of 4: " + length);
        }
        this.integritySha256Key = key.clone();
        this.integritySha256Length = length;
        return this;
    }

    /**
     * Ends the message with FINGERPRINT, the CRC-32 of what precedes it XOR 0x5354554e (RFC 8489 §14.7).
     *
     * @return this builder
     */
    public StunMessageBuilder fingerprint() {
        this.fingerprint = true;
        return this;
    }

    /**
     * The value of padding bytes; zero by default (RFC 5769's vectors use 0x20).
     *
     * @param value the byte written into padding
     * @return this builder
     */
    public StunMessageBuilder paddingByte(int value) {
        this.paddingByte = (byte) value;
        return this;
    }

    /**
     * The length of the encoded message, header and integrity attributes included.
     *
     * @return the length in bytes
     */
    public int encodedLength() {
        int n = StunMessage.HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            n += 4 + (a.valueLength() + 3 & ~3);
        }
        if (integrityKey != null) {
            n += 24;
        }
        if (integritySha256Key != null) {
            n += 4 + integritySha256Length;
        }
        if (fingerprint) {
            n += 8;
        }
        return n;
    }

    /**
     * Encodes the message.
     *
     * @return its bytes (a message without integrity needs no HMAC state; with integrity a new one is made:
     *     a busy sender keeps one and calls {@link #encode(Integrity)})
     */
    public byte[] encode() {
        return encode(integrityKey == null && integritySha256Key == null ? null : new Integrity());
    }

    /**
     * Encodes the message with the caller's HMAC state.
     *
     * @param integrity reused HMAC state; may be null when the message carries no MESSAGE-INTEGRITY(-SHA256)
     * @return its bytes
     */
    public byte[] encode(Integrity integrity) {
        byte[] out = new byte[encodedLength()];
        encodeInto(out, 0, integrity);
        return out;
    }

    /**
     * Encodes into {@code dst} at {@code off}; returns the length. Reuses the caller's MAC state.
     *
     * @param dst where the message goes
     * @param off its offset there
     * @param integrity the MAC state to compute integrity with
     * @return the message's length
     */
    public int encodeInto(byte[] dst, int off, Integrity integrity) {
        int total = encodedLength();
        if (total - StunMessage.HEADER_LENGTH > 0xffff) {
            throw new IllegalStateException("message of " + total + " bytes exceeds the 16-bit length");
        }
        ByteBuffer out = ByteBuffer.wrap(dst, off, total).slice();
        out.putShort((short) MessageType.encode(messageClass, method));
        out.putShort((short) 0);
        out.putInt(cookie);
        transactionId.write(out);
        for (StunAttribute a : attributes) {
            out.putShort((short) a.type()).putShort((short) a.valueLength());
            int start = out.position();
            a.writeValue(out, transactionId);
            if (out.position() - start != a.valueLength()) {
                throw new IllegalStateException(a.typeName() + " wrote " + (out.position() - start)
                        + " bytes, declared " + a.valueLength());
            }
            pad(out, a.valueLength());
        }
        // The HMACs and the CRC read the message where it is being written: dst from off.
        if (integrityKey != null) {
            int at = out.position();
            out.putShort((short) AttributeType.MESSAGE_INTEGRITY).putShort((short) 20);
            integrity.hmacSha1Into(integrityKey, dst, off, at, at + 24 - StunMessage.HEADER_LENGTH, dst, off + at + 4);
            out.position(at + 24);
        }
        if (integritySha256Key != null) {
            int at = out.position();
            int len = integritySha256Length;
            out.putShort((short) AttributeType.MESSAGE_INTEGRITY_SHA256).putShort((short) len);
            integrity.hmacSha256Into(integritySha256Key, dst, off, at, at + 4 + len - StunMessage.HEADER_LENGTH,
                    dst, off + at + 4, len);
            out.position(at + 4 + len);
        }
        if (fingerprint) {
            int at = out.position();
            out.putShort(2, (short) (total - StunMessage.HEADER_LENGTH));
            CRC32 crc = new CRC32();
            crc.update(dst, off, at);
            out.putShort((short) AttributeType.FINGERPRINT).putShort((short) 4)
                    .putInt((int) crc.getValue() ^ StunDecoder.FINGERPRINT_XOR);
        }
        out.putShort(2, (short) (total - StunMessage.HEADER_LENGTH));
        return total;
    }

    /**
     * Encodes and decodes again: the message as a receiver would see it.
     *
     * @return the decoded message
     */
    public StunMessage build() {
        try {
            return StunDecoder.decode(encode());
        } catch (StunDecodeException e) {
            throw new IllegalStateException("the encoder produced a message its decoder rejects: " + e.getMessage(), e);
        }
    }

    private void pad(ByteBuffer out, int valueLength) {
        for (int i = valueLength; i % 4 != 0; i++) {
            out.put(paddingByte);
        }
    }

}
