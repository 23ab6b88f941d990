package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Attributes of a fixed length (RFC 8489 §14, RFC 8445 §16.1, RFC 8656 §18, RFC 5780 §7): any other length is a typed error. */
class FixedLengthAttributesTest {
    private static final Map<Integer, Integer> FIXED = new TreeMap<>(Map.ofEntries(
            Map.entry(AttributeType.USERHASH, 32), Map.entry(AttributeType.PRIORITY, 4),
            Map.entry(AttributeType.USE_CANDIDATE, 0), Map.entry(AttributeType.ICE_CONTROLLED, 8),
            Map.entry(AttributeType.ICE_CONTROLLING, 8), Map.entry(AttributeType.CHANGE_REQUEST, 4),
            Map.entry(AttributeType.RESPONSE_PORT, 4), Map.entry(AttributeType.CHANNEL_NUMBER, 4),
            Map.entry(AttributeType.LIFETIME, 4), Map.entry(AttributeType.REQUESTED_ADDRESS_FAMILY, 4),
            Map.entry(AttributeType.ADDITIONAL_ADDRESS_FAMILY, 4), Map.entry(AttributeType.EVEN_PORT, 1),
            Map.entry(AttributeType.REQUESTED_TRANSPORT, 4), Map.entry(AttributeType.DONT_FRAGMENT, 0),
            Map.entry(AttributeType.RESERVATION_TOKEN, 8), Map.entry(AttributeType.ICMP, 8),
            Map.entry(AttributeType.CONNECTION_ID, 4)));

    /** A Binding request with one attribute of {@code type} whose value is {@code len} bytes (0x01 for families). */
    private static Bytes message(int type, int len) {
        int padded = len + 3 & ~3;
        byte[] b = new byte[20 + 4 + padded];
        b[1] = 0x01;
        b[2] = (byte) ((4 + padded) >> 8);
        b[3] = (byte) (4 + padded);
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xa4;
        b[7] = 0x42;
        b[20] = (byte) (type >> 8);
        b[21] = (byte) type;
        b[22] = (byte) (len >> 8);
        b[23] = (byte) len;
        if (len > 0) {
            b[24] = 0x01; // a valid family byte where one is read
        }
        return Bytes.wrap(b);
    }

    @Test
    void theRightLengthDecodes_anyOtherIsATypedErrorAtTheValue() throws Exception {
        FIXED.forEach((type, len) -> {
            try {
                assertThat(StunDecoder.decode(message(type, len)).attributes()).as(AttributeType.name(type)).hasSize(1);
            } catch (StunDecodeException e) {
                throw new AssertionError(AttributeType.name(type) + " of its own length: " + e.getMessage(), e);
            }
            for (int wrong : new int[] {len + 1, len + 4}) {
                assertThatThrownBy(() -> StunDecoder.decode(message(type, wrong))).as("%s of %d bytes", AttributeType.name(type), wrong)
                        .isInstanceOfSatisfying(StunDecodeException.class, e -> {
                            assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.BAD_ATTRIBUTE_LENGTH);
                            assertThat(e.offset()).isEqualTo(24);
                        });
            }
        });
    }
}
