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
}
