package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** RFC 5769 §2.1-2.4: decode every field, verify integrity and fingerprint, re-encode byte for byte. */
class Rfc5769VectorsTest {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    static final String REQUEST = "00010058 2112a442 b7e7a701 bc34d686 fa87dfae 80220010 5354554e 20746573"
            + "7420636c 69656e74 00240004 6e0001ff 80290008 932ff9b1 51263b36 00060009"
            + "6576746a 3a683676 59202020 00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249"
            + "c1b571a2 80280004 e57a3bcf";
    static final String IPV4_RESPONSE = "0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563"
            + "746f7220 00200008 0001a147 e112a643 00080014 2b91f599 fd9e90c3 8c7489f9"
            + "2af9ba53 f06be7d7 80280004 c07d4c96";
    static final String IPV6_RESPONSE = "01010048 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563"
            + "746f7220 00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9 00080014"
            + "a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41 80280004 c8fb0b4c";
    static final String LONG_TERM_REQUEST = "00010060 2112a442 78ad3433 c6ad72c0 29da412e 00060012 e3839ee3 8388e383"
            + "aae38383 e382afe3 82b90000 0015001c 662f2f34 39396b39 35346436 4f4c3334"
            + "6f4c3946 53547679 36347341 0014000b 6578616d 706c652e 6f726700 00080014"
            + "f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666";

    static byte[] hex(String s) {
        return Bytes.fromHex(s).toArray();
    }

    @Test
    void sampleRequest_decodesEveryField_andVerifies() throws Exception {
        StunMessage m = StunDecoder.decode(hex(REQUEST));
        assertThat(m.is(MessageClass.REQUEST, Method.BINDING)).isTrue();
        assertThat(m.transactionId()).isEqualTo(TransactionId.fromHex("b7e7a701bc34d686fa87dfae"));
        assertThat(m.attribute(CoreAttribute.Software.class).text()).isEqualTo("STUN test client");
        assertThat(m.attribute(IceAttribute.Priority.class).priority()).isEqualTo(0x6e0001ffL);
        assertThat(m.attribute(IceAttribute.IceControlled.class).tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(m.attribute(CoreAttribute.Username.class).text()).isEqualTo("evtj:h6vY");
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        assertThat(new Integrity().verify(m, StunKeys.shortTerm(PASSWORD))).isEqualTo(Integrity.Status.VALID);
        assertThat(new Integrity().verify(m, StunKeys.shortTerm("wrong"))).isEqualTo(Integrity.Status.INVALID);
    }

    @Test
    void sampleRequest_reencodesByteIdentical_withItsSpacePadding() throws Exception {
        StunMessage m = StunDecoder.decode(hex(REQUEST));
        byte[] again = StunMessageBuilder.request(m.method(), m.transactionId())
                .addAllExceptIntegrity(m.attributes())
                .paddingByte(0x20)
                .integrity(StunKeys.shortTerm(PASSWORD))
                .fingerprint()
                .encode();
        assertThat(Bytes.wrap(again).hex()).isEqualTo(Bytes.fromHex(REQUEST).hex());
    }

    @Test
    void ipv4Response_mappedAddressAndIntegrity() throws Exception {
        StunMessage m = StunDecoder.decode(hex(IPV4_RESPONSE));
        assertThat(m.is(MessageClass.SUCCESS_RESPONSE, Method.BINDING)).isTrue();
        assertThat(m.attribute(CoreAttribute.Software.class).text()).isEqualTo("test vector");
        assertThat(m.attribute(CoreAttribute.XorMappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("192.0.2.1", 32853));
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        assertThat(new Integrity().verify(m, StunKeys.shortTerm(PASSWORD))).isEqualTo(Integrity.Status.VALID);
        byte[] again = StunMessageBuilder.successFor(m).addAllExceptIntegrity(m.attributes()).paddingByte(0x20)
                .integrity(StunKeys.shortTerm(PASSWORD)).fingerprint().encode();
        assertThat(again).isEqualTo(hex(IPV4_RESPONSE));
    }

    @Test
    void ipv6Response_mappedAddressAndIntegrity() throws Exception {
        StunMessage m = StunDecoder.decode(hex(IPV6_RESPONSE));
        assertThat(m.attribute(CoreAttribute.XorMappedAddress.class).address())
                .isEqualTo(new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853));
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        assertThat(new Integrity().verify(m, StunKeys.shortTerm(PASSWORD))).isEqualTo(Integrity.Status.VALID);
        byte[] again = StunMessageBuilder.successFor(m).addAllExceptIntegrity(m.attributes()).paddingByte(0x20)
                .integrity(StunKeys.shortTerm(PASSWORD)).fingerprint().encode();
        assertThat(again).isEqualTo(hex(IPV6_RESPONSE));
    }

    @Test
    void longTermRequest_saslPreparedPassword_md5Key() throws Exception {
        StunMessage m = StunDecoder.decode(hex(LONG_TERM_REQUEST));
        String user = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        assertThat(m.attribute(CoreAttribute.Username.class).text()).isEqualTo(user);
        assertThat(m.attribute(CoreAttribute.Nonce.class).text()).isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
        assertThat(m.attribute(CoreAttribute.Realm.class).text()).isEqualTo("example.org");
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.ABSENT);
        String password = "The\u00adM\u00aatr\u2168";
        assertThat(PasswordPreparation.prepare(password)).isEqualTo("TheMatrIX");
        byte[] key = StunKeys.longTermMd5(user, "example.org", password);
        assertThat(Bytes.wrap(key).hex()).isEqualTo("e8ca7ad59d5eb0518e312911d2dab2a9");
        assertThat(new Integrity().verify(m, key)).isEqualTo(Integrity.Status.VALID);
        byte[] again = StunMessageBuilder.request(m.method(), m.transactionId()).addAllExceptIntegrity(m.attributes())
                .integrity(key).encode();
        assertThat(again).isEqualTo(hex(LONG_TERM_REQUEST));
    }

    @Test
    void oneFlippedBit_failsFingerprintAndIntegrity() throws Exception {
        byte[] b = hex(REQUEST);
        b[30] ^= 0x01; // inside SOFTWARE
        StunMessage m = StunDecoder.decode(b);
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.INVALID);
        assertThat(new Integrity().verify(m, StunKeys.shortTerm(PASSWORD))).isEqualTo(Integrity.Status.INVALID);
    }
}
