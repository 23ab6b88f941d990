package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The in-place reader agrees with the decoder on every input, reads the RFC 5769 vectors, and allocates nothing. */
class StunViewTest {
    static final java.util.Set<StunDecodeException.Reason> VALUE_ERRORS = java.util.EnumSet.of(
            StunDecodeException.Reason.BAD_ATTRIBUTE_LENGTH, StunDecodeException.Reason.BAD_ATTRIBUTE_VALUE,
            StunDecodeException.Reason.BAD_ADDRESS_FAMILY);
    static final byte[] KEY = StunKeys.shortTerm(Rfc5769VectorsTest.PASSWORD);

    @Test
    void rfc5769Request_readsInPlace() throws Exception {
        StunView v = new StunView().wrap(Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST));
        assertThat(v.is(MessageClass.REQUEST, Method.BINDING)).isTrue();
        assertThat(v.is(MessageClass.SUCCESS_RESPONSE, Method.BINDING)).isFalse();
        assertThat(v.transactionIdEquals(TransactionId.fromHex("b7e7a701bc34d686fa87dfae"))).isTrue();
        assertThat(v.transactionIdEquals(TransactionId.fromHex("b7e7a701bc34d686fa87dfaf"))).isFalse();
        assertThat(v.int32(v.find(AttributeType.PRIORITY)) & 0xffffffffL).isEqualTo(0x6e0001ffL);
        assertThat(v.int64(v.find(AttributeType.ICE_CONTROLLED))).isEqualTo(0x932ff9b151263b36L);
        assertThat(v.has(AttributeType.ICE_CONTROLLING)).isFalse();
        assertThat(v.valueEquals(v.find(AttributeType.USERNAME), "evtj:h6vY".getBytes())).isTrue();
        assertThat(v.valueEquals(v.find(AttributeType.USERNAME), "evtj:h6vZ".getBytes())).isFalse();
        assertThat(v.fingerprint()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        Integrity integrity = new Integrity();
        assertThat(integrity.verify(v, KEY)).isEqualTo(Integrity.Status.VALID);
        assertThat(integrity.verify(v, StunKeys.shortTerm("wrong"))).isEqualTo(Integrity.Status.INVALID);
    }

    @Test
    void everyRfc5769Vector_verifiesAsTheDecoderDoes() throws Exception {
        Integrity integrity = new Integrity();
        byte[] longTerm = StunKeys.longTermMd5("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX");
        StunView v = new StunView();
        for (String hex : List.of(Rfc5769VectorsTest.IPV4_RESPONSE, Rfc5769VectorsTest.IPV6_RESPONSE)) {
            v.wrap(Rfc5769VectorsTest.hex(hex));
            assertThat(v.fingerprint()).isEqualTo(StunMessage.FingerprintStatus.VALID);
            assertThat(integrity.verify(v, KEY)).isEqualTo(Integrity.Status.VALID);
        }
        v.wrap(Rfc5769VectorsTest.hex(Rfc5769VectorsTest.LONG_TERM_REQUEST));
        assertThat(v.fingerprint()).isEqualTo(StunMessage.FingerprintStatus.ABSENT);
        assertThat(integrity.verify(v, longTerm)).isEqualTo(Integrity.Status.VALID);
    }

    @Test
    void aDamagedFingerprint_isInvalid_andAWrongLengthIsATypedError() throws Exception {
        byte[] b = Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST);
        b[b.length - 1] ^= 1;
        StunView v = new StunView().wrap(b);
        assertThat(v.fingerprint()).isEqualTo(StunMessage.FingerprintStatus.INVALID);
        assertThatThrownBy(() -> v.int64(v.find(AttributeType.PRIORITY)))
                .isInstanceOfSatisfying(StunDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StunDecodeException.Reason.BAD_ATTRIBUTE_LENGTH);
                    assertThat(e.attributeType()).isEqualTo(AttributeType.PRIORITY);
                });
    }

    @Test
    void afterAFailedWrap_theViewReadsNothing() {
        StunView v = new StunView();
        assertThatThrownBy(() -> v.wrap(new byte[12], 0, 12)).isInstanceOf(StunDecodeException.class);
        assertThatThrownBy(v::attributeCount).isInstanceOf(IllegalStateException.class);
    }

    /**
     * On the RFC 5769 vectors, random valid messages and 20,000 seeded mutations of both: the view refuses exactly
     * the framing the decoder refuses (same reason, same offset), and where the decoder accepts it finds the same
     * attributes in the same order with the same fingerprint and integrity verdicts.
     */
    @Test
    void agreesWithTheDecoder_onValidAndMutatedMessages() {
        SplittableRandom r = new SplittableRandom(5769);
        List<byte[]> seeds = new ArrayList<>();
        for (String hex : List.of(Rfc5769VectorsTest.REQUEST, Rfc5769VectorsTest.IPV4_RESPONSE,
                Rfc5769VectorsTest.IPV6_RESPONSE, Rfc5769VectorsTest.LONG_TERM_REQUEST)) {
            seeds.add(Rfc5769VectorsTest.hex(hex));
        }
        for (int i = 0; i < 200; i++) {
            List<StunAttribute> attrs = new ArrayList<>();
            for (int n = r.nextInt(6); n > 0; n--) {
                attrs.add(RandomMessages.attribute(r, r.nextInt(RandomMessages.KINDS)));
            }
            StunMessageBuilder b = RandomMessages.message(r, attrs);
            if (r.nextBoolean()) {
                b.integrity(KEY);
            }
            if (r.nextBoolean()) {
                b.fingerprint();
            }
            seeds.add(b.encode());
        }
        StunView v = new StunView();
        Integrity integrity = new Integrity();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 20_000 + seeds.size(); i++) {
            byte[] b = i < seeds.size() ? seeds.get(i) : mutate(r, seeds.get(r.nextInt(seeds.size())));
            StunMessage m = null;
            StunDecodeException decoderError = null;
            try {
                m = StunDecoder.decode(b);
            } catch (StunDecodeException e) {
                decoderError = e;
            }
            StunDecodeException viewError = null;
            try {
                v.wrap(b, 0, b.length);
            } catch (StunDecodeException e) {
                viewError = e;
            }
            if (viewError != null) {
                refused++;
                assertThat(decoderError).as("input %d: the decoder accepts what the view refuses", i).isNotNull();
                if (VALUE_ERRORS.contains(decoderError.reason())) {
                    // the decoder reads values as it frames: a bad value before the framing error is met first
                    assertThat(decoderError.offset()).isLessThanOrEqualTo(viewError.offset());
                } else {
                    assertThat(decoderError.reason()).isEqualTo(viewError.reason());
                    assertThat(decoderError.offset()).isEqualTo(viewError.offset());
                }
                continue;
            }
            if (m == null) {
                continue; // an attribute's value is malformed: the view finds out when that value is read
            }
            accepted++;
            assertThat(v.attributeCount()).isEqualTo(m.attributes().size());
            for (int a = 0; a < v.attributeCount(); a++) {
                assertThat(v.attributeType(a)).isEqualTo(m.attributes().get(a).type());
            }
            assertThat(v.messageType()).isEqualTo(MessageType.encode(m.messageClass(), m.method()));
            assertThat(v.transactionIdEquals(m.transactionId())).isTrue();
            assertThat(v.fingerprint()).isEqualTo(m.fingerprintStatus());
            assertThat(v.ignoredAfterIntegrity()).isEqualTo(m.ignoredAfterIntegrity());
            assertThat(integrity.verify(v, KEY)).isEqualTo(integrity.verify(m, KEY));
        }
        assertThat(accepted).as("inputs both accepted").isGreaterThan(1_000);
        assertThat(refused).as("inputs both refused").isGreaterThan(1_000);
    }

    /** A datagram through the view and the HMAC costs no more than the JDK's {@code Mac.doFinal} array. */
    @Test
    void readingAndVerifying_allocatesOnlyWhatTheMacDoes() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] b = Rfc5769VectorsTest.hex(Rfc5769VectorsTest.REQUEST);
        byte[] user = "evtj:h6vY".getBytes();
        StunView v = new StunView();
        Integrity integrity = new Integrity();
        long sum = 0;
        for (int i = 0; i < 2_000; i++) { // every path taken once, so nothing is allocated lazily below
            sum += readCheck(v.wrap(b, 0, b.length), integrity, user);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++) {
            sum += readCheck(v.wrap(b, 0, b.length), integrity, user);
        }
        long perMessage = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 10_000;
        assertThat(sum).isEqualTo(12_000L * 0x6e0001ffL);
        assertThat(perMessage).as("bytes allocated per message").isLessThanOrEqualTo(64);
    }

    private static long readCheck(StunView v, Integrity integrity, byte[] user) throws StunDecodeException {
        if (v.fingerprint() != StunMessage.FingerprintStatus.VALID || integrity.verify(v, KEY) != Integrity.Status.VALID
                || !v.valueEquals(v.find(AttributeType.USERNAME), user) || v.int64(v.find(AttributeType.ICE_CONTROLLED)) == 0) {
            return 0;
        }
        return v.int32(v.find(AttributeType.PRIORITY)) & 0xffffffffL;
    }

    private static byte[] mutate(SplittableRandom r, byte[] seed) {
        byte[] b;
        switch (r.nextInt(4)) {
            case 0 -> { // cut
                b = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
            }
            case 1 -> { // grow with junk
                b = java.util.Arrays.copyOf(seed, seed.length + 1 + r.nextInt(8));
            }
            default -> b = seed.clone();
        }
        for (int n = 1 + r.nextInt(3); n > 0 && b.length > 0; n--) {
            int at = r.nextInt(b.length);
            // bias toward the header and attribute length fields, where framing lives
            if (r.nextBoolean() && b.length > 24) {
                at = r.nextBoolean() ? 2 + r.nextInt(2) : 20 + 4 * r.nextInt((b.length - 20) / 4) + 2 + r.nextInt(2);
                at = Math.min(at, b.length - 1);
            }
            b[at] = (byte) r.nextInt(256);
        }
        return b;
    }
}
