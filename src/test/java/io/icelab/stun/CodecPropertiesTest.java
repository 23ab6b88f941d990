package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property tests with seeded generators: round trips of every attribute, and hostile bytes. */
class CodecPropertiesTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261125})
    void everyAttributeKind_roundTrips_aloneAndMixed_withIntegrityAndFingerprint(long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        for (int kind = 0; kind < RandomMessages.KINDS; kind++) {
            roundTrip(r, List.of(RandomMessages.attribute(r, kind)), "kind " + kind);
        }
        for (int i = 0; i < 400; i++) {
            List<StunAttribute> attrs = new ArrayList<>();
            for (int n = r.nextInt(8); n > 0; n--) {
                attrs.add(RandomMessages.attribute(r, r.nextInt(RandomMessages.KINDS)));
            }
            roundTrip(r, attrs, "mix " + i);
        }
    }

    private static void roundTrip(SplittableRandom r, List<StunAttribute> attrs, String what) throws Exception {
        StunMessageBuilder b = RandomMessages.message(r, attrs);
        byte[] key = RandomMessages.bytes(r, 0, 40).toArray();
        boolean mi = r.nextBoolean();
        boolean mi256 = r.nextBoolean();
        boolean fp = r.nextBoolean();
        if (mi) {
            b.integrity(key);
        }
        if (mi256) {
            b.integritySha256(key, 16 + 4 * r.nextInt(5));
        }
        if (fp) {
            b.fingerprint();
        }
        byte[] wire = b.encode();
        StunMessage m = StunDecoder.decode(wire);
        List<StunAttribute> plain = new ArrayList<>();
        for (StunAttribute a : m.attributes()) {
            if (!(a instanceof CoreAttribute.MessageIntegrity || a instanceof CoreAttribute.MessageIntegritySha256
                    || a instanceof CoreAttribute.Fingerprint)) {
                plain.add(a);
            }
        }
        assertThat(plain).as(what).isEqualTo(attrs);
        assertThat(m.fingerprintStatus()).as(what)
                .isEqualTo(fp ? StunMessage.FingerprintStatus.VALID : StunMessage.FingerprintStatus.ABSENT);
        Integrity.Status want = mi || mi256 ? Integrity.Status.VALID : Integrity.Status.ABSENT;
        assertThat(new Integrity().verify(m, key)).as(what).isEqualTo(want);
        byte[] again = StunMessageBuilder.of(m.messageClass(), m.method(), m.transactionId())
                .addAllExceptIntegrity(m.attributes()).encode();
        StunMessage reparsed = StunDecoder.decode(again);
        assertThat(reparsed.attributes()).as(what).isEqualTo(plain);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void randomBytes_yieldAMessageOrTheTypedError_only(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b = RandomMessages.bytes(r, 0, 120).toArray();
            if (r.nextInt(4) > 0 && b.length >= 20) {
                // Make most inputs get past the header so attribute parsing is exercised too.
                b[0] &= 0x3f;
                b[2] = (byte) ((b.length - 20) >> 8);
                b[3] = (byte) (b.length - 20);
                b[4] = 0x21; b[5] = 0x12; b[6] = (byte) 0xa4; b[7] = 0x42;
            }
            decoded += decodeOrTyped(b) ? 1 : 0;
        }
        assertThat(decoded).as("some random inputs are well-formed messages").isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void mutatedValidMessages_yieldAMessageOrTheTypedError_only(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            List<StunAttribute> attrs = new ArrayList<>();
            for (int n = 1 + r.nextInt(6); n > 0; n--) {
                attrs.add(RandomMessages.attribute(r, r.nextInt(RandomMessages.KINDS)));
            }
            byte[] wire = RandomMessages.message(r, attrs).fingerprint().encode();
            for (int flips = 1 + r.nextInt(4); flips > 0; flips--) {
                int at = r.nextInt(wire.length);
                switch (r.nextInt(3)) {
                    case 0 -> wire[at] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> wire[at] = (byte) r.nextInt(256);
                    default -> wire = java.util.Arrays.copyOf(wire, Math.max(0, wire.length - 1 - r.nextInt(8)));
                }
            }
            rejected += decodeOrTyped(wire) ? 0 : 1;
        }
        assertThat(rejected).as("mutations are caught as typed errors").isPositive();
    }

    /** True when decoded, false on the typed error; any other throwable fails the test. */
    private static boolean decodeOrTyped(byte[] b) {
        try {
            StunMessage m = StunDecoder.decode(b);
            m.toString();
            for (StunAttribute a : m.attributes()) {
                a.typeName();
            }
            return true;
        } catch (StunDecodeException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.offset()).isBetween(0, b.length);
            return false;
        } catch (RuntimeException | Error e) {
            fail("input %s raised %s instead of StunDecodeException", Bytes.wrap(b).hex(), e);
            return false;
        }
    }
}
