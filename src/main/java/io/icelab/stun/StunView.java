package io.icelab.stun;

import io.icelab.stun.StunDecodeException.Reason;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A STUN message read in place, for paths that see every packet. {@link #wrap} checks the header and the
 * attribute framing exactly as {@link StunDecoder} does (RFC 8489 §5, §14: lengths, FINGERPRINT last,
 * nothing after MESSAGE-INTEGRITY counted) and records where each attribute sits; a value is read only
 * when asked, and its length checked then. Nothing is allocated: one view is reused message after
 * message, and a wrapped array must not change while it is read. {@link #decode()} gives the full
 * {@link StunMessage} for the rarer paths. Not thread-safe.
 */
public final class StunView {
    private static final int SLOT = 3; // type, value offset from the message start, value length

    private final CRC32 crc = new CRC32();
    private int[] slots = new int[SLOT * 16];
    private byte[] buf;
    private int off;
    private int len;
    private int count;
    private int integrity;
    private int integrity256;
    private int fingerprint;
    private int ignored;
    private StunMessage.FingerprintStatus fingerprintStatus;

    /** An empty view; {@link #wrap} fills it. */
    public StunView() {
    }

    /**
     * Reads the header and frames the attributes of {@code buf[off, off + len)}.
     *
     * @param buf the bytes
     * @param off where the message starts
     * @param len its length
     * @return this view
     * @throws StunDecodeException the same reason and offset {@link StunDecoder} gives for bad framing
     */
    public StunView wrap(byte[] buf, int off, int len) throws StunDecodeException {
        this.buf = null;
        int end = StunMessage.HEADER_LENGTH + checkHeader(buf, off, len);
        count = 0;
        integrity = -1;
        integrity256 = -1;
        fingerprint = -1;
        ignored = 0;
        fingerprintStatus = null;
        for (int p = StunMessage.HEADER_LENGTH; p < end; ) {
            int atype = AttributeDecoder.uint16(buf, off + p);
            int alen = AttributeDecoder.uint16(buf, off + p + 2);
            checkAttribute(p, atype, alen, end, fingerprint);
            if (counts(atype, integrity, integrity256)) {
                if (atype == AttributeType.MESSAGE_INTEGRITY) {
                    integrity = p;
                } else if (atype == AttributeType.MESSAGE_INTEGRITY_SHA256) {
                    integrity256 = p;
                } else if (atype == AttributeType.FINGERPRINT) {
                    fingerprint = p;
                }
                add(atype, p + 4, alen);
            } else {
                ignored++;
            }
            p += 4 + (alen + 3 & ~3);
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /**
     * Wraps a whole array as one message.
     *
     * @param buf the datagram
     * @return this view
     * @throws StunDecodeException as {@link #wrap(byte[], int, int)}
     */
    public StunView wrap(byte[] buf) throws StunDecodeException {
        return wrap(buf, 0, buf.length);
    }

    /**
     * Wraps the bytes of a {@link Bytes}.
     *
     * @param bytes the datagram
     * @return this view
     * @throws StunDecodeException as {@link #wrap(byte[], int, int)}
     */
    public StunView wrap(Bytes bytes) throws StunDecodeException {
        return wrap(bytes.array(), bytes.offset(), bytes.length());
    }

    // RFC 8489 §5: the header's checks, each with its offset; returns the declared length.
    static int checkHeader(byte[] buf, int off, int len) throws StunDecodeException {
        if (len < StunMessage.HEADER_LENGTH) {
            throw new StunDecodeException(Reason.TOO_SHORT, len, len + " bytes, a STUN header is 20");
        }
        if ((buf[off] & 0xc0) != 0) {
            throw new StunDecodeException(Reason.NOT_STUN, 0,
                    String.format("first byte 0x%02x: the two top bits of a STUN message are zero", buf[off] & 0xff));
        }
        int length = AttributeDecoder.uint16(buf, off + 2);
        int whole = StunMessage.HEADER_LENGTH + length;
        if (length % 4 != 0) {
            throw new StunDecodeException(Reason.BAD_LENGTH, 2, "message length " + length + " is not a multiple of 4");
        }
        if (whole > len) {
            throw new StunDecodeException(Reason.TRUNCATED, 2,
                    "message length " + length + " needs " + whole + " bytes, " + len + " given");
        }
        if (whole < len) {
            throw new StunDecodeException(Reason.TRAILING_BYTES, whole, (len - whole)
                    + " bytes after the declared end of the message");
        }
        return length;
    }

    // RFC 8489 §14: an attribute stays inside the message, and nothing follows FINGERPRINT (§14.7).
    static void checkAttribute(int p, int atype, int alen, int end, int fingerprint) throws StunDecodeException {
        if (alen > end - p - 4) {
            throw new StunDecodeException(Reason.ATTRIBUTE_OVERRUN, p, atype,
                    "length " + alen + " runs past the message end (" + (end - p - 4) + " bytes left)");
        }
        if (fingerprint >= 0) {
            throw new StunDecodeException(Reason.FINGERPRINT_NOT_LAST, p, atype,
                    "FINGERPRINT at offset " + fingerprint + " must be the last attribute");
        }
    }

    // RFC 8489 §14.5/§14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count, after
    // MESSAGE-INTEGRITY-SHA256 only FINGERPRINT; anything else is ignored.
    static boolean counts(int atype, int integrity, int integrity256) {
        return atype == AttributeType.FINGERPRINT
                || integrity256 < 0 && (integrity < 0 || atype == AttributeType.MESSAGE_INTEGRITY_SHA256);
    }

    private void add(int atype, int valueAt, int alen) {
        if (SLOT * count == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2); // at most 16,384 attributes fit in 64 KiB
        }
        slots[SLOT * count] = atype;
        slots[SLOT * count + 1] = valueAt;
        slots[SLOT * count + 2] = alen;
        count++;
    }

    private void wrapped() {
        if (buf == null) {
            throw new IllegalStateException("no message wrapped, or the last wrap failed");
        }
    }

    /**
     * The 14-bit message type (RFC 8489 §5).
     *
     * @return class and method bits
     */
    public int messageType() {
        wrapped();
        return AttributeDecoder.uint16(buf, off);
    }

    /**
     * The message's class.
     *
     * @return request, indication, success or error response
     */
    public MessageClass messageClass() {
        return MessageType.classOf(messageType());
    }

    /**
     * Whether the message has this class and method, without making a {@link Method}.
     *
     * @param cls the class
     * @param method the method
     * @return true when both match
     */
    public boolean is(MessageClass cls, Method method) {
        return messageType() == MessageType.encode(cls, method);
    }

    /**
     * The 32 bits after the length: the magic cookie, or for RFC 3489 the first word of the id.
     *
     * @return the cookie word
     */
    public int cookie() {
        wrapped();
        return AttributeDecoder.int32(buf, off + 4);
    }

    /**
     * Whether the transaction id equals {@code id}, compared in place.
     *
     * @param id a transaction id
     * @return true when the 96 bits after the cookie match
     */
    public boolean transactionIdEquals(TransactionId id) {
        wrapped();
        return id.high() == AttributeDecoder.int64(buf, off + 8) && id.low() == AttributeDecoder.int32(buf, off + 16);
    }

    /**
     * How many attributes count (those after the integrity attributes are not counted, RFC 8489 §14.5).
     *
     * @return the number of attributes {@link #attributeType(int)} indexes
     */
    public int attributeCount() {
        wrapped();
        return count;
    }

    /**
     * The type of the attribute at {@code index}, in wire order.
     *
     * @param index from 0 to {@link #attributeCount()} - 1
     * @return the attribute's type
     */
    public int attributeType(int index) {
        return slot(index, 0);
    }

    /**
     * Where the value of the attribute at {@code index} starts, from the message's first byte.
     *
     * @param index from 0 to {@link #attributeCount()} - 1
     * @return the value's offset
     */
    public int valueOffset(int index) {
        return slot(index, 1);
    }

    /**
     * The value length of the attribute at {@code index} (its padding not included).
     *
     * @param index from 0 to {@link #attributeCount()} - 1
     * @return the length in bytes
     */
    public int valueLength(int index) {
        return slot(index, 2);
    }

    private int slot(int index, int field) {
        wrapped();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("attribute " + index + " of " + count);
        }
        return slots[SLOT * index + field];
    }

    /**
     * The index of the first counted attribute of this type.
     *
     * @param attributeType an {@link AttributeType} constant
     * @return its index, or -1 when absent
     */
    public int find(int attributeType) {
        wrapped();
        for (int i = 0; i < count; i++) {
            if (slots[SLOT * i] == attributeType) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a counted attribute of this type is present.
     *
     * @param attributeType an {@link AttributeType} constant
     * @return true when present
     */
    public boolean has(int attributeType) {
        return find(attributeType) >= 0;
    }

    /**
     * The 32-bit value of a 4-byte attribute (PRIORITY, LIFETIME, FINGERPRINT...).
     *
     * @param index the attribute's index
     * @return the value, unsigned values in the int's bits
     * @throws StunDecodeException when its length is not 4
     */
    public int int32(int index) throws StunDecodeException {
        exact(index, 4);
        return AttributeDecoder.int32(buf, off + valueOffset(index));
    }

    /**
     * The 64-bit value of an 8-byte attribute (ICE-CONTROLLING, ICE-CONTROLLED, RESERVATION-TOKEN).
     *
     * @param index the attribute's index
     * @return the value
     * @throws StunDecodeException when its length is not 8
     */
    public long int64(int index) throws StunDecodeException {
        exact(index, 8);
        return AttributeDecoder.int64(buf, off + valueOffset(index));
    }

    /**
     * Whether the value of the attribute at {@code index} is exactly {@code expected} (a USERNAME against the
     * one this agent expects, say), compared in place.
     *
     * @param index the attribute's index
     * @param expected the bytes
     * @return true when length and bytes match
     */
    public boolean valueEquals(int index, byte[] expected) {
        int at = off + valueOffset(index);
        return Arrays.equals(buf, at, at + valueLength(index), expected, 0, expected.length);
    }

    private void exact(int index, int want) throws StunDecodeException {
        int got = valueLength(index);
        if (got != want) {
            int type = attributeType(index);
            throw new StunDecodeException(Reason.BAD_ATTRIBUTE_LENGTH, off + valueOffset(index), type,
                    "must be " + want + " bytes, is " + got);
        }
    }

    /**
     * Whether FINGERPRINT was present and matched (RFC 8489 §14.7); the CRC-32 is computed on first ask.
     *
     * @return absent, valid or invalid
     */
    public StunMessage.FingerprintStatus fingerprint() {
        wrapped();
        if (fingerprintStatus == null) {
            fingerprintStatus = fingerprint < 0 ? StunMessage.FingerprintStatus.ABSENT
                    : StunDecoder.crcMatches(crc, buf, off, fingerprint)
                    ? StunMessage.FingerprintStatus.VALID : StunMessage.FingerprintStatus.INVALID;
        }
        return fingerprintStatus;
    }

    /**
     * How many attributes followed MESSAGE-INTEGRITY and were ignored (RFC 8489 §14.5).
     *
     * @return the number of ignored attributes
     */
    public int ignoredAfterIntegrity() {
        wrapped();
        return ignored;
    }

    int integrityOffset() {
        return integrity;
    }

    int integritySha256Offset() {
        return integrity256;
    }

    byte[] array() {
        return buf;
    }

    int offset() {
        return off;
    }

    /**
     * The whole message, every attribute made a record, for paths that need more than a few values.
     *
     * @return the decoded message over the same bytes
     * @throws StunDecodeException when an attribute's value is malformed
     */
    public StunMessage decode() throws StunDecodeException {
        wrapped();
        return StunDecoder.decode(buf, off, len);
    }
}
