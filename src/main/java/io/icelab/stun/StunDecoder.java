package io.icelab.stun;

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
        int length = StunView.checkHeader(buf, off, len);
        return decodeBody(buf, off, len, AttributeDecoder.uint16(buf, off), length, AttributeDecoder.int32(buf, off + 4));
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
            StunView.checkAttribute(p, atype, alen, end, fingerprint);
            if (StunView.counts(atype, integrity, integrity256)) {
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
        return crcMatches(new CRC32(), buf, off, fingerprint)
                ? StunMessage.FingerprintStatus.VALID : StunMessage.FingerprintStatus.INVALID;
    }

    /** RFC 8489 §14.7: whether the FINGERPRINT at {@code fingerprint} matches the bytes before it. */
    static boolean crcMatches(CRC32 crc, byte[] buf, int off, int fingerprint) {
        crc.reset();
        crc.update(buf, off, fingerprint);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == AttributeDecoder.int32(buf, off + fingerprint + 4);
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
