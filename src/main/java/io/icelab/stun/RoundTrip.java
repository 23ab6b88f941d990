package io.icelab.stun;

/**
 * Does a decoded message re-encode to the bytes it came from? Compared up to MESSAGE-INTEGRITY(-SHA256)
 * or FINGERPRINT (those are recomputed from keys the decoder never had), with the length field left out
 * for the same reason. Padding is re-encoded with the byte the original used, so that is not a difference.
 */
public final class RoundTrip {
    private RoundTrip() {
    }

    /**
     * The offset of the first byte that differs, or -1 when the re-encoding is identical.
     *
     * @param m a decoded message
     * @return the offset, or -1
     */
    public static int firstDifference(StunMessage m) {
        StunMessage.Wire wire = m.wire();
        if (wire == null || m.isClassic()) {
            return -1;
        }
        byte[] original = wire.bytes().toArray();
        int end = original.length;
        for (int at : new int[] {wire.integrityOffset(), wire.integritySha256Offset(), wire.fingerprintOffset()}) {
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        StunMessageBuilder b = StunMessageBuilder.of(m.messageClass(), m.method(), m.transactionId()).cookie(m.cookie())
                .paddingByte(paddingByte(original, end));
        for (StunAttribute a : m.attributes()) {
            int t = a.type();
            if (t == AttributeType.MESSAGE_INTEGRITY || t == AttributeType.MESSAGE_INTEGRITY_SHA256
                    || t == AttributeType.FINGERPRINT) {
                break; // what follows is not part of the protected prefix
            }
            b.add(a);
        }
        byte[] again = b.encode();
        for (int i = 0; i < end; i++) {
            if (i == 2 || i == 3) {
                continue;
            }
            if (i >= again.length || again[i] != original[i]) {
                return i;
            }
        }
        return again.length == end ? -1 : end;
    }

    /** The padding byte the original used (the byte after the first attribute value whose length is not a multiple of 4). */
    private static int paddingByte(byte[] b, int end) {
        int p = StunMessage.HEADER_LENGTH;
        while (p + 4 <= end) {
            int len = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            if (len % 4 != 0 && p + 4 + len < end) {
                return b[p + 4 + len] & 0xff;
            }
            p += 4 + ((len + 3) & ~3);
        }
        return 0;
    }

    /**
     * Null when the message re-encodes identically; else what differs, named: "padding of SOFTWARE at
     * offset 83" (padding is ignored on receipt, RFC 8489 §14, so that is only a normalisation) or
     * "XOR-PEER-ADDRESS at offset 78".
     *
     * @param m a decoded message
     * @return a line saying where they differ, or that they do not
     */
    public static String describe(StunMessage m) {
        int at = firstDifference(m);
        if (at < 0) {
            return null;
        }
        byte[] b = m.wire().bytes().toArray();
        int p = StunMessage.HEADER_LENGTH;
        while (p + 4 <= b.length) {
            int type = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
            int len = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            int valueEnd = p + 4 + len;
            int next = p + 4 + ((len + 3) & ~3);
            if (at < next) {
                return (at >= valueEnd ? "padding of " : "") + AttributeType.name(type) + " at offset " + at;
            }
            p = next;
        }
        return at < StunMessage.HEADER_LENGTH ? "the header at offset " + at : "offset " + at;
    }
}
