package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Link, IP and transport decoding and TCP reassembly on hand-built frames, including hostile ones. */
class FrameDecoderTest {
    static final byte[] A = {10, 0, 0, 1};
    static final byte[] B = {10, 0, 0, 2};

    static byte[] stun(int seed) {
        return StunMessageBuilder.request(io.icelab.stun.Method.BINDING, TransactionId.random(new SplittableRandom(seed)))
                .fingerprint().encode();
    }

    static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        return b.put(payload).array();
    }

    static byte[] tcp(int sport, int dport, long seq, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
        return b.put(payload).array();
    }

    static byte[] ipv4(int protocol, int id, int fragmentOffset, boolean more, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id);
        b.putShort((short) ((more ? 0x2000 : 0) | fragmentOffset / 8)).put((byte) 64).put((byte) protocol).putShort((short) 0);
        return b.put(A).put(B).put(payload).array();
    }

    static byte[] ethernet(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length + 6); // with trailing padding
        b.put(new byte[12]).putShort((short) 0x0800);
        return b.put(ip).array();
    }

    static RawFrame frame(int n, int dlt, byte[] bytes) {
        return new RawFrame(n, n * 1_000_000L, dlt, bytes);
    }

    @Test
    void ethernetUdp_withPaddingAndAVlanTag() {
        byte[] m = stun(1);
        Segment s = new FrameDecoder().decode(frame(1, FrameDecoder.DLT_EN10MB, ethernet(ipv4(17, 1, 0, false, udp(5000, 3478, m)))));
        assertThat(s).isInstanceOfSatisfying(Segment.Transport.class, t -> {
            assertThat(t.tcp()).isFalse();
            assertThat(t.source().getPort()).isEqualTo(5000);
            assertThat(t.payload()).isEqualTo(m);
        });
        byte[] tagged = ByteBuffer.allocate(18 + 28 + m.length).put(new byte[12]).putShort((short) 0x8100)
                .putShort((short) 7).putShort((short) 0x0800).put(ipv4(17, 1, 0, false, udp(1, 2, m))).array();
        assertThat(new FrameDecoder().decode(frame(1, FrameDecoder.DLT_EN10MB, tagged))).isInstanceOf(Segment.Transport.class);
    }

    @Test
    void sll2_nullLoopback_andRawIp() {
        byte[] ip = ipv4(17, 1, 0, false, udp(1, 2, stun(2)));
        byte[] sll2 = ByteBuffer.allocate(20 + ip.length).putShort((short) 0x0800).put(new byte[18]).put(ip).array();
        byte[] loop = ByteBuffer.allocate(4 + ip.length).putInt(2).put(ip).array();
        byte[] sll = ByteBuffer.allocate(16 + ip.length).put(new byte[14]).putShort((short) 0x0800).put(ip).array();
        assertThat(new FrameDecoder().decode(frame(1, FrameDecoder.DLT_LINUX_SLL, sll))).isInstanceOf(Segment.Transport.class);
        assertThat(new FrameDecoder().decode(frame(1, FrameDecoder.DLT_LINUX_SLL2, sll2))).isInstanceOf(Segment.Transport.class);
        assertThat(new FrameDecoder().decode(frame(1, FrameDecoder.DLT_NULL, loop))).isInstanceOf(Segment.Transport.class);
        assertThat(new FrameDecoder().decode(frame(1, FrameDecoder.DLT_RAW, ip))).isInstanceOf(Segment.Transport.class);
    }

    @Test
    void ipv4Fragments_outOfOrder_areReassembled() {
        byte[] m = stun(3);
        byte[] datagram = udp(5000, 3478, m);
        byte[] first = Arrays.copyOfRange(datagram, 0, 16);
        byte[] second = Arrays.copyOfRange(datagram, 16, datagram.length);
        FrameDecoder d = new FrameDecoder();
        assertThat(d.decode(frame(1, FrameDecoder.DLT_RAW, ipv4(17, 99, 16, false, second)))).isInstanceOf(Segment.Fragment.class);
        Segment whole = d.decode(frame(2, FrameDecoder.DLT_RAW, ipv4(17, 99, 0, true, first)));
        assertThat(whole).isInstanceOfSatisfying(Segment.Transport.class, t -> assertThat(t.payload()).isEqualTo(m));
    }

    static byte[] ipv6Fragment(int next, int offset, boolean more, int id, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + payload.length);
        b.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 44).put((byte) 64);
        byte[] a = new byte[16];
        a[15] = 1;
        byte[] z = new byte[16];
        z[15] = 2;
        b.put(a).put(z);
        b.put((byte) next).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id);
        return b.put(payload).array();
    }

    @Test
    void ipv6Fragments_areReassembled() {
        byte[] m = stun(9);
        byte[] datagram = udp(5000, 3478, m);
        FrameDecoder d = new FrameDecoder();
        assertThat(d.decode(frame(1, FrameDecoder.DLT_RAW, ipv6Fragment(17, 24, false, 7,
                Arrays.copyOfRange(datagram, 24, datagram.length))))).isInstanceOf(Segment.Fragment.class);
        assertThat(d.decode(frame(2, FrameDecoder.DLT_RAW, ipv6Fragment(17, 0, true, 7,
                Arrays.copyOfRange(datagram, 0, 24))))).isInstanceOfSatisfying(Segment.Transport.class, t -> {
                    assertThat(t.payload()).isEqualTo(m);
                    assertThat(t.source().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
                });
    }

    @Test
    void hostileFrames_areMalformedWithReasonAndOffset_neverThrown() {
        FrameDecoder d = new FrameDecoder();
        assertThat(d.decode(frame(1, FrameDecoder.DLT_EN10MB, new byte[9])))
                .isInstanceOfSatisfying(Segment.Malformed.class, m -> assertThat(m.reason()).contains("Ethernet"));
        byte[] ip = ipv4(17, 1, 0, false, udp(1, 2, stun(4)));
        byte[] cut = Arrays.copyOf(ip, ip.length - 10);
        assertThat(d.decode(frame(2, FrameDecoder.DLT_RAW, cut)))
                .isInstanceOfSatisfying(Segment.Malformed.class, m -> {
                    assertThat(m.reason()).contains("IPv4 total length");
                    assertThat(m.offset()).isEqualTo(2);
                });
        byte[] lyingUdp = ipv4(17, 1, 0, false, ByteBuffer.allocate(12).putShort((short) 1).putShort((short) 2)
                .putShort((short) 500).array());
        assertThat(d.decode(frame(3, FrameDecoder.DLT_RAW, lyingUdp)))
                .isInstanceOfSatisfying(Segment.Malformed.class, m -> assertThat(m.reason()).contains("UDP length 500"));
        assertThat(d.decode(frame(4, 147, new byte[40])))
                .isInstanceOfSatisfying(Segment.Malformed.class, m -> assertThat(m.reason()).contains("link type 147"));
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[r.nextInt(0, 80)];
            r.nextBytes(junk);
            if (i % 2 == 0 && junk.length > 0) {
                junk[0] = (byte) (i % 4 == 0 ? 0x45 : 0x60); // half of them look like IPv4 or IPv6 to get past the first check
            }
            int dlt = new int[] {0, 1, 101, 113, 276}[r.nextInt(5)];
            assertThat(d.decode(frame(5 + i, dlt, junk))).isNotNull();
            if (junk.length >= 48) { // an IPv6 header with a short payload length and a fragment header
                byte[] v6 = junk.clone();
                v6[0] = 0x60;
                v6[4] = 0;
                v6[5] = (byte) r.nextInt(0, 12);
                v6[6] = 44;
                assertThat(d.decode(frame(5 + i, FrameDecoder.DLT_RAW, v6))).isNotNull();
            }
        }
    }

    @Test
    void tcp_outOfOrderRetransmittedAndSplit_unframedTurnAndRfc4571Framing() {
        byte[] m1 = stun(5);
        byte[] m2 = stun(6);
        byte[] m3 = stun(7);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(m1);
        stream.writeBytes(m2);
        stream.writeBytes(m3);
        byte[] s = stream.toByteArray();
        // SYN, then the stream in three pieces: the last first, the middle twice (a retransmission)
        List<RawFrame> frames = new ArrayList<>();
        long isn = 4_294_967_000L; // wraps around 2^32 inside the stream
        frames.add(frame(1, FrameDecoder.DLT_RAW, ipv4(6, 1, 0, false, tcp(40000, 3478, isn, 0x02, new byte[0]))));
        int a = 13;
        int b = 50;
        frames.add(frame(2, FrameDecoder.DLT_RAW, ipv4(6, 2, 0, false,
                tcp(40000, 3478, (isn + 1 + b) & 0xffffffffL, 0x18, Arrays.copyOfRange(s, b, s.length)))));
        frames.add(frame(3, FrameDecoder.DLT_RAW, ipv4(6, 3, 0, false,
                tcp(40000, 3478, (isn + 1) & 0xffffffffL, 0x18, Arrays.copyOfRange(s, 0, a)))));
        frames.add(frame(4, FrameDecoder.DLT_RAW, ipv4(6, 4, 0, false,
                tcp(40000, 3478, (isn + 1 + a) & 0xffffffffL, 0x18, Arrays.copyOfRange(s, a, b)))));
        frames.add(frame(5, FrameDecoder.DLT_RAW, ipv4(6, 5, 0, false,
                tcp(40000, 3478, (isn + 1 + a) & 0xffffffffL, 0x18, Arrays.copyOfRange(s, a, b)))));
        CaptureAnalysis an = CaptureAnalysis.of(java.nio.file.Path.of("synthetic"), frames);
        assertThat(an.messages()).extracting(m -> m.content().label())
                .containsExactly("Binding Request", "Binding Request", "Binding Request");
        assertThat(an.messages()).extracting(m -> ((CapturedMessage.Stun) m.content()).message().transactionId())
                .containsExactly(tid(m1), tid(m2), tid(m3));
        assertThat(an.messages().get(0).frame()).isEqualTo(3);
        assertThat(an.frameKinds()).containsEntry("TCP with payload", 4).containsEntry("TCP without payload", 1);

        // RFC 4571: each message behind a 2-byte length (ICE-TCP)
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (byte[] m : List.of(m1, m2)) {
            framed.write(m.length >> 8);
            framed.write(m.length);
            framed.writeBytes(m);
        }
        CaptureAnalysis ice = CaptureAnalysis.of(java.nio.file.Path.of("synthetic"), List.of(frame(1, FrameDecoder.DLT_RAW,
                ipv4(6, 1, 0, false, tcp(1, 2, 77, 0x18, framed.toByteArray())))));
        assertThat(ice.stunCounts()).isEqualTo(java.util.Map.of("Binding Request", 2));
    }

    static TransactionId tid(byte[] m) {
        try {
            StunMessage x = io.icelab.stun.StunDecoder.decode(io.icelab.stun.Bytes.wrap(m));
            return x.transactionId();
        } catch (io.icelab.stun.StunDecodeException e) {
            throw new AssertionError(e);
        }
    }
}
