package io.icelab.sim.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.TcpPort;

/**
 * RFC 9293 §3.1 segments: the bytes and the checksum agree with pcap4j's independent encoder (IPv4 and IPv6), decode
 * reads back what was encoded, and damaged or short segments give typed errors with their offset.
 */
class TcpSegmentTest {
    static final InetAddress V4A = TcpConnectionTest.address("192.0.2.1");
    static final InetAddress V4B = TcpConnectionTest.address("198.51.100.2");
    static final InetAddress V6A = TcpConnectionTest.address("2001:db8::1");
    static final InetAddress V6B = TcpConnectionTest.address("2001:db8::2");

    static final TcpSegment SYN = new TcpSegment(40000, 443, 0x12345678L, 0, TcpSegment.SYN, 65535, 1460, Bytes.EMPTY);
    static final TcpSegment DATA = new TcpSegment(40000, 443, 0xfffffff0L, 0x0badf00dL, TcpSegment.ACK | TcpSegment.PSH,
            8192, 0, Bytes.wrap(new byte[] {'h', 'e', 'l', 'l', 'o'}));

    @Test
    void encoding_matchesPcap4j_withTheChecksumOverThePseudoHeader() throws Exception {
        for (InetAddress[] ips : new InetAddress[][] {{V4A, V4B}, {V6A, V6B}}) {
            for (TcpSegment s : new TcpSegment[] {SYN, DATA}) {
                assertThat(s.encode(ips[0], ips[1])).as("%s %s", s, ips[0]).isEqualTo(pcap4j(s, ips[0], ips[1]));
            }
        }
    }

    @Test
    void decode_readsBackEveryField() throws Exception {
        for (TcpSegment s : new TcpSegment[] {SYN, DATA}) {
            assertThat(TcpSegment.decode(Bytes.wrap(s.encode(V6A, V6B)), V6A, V6B)).isEqualTo(s);
        }
    }

    @Test
    void aFlippedBit_orOtherAddresses_failTheChecksum_atOffset16() {
        byte[] b = DATA.encode(V4A, V4B);
        b[b.length - 1] ^= 1;
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(b), V4A, V4B)).isInstanceOf(TcpDecodeException.class)
                .satisfies(e -> assertThat(((TcpDecodeException) e).reason()).isEqualTo(TcpDecodeException.Reason.BAD_CHECKSUM))
                .satisfies(e -> assertThat(((TcpDecodeException) e).offset()).isEqualTo(16));
        byte[] good = DATA.encode(V4A, V4B);
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(good), V4A, TcpConnectionTest.address("198.51.100.3")))
                .hasMessageContaining("BAD_CHECKSUM");
    }

    @Test
    void shortSegments_andBadOptions_giveTypedErrors() {
        byte[] syn = SYN.encode(V4A, V4B);
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(syn, 0, 19), V4A, V4B)).hasMessageStartingWith("TRUNCATED at offset 19");
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(syn, 0, 22), V4A, V4B))
                .hasMessageContaining("header of 24 bytes in 22");
        byte[] lowOffset = syn.clone();
        lowOffset[12] = 0x40;
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(lowOffset), V4A, V4B))
                .hasMessageStartingWith("BAD_DATA_OFFSET at offset 12");
        TcpSegment badOption = new TcpSegment(1, 2, 0, 0, TcpSegment.SYN, 1, 1460, Bytes.EMPTY);
        byte[] b = badOption.encode(V4A, V4B);
        b[21] = 9; // MSS option claiming 9 bytes in a 4-byte option space
        fixChecksum(b, V4A, V4B);
        assertThatThrownBy(() -> TcpSegment.decode(Bytes.wrap(b), V4A, V4B)).hasMessageStartingWith("BAD_OPTION at offset 20");
    }

    @Test
    void fieldsOutOfRange_areRefused() {
        assertThatThrownBy(() -> new TcpSegment(70000, 1, 0, 0, 0, 0, 0, Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpSegment(1, 1, 1L << 32, 0, 0, 0, 0, Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Recomputes the checksum after a deliberate change, so that only the change is wrong. */
    private static void fixChecksum(byte[] b, InetAddress src, InetAddress dst) {
        b[16] = 0;
        b[17] = 0;
        int sum = 0;
        for (byte[] part : new byte[][] {src.getAddress(), dst.getAddress()}) {
            for (int i = 0; i < part.length; i += 2) {
                sum += (part[i] & 0xff) << 8 | part[i + 1] & 0xff;
            }
        }
        sum += 6 + b.length;
        for (int i = 0; i + 1 < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int c = ~sum & 0xffff;
        b[16] = (byte) (c >>> 8);
        b[17] = (byte) c;
    }

    /** The same segment built by pcap4j, which computes the checksum itself. */
    private static byte[] pcap4j(TcpSegment s, InetAddress src, InetAddress dst) {
        TcpPacket.Builder b = new TcpPacket.Builder().srcPort(new TcpPort((short) s.sourcePort(), ""))
                .dstPort(new TcpPort((short) s.destinationPort(), "")).sequenceNumber((int) s.seq())
                .acknowledgmentNumber((int) s.ack()).syn(s.has(TcpSegment.SYN)).ack(s.has(TcpSegment.ACK))
                .psh(s.has(TcpSegment.PSH)).fin(s.has(TcpSegment.FIN)).rst(s.has(TcpSegment.RST))
                .window((short) s.window()).srcAddr(src).dstAddr(dst).correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        if (s.mss() != 0) {
            b.options(java.util.List.of(new TcpMaximumSegmentSizeOption.Builder().maxSegSize((short) s.mss())
                    .correctLengthAtBuild(true).build()));
        }
        if (s.payload().length() > 0) {
            b.payloadBuilder(new UnknownPacket.Builder().rawData(s.payload().toArray()));
        }
        assertThat(src instanceof Inet4Address || src instanceof Inet6Address).isTrue();
        return b.build().getRawData();
    }
}
