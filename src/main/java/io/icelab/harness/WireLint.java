package io.icelab.harness;

import io.icelab.stun.AttributeType;
import io.icelab.stun.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sender must leave zero in a STUN message (RFC 8489 §14: attribute padding; §14.1: the first byte of
 * an address; §14.8: the 21 reserved bits of ERROR-CODE; §14.12: PASSWORD-ALGORITHM parameter padding;
 * RFC 8656 §18.1, §18.6, §18.7, §18.8, §18.12: the reserved fields of CHANNEL-NUMBER, the address-family
 * attributes, EVEN-PORT, REQUESTED-TRANSPORT and ADDRESS-ERROR-CODE), read from the raw bytes because the
 * decoder ignores them.
 */
final class WireLint {
    private WireLint() {
    }

    /** The problems found, each naming the attribute and the byte offset; empty for a clean message. */
    static List<String> problems(Bytes message) {
        byte[] b = message.toArray();
        List<String> out = new ArrayList<>();
        int end = Math.min(b.length, 20 + ((b[2] & 0xff) << 8 | (b[3] & 0xff)));
        int p = 20;
        while (p + 4 <= end) {
            int type = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
            int len = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
            int v = p + 4;
            int padded = len + 3 & ~3;
            if (v + padded > end) {
                out.add(AttributeType.name(type) + " at " + p + " runs past the message");
                break;
            }
            for (int i = v + len; i < v + padded; i++) {
                zero(out, b, i, 0xff, type, "padding");
            }
            reserved(out, b, type, v, len);
            p = v + padded;
        }
        return out;
    }

    private static void reserved(List<String> out, byte[] b, int type, int v, int len) {
        switch (type) {
            case AttributeType.MAPPED_ADDRESS, AttributeType.XOR_MAPPED_ADDRESS, AttributeType.ALTERNATE_SERVER,
                    AttributeType.XOR_PEER_ADDRESS, AttributeType.XOR_RELAYED_ADDRESS, AttributeType.RESPONSE_ORIGIN,
                    AttributeType.OTHER_ADDRESS -> zero(out, b, v, 0xff, type, "first byte");
            case AttributeType.ERROR_CODE -> {
                zero(out, b, v, 0xff, type, "reserved bits");
                zero(out, b, v + 1, 0xff, type, "reserved bits");
                zero(out, b, v + 2, 0xf8, type, "reserved bits");
            }
            case AttributeType.ADDRESS_ERROR_CODE -> {
                zero(out, b, v + 1, 0xff, type, "reserved bits");
                zero(out, b, v + 2, 0xf8, type, "reserved bits");
            }
            case AttributeType.CHANNEL_NUMBER -> {
                zero(out, b, v + 2, 0xff, type, "RFFU");
                zero(out, b, v + 3, 0xff, type, "RFFU");
            }
            case AttributeType.REQUESTED_TRANSPORT, AttributeType.REQUESTED_ADDRESS_FAMILY,
                    AttributeType.ADDITIONAL_ADDRESS_FAMILY -> {
                for (int i = 1; i < 4 && i < len; i++) {
                    zero(out, b, v + i, 0xff, type, "reserved bits");
                }
            }
            case AttributeType.EVEN_PORT -> zero(out, b, v, 0x7f, type, "RFFU");
            case AttributeType.PASSWORD_ALGORITHM, AttributeType.PASSWORD_ALGORITHMS -> {
                int q = v;
                while (q + 4 <= v + len) {
                    int params = (b[q + 2] & 0xff) << 8 | (b[q + 3] & 0xff);
                    for (int i = q + 4 + params; i < q + 4 + (params + 3 & ~3) && i < v + len; i++) {
                        zero(out, b, i, 0xff, type, "parameter padding");
                    }
                    q += 4 + (params + 3 & ~3);
                }
            }
            default -> {
            }
        }
    }

    private static void zero(List<String> out, byte[] b, int at, int mask, int type, String what) {
        if ((b[at] & mask) != 0) {
            out.add(String.format("%s %s at byte %d is 0x%02x", AttributeType.name(type), what, at, b[at] & 0xff));
        }
    }
}
