package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Placement rules (RFC 8489 §14.5-§14.7), RFC 7983 demultiplexing and encoder guards. */
class CodecRulesTest {
    static final byte[] KEY = StunKeys.shortTerm("pass");

    /** A message with MESSAGE-INTEGRITY, then an attribute that must be ignored, then FINGERPRINT. */
    static byte[] withAttributeAfterIntegrity() {
        byte[] base = StunMessageBuilder.request(Method.BINDING, new TransactionId(5, 6))
                .add(CoreAttribute.Username.of("user")).integrity(KEY).encode();
        ByteBuffer b = ByteBuffer.allocate(base.length + 8 + 8);
        b.put(base).putShort((short) AttributeType.SOFTWARE).putShort((short) 4).put("evil".getBytes());
        b.putShort(2, (short) (b.position() + 8 - 20));
        byte[] out = b.array();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(out, 0, b.position());
        b.putShort((short) AttributeType.FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
        return out;
    }

    @Test
    void attributesAfterMessageIntegrity_areIgnored_butFingerprintCounts() throws Exception {
        StunMessage m = StunDecoder.decode(withAttributeAfterIntegrity());
        assertThat(m.has(CoreAttribute.Software.class)).isFalse();
        assertThat(m.ignoredAfterIntegrity()).isEqualTo(1);
        assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
        assertThat(new Integrity().verify(m, KEY)).isEqualTo(Integrity.Status.VALID);
    }

    @Test
    void sha256AfterSha1_isHonoured_andPreferredForVerification() throws Exception {
        byte[] both = StunMessageBuilder.request(Method.BINDING, new TransactionId(7, 8))
                .add(CoreAttribute.Username.of("u")).integrity(StunKeys.shortTerm("other")).integritySha256(KEY, 16)
                .fingerprint().encode();
        StunMessage m = StunDecoder.decode(both);
        assertThat(m.attribute(CoreAttribute.MessageIntegritySha256.class).hmac().length()).isEqualTo(16);
        assertThat(new Integrity().verify(m, KEY)).isEqualTo(Integrity.Status.VALID);
    }

    @Test
    void rfc7983_firstByteRanges() {
        assertThat(PacketKind.classify((byte) 0)).isEqualTo(PacketKind.STUN);
        assertThat(PacketKind.classify((byte) 3)).isEqualTo(PacketKind.STUN);
        assertThat(PacketKind.classify((byte) 4)).isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.classify((byte) 16)).isEqualTo(PacketKind.ZRTP);
        assertThat(PacketKind.classify((byte) 20)).isEqualTo(PacketKind.DTLS);
        assertThat(PacketKind.classify((byte) 63)).isEqualTo(PacketKind.DTLS);
        assertThat(PacketKind.classify((byte) 64)).isEqualTo(PacketKind.CHANNEL_DATA);
        assertThat(PacketKind.classify((byte) 79)).isEqualTo(PacketKind.CHANNEL_DATA);
        assertThat(PacketKind.classify((byte) 80)).isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.classify((byte) 128)).isEqualTo(PacketKind.RTP_RTCP);
        assertThat(PacketKind.classify((byte) 191)).isEqualTo(PacketKind.RTP_RTCP);
        assertThat(PacketKind.classify((byte) 192)).isEqualTo(PacketKind.OTHER);
        byte[] stun = StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 1)).encode();
        assertThat(StunDecoder.looksLikeStun(stun, 0, stun.length)).isTrue();
        assertThat(StunDecoder.looksLikeStun(stun, 0, stun.length - 1)).isFalse();
    }

    @Test
    void encoderRefusesComputedAttributesAndOversizeValues() {
        StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 2));
        assertThatThrownBy(() -> b.add(new CoreAttribute.Fingerprint(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("computed by the encoder");
        assertThatThrownBy(() -> b.add(new TurnAttribute.Data(Bytes.wrap(new byte[70_000]))))
                .hasMessageContaining("16-bit length");
        assertThatThrownBy(() -> b.integritySha256(KEY, 18)).hasMessageContaining("16..32");
    }

    @Test
    void unknownMethodsKeepTheirNumber_andTypeBitsInterleave() throws Exception {
        for (int method = 0; method <= 0xfff; method += 0x111) {
            for (MessageClass c : MessageClass.values()) {
                int type = MessageType.encode(c, new Method(method));
                assertThat(type & 0xc000).isZero();
                assertThat(MessageType.classOf(type)).isEqualTo(c);
                assertThat(MessageType.methodOf(type).code()).isEqualTo(method);
            }
        }
        assertThat(MessageType.encode(MessageClass.SUCCESS_RESPONSE, Method.BINDING)).isEqualTo(0x0101);
        assertThat(MessageType.encode(MessageClass.ERROR_RESPONSE, Method.ALLOCATE)).isEqualTo(0x0113);
        assertThat(MessageType.encode(MessageClass.INDICATION, Method.SEND)).isEqualTo(0x0016);
    }

    @Test
    void ipv6IsPrintedInRfc5952Form() throws Exception {
        assertThat(TransportAddresses.ip(java.net.InetAddress.getByName("2001:db8:0:0:0:0:0:5"))).isEqualTo("2001:db8::5");
        assertThat(TransportAddresses.ip(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(TransportAddresses.ip(java.net.InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(TransportAddresses.ip(java.net.InetAddress.getByName("fe80::"))).isEqualTo("fe80::");
        assertThat(TransportAddresses.ip(java.net.InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(TransportAddresses.format(new java.net.InetSocketAddress("::", 9))).isEqualTo("[::]:9");
    }
}
