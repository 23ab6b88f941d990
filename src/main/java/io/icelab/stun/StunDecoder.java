package io.icelab.stun;

import io.icelab.stun.StunDecodeException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Decodes one STUN message from exactly the bytes given (one UDP payload or one stream frame).
 * Any input yields a message or a {@link StunDecodeException}; attribute values are not copied.
 */
public final class StunDecoder {
    static final int FINGERPRINT_XOR = 0x5354554e;

    private StunDecoder() {
    }

    /**
     * Decodes a whole array as one message.
     *
     * @param buf the datagram
     * @return the message
     * @throws StunDecodeException naming the reason, the offset and the attribute at fault
     */
    public static StunMessage decode(byte[] buf) throws StunDecodeException {
        return decode(buf, 0, buf.length);
    }

    /**
     * Decodes the bytes as one message.
     *
     * @param bytes the datagram
     * @return the message
     * @throws StunDecodeException naming the reason, the offset and the attribute at fault
     */
    public static StunMessage decode(Bytes bytes) throws StunDecodeException {
        return decode(bytes.array(), bytes.offset(), bytes.length());
    }

    /**
     * Decodes {@code buf[off, off+len)}. Offsets in errors count from {@code off}. The array is
     * wrapped, not copied: it must not change afterwards.
     *
     * @param buf the bytes
     * @param off where the message starts
     * @param len its length
     * @return the message
     * @throws StunDecodeException naming the reason, the offset and the attribute at fault
     */
    public static StunMessage decode(byte[] buf, int off, int len) throws StunDecodeException {
        int length = checkHeader(buf, off, len);
        return decodeBody(buf, off, len, AttributeDecoder.uint16(buf, off), length, AttributeDecoder.int32(buf, off + 4));
    }

    /** RFC 8489 §5: the header's checks, each with its offset; returns the declared length. */
    private static int checkHeader(byte[] buf, int off, int len) throws StunDecodeException {
        if (len < StunMessage.HEADER_LENGTH) {
            throw new StunDecodeException(Reason.TOO_SHORT, len, len + " bytes, a STUN header is 20");
        }
        if ((buf[off] & 0xc0) != 0) {
            throw new StunDecodeException(Reason.NOT_STUN, 0,
                    String.format("first byte 0x%02x: the two top bits of a STUN message are zero", buf[off] & 0xff));
        }
        int length = AttributeDecoder.uint16(buf, off + 2);
        if (length % 4 != 0) {
            throw new StunDecodeException(Reason.BAD_LENGTH, 2, "message length " + length + " is not a multiple of 4");
        }
        if (headerPlus(length) > len) {
            throw new StunDecodeException(Reason.TRUNCATED, 2,
                    "message length " + length + " needs " + headerPlus(length) + " bytes, " + len + " given");
        }
        if (headerPlus(length) < len) {
            throw new StunDecodeException(Reason.TRAILING_BYTES, headerPlus(length),
                    (len - headerPlus(length)) + " bytes after the declared end of the message");
        }
        return length;
    }

    /** The body of {@link #decode(byte[], int, int)} after the header checks: the attributes in order. */
    private static StunMessage decodeBody(byte[] buf, int off, int len, int type, int length, int cookie)
            throws StunDecodeException {
        TransactionId tid = TransactionId.read(buf, off + 8);
        List<StunAttribute> attrs = new ArrayList<>();
        List<Integer> unknownRequired = new ArrayList<>();
        int integrity = -1;
        int integrity256 = -1;
        int fingerprint = -1;
        int ignored = 0;
        int end = headerPlus(length);
        int p = StunMessage.HEADER_LENGTH;
        while (p < end) {
            int atype = AttributeDecoder.uint16(buf, off + p);
            int alen = AttributeDecoder.uint16(buf, off + p + 2);
            if (alen > end - p - 4) {
                throw new StunDecodeException(Reason.ATTRIBUTE_OVERRUN, p, atype,
                        "length " + alen + " runs past the message end (" + (end - p - 4) + " bytes left)");
            }
            if (fingerprint >= 0) {
                throw new StunDecodeException(Reason.FINGERPRINT_NOT_LAST, p, atype,
                        "FINGERPRINT at offset " + fingerprint + " must be the last attribute");
            }
            boolean afterIntegrity256 = integrity256 >= 0;
            boolean afterIntegrity = integrity >= 0;
            // RFC 8489 §14.5/§14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count,
            // after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT; anything else is ignored.
            boolean counts = atype == AttributeType.FINGERPRINT
                    || (!afterIntegrity256 && (!afterIntegrity || atype == AttributeType.MESSAGE_INTEGRITY_SHA256));
            if (counts) {
                StunAttribute a = AttributeDecoder.decode(buf, off + p + 4, alen, atype, tid);
                attrs.add(a);
                if (atype == AttributeType.MESSAGE_INTEGRITY) {
                    integrity = p;
                } else if (atype == AttributeType.MESSAGE_INTEGRITY_SHA256) {
                    integrity256 = p;
                } else if (atype == AttributeType.FINGERPRINT) {
                    fingerprint = p;
                } else if (a instanceof UnknownAttribute u && u.comprehensionRequired()) {
                    unknownRequired.add(atype);
                }
            } else {
                ignored++;
            }
            p += 4 + (alen + 3 & ~3);
        }
        StunMessage.FingerprintStatus fp = fingerprintStatus(buf, off, fingerprint);
        StunMessage.Wire wire = new StunMessage.Wire(Bytes.wrap(buf, off, len), integrity, integrity256, fingerprint,
                fp, ignored, List.copyOf(unknownRequired));
        return new StunMessage(MessageType.classOf(type), MessageType.methodOf(type), tid, cookie, attrs, wire);
    }

    /** RFC 8489 §14.7: CRC-32 of the bytes before FINGERPRINT, XOR 0x5354554e. */
    private static StunMessage.FingerprintStatus fingerprintStatus(byte[] buf, int off, int fingerprint) {
        if (fingerprint < 0) {
            return StunMessage.FingerprintStatus.ABSENT;
        }
        CRC32 crc = new CRC32();
        crc.update(buf, off, fingerprint);
        int expected = (int) crc.getValue() ^ FINGERPRINT_XOR;
        return expected == AttributeDecoder.int32(buf, off + fingerprint + 4)
                ? StunMessage.FingerprintStatus.VALID : StunMessage.FingerprintStatus.INVALID;
    }

    private static int headerPlus(int length) {
        return StunMessage.HEADER_LENGTH + length;
    }

    /**
     * A cheap check for demultiplexing (RFC 7983 first byte, RFC 8489 §5 cookie and length): true when
     * the bytes could be an RFC 5389+ message. Decoding is still needed to be sure.
     *
     * @param buf the bytes
     * @param off where they start
     * @param len how many
     * @return true when they may be STUN
     */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        return len >= StunMessage.HEADER_LENGTH
                && (buf[off] & 0xc0) == 0
                && AttributeDecoder.int32(buf, off + 4) == StunMessage.MAGIC_COOKIE
                && AttributeDecoder.uint16(buf, off + 2) + StunMessage.HEADER_LENGTH == len
                && (buf[off + 3] & 3) == 0;
    }
}
