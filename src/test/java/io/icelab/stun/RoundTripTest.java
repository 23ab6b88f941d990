package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    static StunMessage decode(byte[] b) throws StunDecodeException {
        return StunDecoder.decode(Bytes.wrap(b));
    }

    @Test
    void anEncodedMessage_isIdentical_andChangesAreNamedByAttributeOrPadding() throws Exception {
        byte[] m = StunMessageBuilder.request(Method.BINDING, TransactionId.random(new SplittableRandom(3)))
                .add(new CoreAttribute.Software(Bytes.wrap("abcde".getBytes()))) // 5 bytes + 3 padding
                .add(new CoreAttribute.Username(Bytes.wrap("u:v".getBytes())))
                .integrity(StunKeys.shortTerm("pw")).fingerprint().encode();
        assertThat(RoundTrip.describe(decode(m))).isNull();
        byte[] mixedPadding = m.clone();
        mixedPadding[20 + 4 + 6] = 0x33; // the second padding byte of SOFTWARE; the first stays 0
        assertThat(RoundTrip.describe(decode(mixedPadding))).isEqualTo("padding of SOFTWARE at offset 30");
        byte[] otherCase = m.clone();
        otherCase[20 + 4 + 8 + 4] = 'U'; // USERNAME's first byte
        assertThat(RoundTrip.describe(decode(otherCase))).isNull(); // a different message, still its own round trip
        assertThat(RoundTrip.firstDifference(decode(m))).isEqualTo(-1);
    }

    /** The padding byte is the one after the first unaligned value, even when aligned attributes come first. */
    @Test
    void aPaddingByteOtherThanZero_isKept_afterAlignedAttributes_andNamedWhenItChanges() throws Exception {
        byte[] m = StunMessageBuilder.request(Method.BINDING, TransactionId.random(new SplittableRandom(4)))
                .add(new CoreAttribute.Software(Bytes.wrap("abcd".getBytes()))) // aligned: no padding
                .add(new CoreAttribute.Username(Bytes.wrap("u:v".getBytes()))) // 3 bytes + 1 padding
                .add(new CoreAttribute.Realm(Bytes.wrap("r".getBytes()))) // 1 byte + 3 padding
                .paddingByte(0x20).encode();
        assertThat(m[20 + 8 + 4 + 3]).isEqualTo((byte) 0x20);
        assertThat(RoundTrip.firstDifference(decode(m))).isEqualTo(-1);
        byte[] changed = m.clone();
        changed[20 + 8 + 8 + 4 + 2] = 0x00; // REALM's second padding byte no longer matches USERNAME's
        assertThat(RoundTrip.describe(decode(changed))).isEqualTo("padding of REALM at offset 42");
        byte[] value = m.clone();
        value[20 + 4] = 'x'; // SOFTWARE's first byte: a different value re-encodes identically
        assertThat(RoundTrip.describe(decode(value))).isNull();
    }

    @Test
    void aMessageWithoutAttributes_orAClassicOne_isItsOwnRoundTrip() throws Exception {
        byte[] empty = StunMessageBuilder.request(Method.BINDING, TransactionId.random(new SplittableRandom(5))).encode();
        assertThat(RoundTrip.describe(decode(empty))).isNull();
        byte[] classic = new byte[20];
        classic[1] = 0x01;
        classic[4] = 0x11;
        assertThat(RoundTrip.firstDifference(decode(classic))).isEqualTo(-1);
    }
}
