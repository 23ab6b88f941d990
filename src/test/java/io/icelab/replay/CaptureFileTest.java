package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.sim.CaptureFormat;
import io.icelab.sim.PcapCapture;
import io.icelab.sim.Scenario;
import io.icelab.sim.SimTime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java capture readers and writers (no libpcap): classic pcap in both byte orders and both
 * timestamp resolutions, pcapng with several sections, interfaces, resolutions and skipped blocks, and
 * one-line errors naming the file, the frame or block and the offset for damaged files.
 */
class CaptureFileTest {
    static final byte[] IPV4_UDP = hex("4500001c000100004011f9b6c0000201c000020204d2162e00080000");

    @ParameterizedTest
    @EnumSource(ByteOrderCase.class)
    void classicPcap_microAndNanoseconds_eitherByteOrder(ByteOrderCase c, @TempDir Path dir) throws Exception {
        for (boolean nanos : new boolean[] {false, true}) {
            ByteBuffer b = ByteBuffer.allocate(24 + 2 * (16 + IPV4_UDP.length)).order(c.order);
            b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(65535).putInt(101);
            b.putInt(1_000).putInt(nanos ? 5 : 7).putInt(IPV4_UDP.length).putInt(IPV4_UDP.length).put(IPV4_UDP);
            b.putInt(1_001).putInt(nanos ? 999_999_999 : 999_999).putInt(IPV4_UDP.length).putInt(IPV4_UDP.length)
                    .put(IPV4_UDP);
            Path f = write(dir, "x.pcap", b.array());
            List<RawFrame> frames = CaptureFile.read(f);
            assertThat(frames).hasSize(2);
            assertThat(frames.get(0).timeNanos()).isEqualTo(1_000_000_000_000L + (nanos ? 5 : 7_000));
            assertThat(frames.get(1).timeNanos()).isEqualTo(1_001_000_000_000L + (nanos ? 999_999_999 : 999_999_000));
            assertThat(frames.get(1).number()).isEqualTo(2);
            assertThat(frames.get(0).linkType()).isEqualTo(101);
            assertThat(frames.get(0).bytes()).isEqualTo(IPV4_UDP);
        }
    }

    enum ByteOrderCase {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        ByteOrderCase(ByteOrder order) {
            this.order = order;
        }
    }

    /**
     * Two sections (big-endian, then little-endian), each with its own interfaces: Ethernet with the
     * default microsecond clock, raw IP with if_tsresol 9, raw IP with a 2^-10 clock and if_tsoffset;
     * EPB, SPB and the obsolete PB; NRB, ISB and a custom block skipped.
     */
    @Test
    void pcapng_sectionsInterfacesResolutionsAndSkippedBlocks(@TempDir Path dir) throws Exception {
        byte[] ether = new byte[14 + IPV4_UDP.length];
        ether[12] = 0x08;
        System.arraycopy(IPV4_UDP, 0, ether, 14, IPV4_UDP.length);
        Blocks ng = new Blocks(ByteOrder.BIG_ENDIAN);
        ng.shb();
        ng.idb(1, 0, -1, 0);                // 0: Ethernet, microseconds (default)
        ng.idb(101, 65535, 9, 0);           // 1: raw IP, nanoseconds
        ng.block(4, new byte[] {0, 1, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0}); // NRB
        ng.epb(0, 1_500_000L, ether);       // 1.5 s in microseconds
        ng.epb(1, 2_000_000_007L, IPV4_UDP);
        ng.block(5, new byte[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}); // ISB
        ng.block(0x00000BAD, new byte[] {0, 0, 0x7e, (byte) 0xd9, 9, 9, 9, 9}); // custom
        ng.spb(ether);
        ng.pb(1, 3_000_000_000L, IPV4_UDP);
        ng.order(ByteOrder.LITTLE_ENDIAN).shb();
        ng.idb(101, 0, 0x80 | 10, 100);     // 2^-10 s units, offset 100 s
        ng.epb(0, 2048, IPV4_UDP);          // 2 s after the offset
        List<RawFrame> frames = CaptureFile.read(write(dir, "x.pcapng", ng.bytes()));
        assertThat(frames).extracting(RawFrame::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(frames).extracting(RawFrame::linkType).containsExactly(1, 101, 1, 101, 101);
        assertThat(frames).extracting(RawFrame::timeNanos)
                .containsExactly(1_500_000_000L, 2_000_000_007L, 0L, 3_000_000_000L, 102_000_000_000L);
        assertThat(frames.get(2).bytes()).isEqualTo(ether);
        assertThat(frames.get(4).bytes()).isEqualTo(IPV4_UDP);
        // and the frame decoder reads the UDP inside each
        FrameDecoder d = new FrameDecoder();
        assertThat(frames).allSatisfy(f -> assertThat(d.decode(f)).isInstanceOf(Segment.Transport.class));
    }

    /** The simulator's pcapng: an interface per realm named after it, and the same packets as its classic pcap. */
    @Test
    void simulatorPcapng_oneInterfacePerRealm_samePacketsAsClassicPcap(@TempDir Path dir) throws Exception {
        Path ng = dir.resolve("nat444.pcapng");
        Path classic = dir.resolve("nat444.pcap");
        for (Path f : List.of(ng, classic)) {
            Scenario s = Scenario.load(Path.of("scenarios", "topologies", "nat444.yaml"), 7);
            try (PcapCapture c = new PcapCapture(f)) {
                s.simulation().capture(c);
                s.simulation().runUntil(20 * SimTime.S);
            }
        }
        List<RawFrame> a = CaptureFile.read(ng);
        List<RawFrame> b = CaptureFile.read(classic);
        assertThat(a).hasSameSizeAs(b).hasSizeGreaterThan(40);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).bytes()).isEqualTo(b.get(i).bytes());
            assertThat(a.get(i).timeNanos()).isEqualTo(b.get(i).timeNanos());
        }
        List<String> names = interfaceNames(Files.readAllBytes(ng));
        assertThat(names).as("one interface per realm, in order of first use").doesNotHaveDuplicates()
                .contains("internet", "cgn", "alice-home", "bob-home");
        assertThat(CaptureFormat.forFile(ng)).isEqualTo(CaptureFormat.PCAPNG);
        assertThat(CaptureFormat.forFile(classic)).isEqualTo(CaptureFormat.PCAP);
    }

    @Test
    void pcapngWrittenToMemory_isTheSameAsToAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.pcapng");
        ByteArrayOutputStream mem = new ByteArrayOutputStream();
        for (int i = 0; i < 2; i++) {
            Scenario s = Scenario.load(Path.of("scenarios", "topologies", "ice-two-nats.yaml"), 3);
            try (PcapCapture c = i == 0 ? new PcapCapture(f) : new PcapCapture(mem, CaptureFormat.PCAPNG, Set.of())) {
                s.simulation().capture(c);
                s.simulation().runUntil(5 * SimTime.S);
            }
        }
        assertThat(mem.toByteArray()).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void damagedFiles_oneLineNamingFileFrameOrBlockAndOffset(@TempDir Path dir) throws Exception {
        assertError(dir, "empty.pcap", new byte[0], "empty.pcap: not a pcap or pcapng file (it starts with nothing");
        assertError(dir, "text.pcap", "hello world".getBytes(StandardCharsets.US_ASCII),
                "text.pcap: not a pcap or pcapng file (it starts with 68 65 6c 6c)");
        ByteBuffer head = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        head.putInt(1).putInt(0).putInt(100).putInt(100).putInt(0);
        assertError(dir, "short.pcap", head.array(),
                "short.pcap: frame 1: needs 100 bytes, only 4 left in the file (offset 40)");
        head.putInt(32, 0x7fffffff);
        assertError(dir, "huge.pcap", head.array(),
                "huge.pcap: frame 1: captured length 2147483647 is over 262144 bytes; the file is damaged (offset 24)");
        assertError(dir, "cut.pcap", java.util.Arrays.copyOf(head.array(), 30),
                "cut.pcap: frame 1 record header: needs 16 bytes, only 6 left in the file (offset 24)");

        Blocks ng = new Blocks(ByteOrder.LITTLE_ENDIAN);
        ng.shb();
        ng.epb(3, 0, IPV4_UDP);
        assertError(dir, "noif.pcapng", ng.bytes(),
                "noif.pcapng: block 2 (EPB): interface 3 is not described in this section (0 interfaces) (offset 28)");
        byte[] bad = new Blocks(ByteOrder.LITTLE_ENDIAN).shb().idb(101, 0, 9, 0).bytes();
        bad[bad.length - 4] ^= 1; // the IDB's trailing length
        assertError(dir, "trailer.pcapng", bad, "trailer.pcapng: block 2: trailing length");
        byte[] odd = new Blocks(ByteOrder.LITTLE_ENDIAN).shb().idb(101, 0, 9, 0).bytes();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 4, 30);
        assertError(dir, "odd.pcapng", odd,
                "odd.pcapng: block 2: total length 30 is not a multiple of 4 between 12 and 16777216 (offset 28)");
        byte[] magic = new Blocks(ByteOrder.LITTLE_ENDIAN).shb().bytes();
        magic[8] = 0x55;
        assertError(dir, "magic.pcapng", magic, "magic.pcapng: block 1 (SHB): byte-order magic 55 3c 2b 1a is neither");
        byte[] overrun = new Blocks(ByteOrder.LITTLE_ENDIAN).shb().idb(101, 0, 9, 0).epb(0, 0, IPV4_UDP).bytes();
        ByteBuffer.wrap(overrun).order(ByteOrder.LITTLE_ENDIAN).putInt(overrun.length - 4 - 28 - 8, 5000);
        assertThatThrownBy(() -> CaptureFile.read(write(dir, "overrun.pcapng", overrun)))
                .isInstanceOf(CaptureFile.CaptureException.class).hasMessageContaining("overrun.pcapng: block 3 (EPB, frame 1): captured length 5000 runs past the block");
        assertThatThrownBy(() -> CaptureFile.read(dir.resolve("absent.pcap")))
                .isInstanceOf(CaptureFile.CaptureException.class).hasMessageEndingWith("absent.pcap: no such file");
    }

    private static void assertError(Path dir, String name, byte[] bytes, String expected) throws Exception {
        Path f = write(dir, name, bytes);
        assertThatThrownBy(() -> CaptureFile.read(f)).isInstanceOf(CaptureFile.CaptureException.class)
                .hasMessageStartingWith(f + "").hasMessageContaining(expected).hasMessageNotContaining("\n");
    }

    private static Path write(Path dir, String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    /** if_name of every IDB in a little-endian pcapng file. */
    static List<String> interfaceNames(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<String> names = new ArrayList<>();
        int p = 0;
        while (p < file.length) {
            int type = b.getInt(p);
            int len = b.getInt(p + 4);
            if (type == 1) {
                for (int o = p + 16; o < p + len - 4;) {
                    int code = b.getShort(o) & 0xffff;
                    int l = b.getShort(o + 2) & 0xffff;
                    if (code == 2) {
                        names.add(new String(file, o + 4, l, StandardCharsets.UTF_8));
                    }
                    if (code == 0) {
                        break;
                    }
                    o += 4 + ((l + 3) & ~3);
                }
            }
            p += len;
        }
        return names;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** pcapng blocks written by hand, in a chosen byte order, for the reader's tests. */
    static final class Blocks {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;

        Blocks(ByteOrder order) {
            this.order = order;
        }

        Blocks order(ByteOrder o) {
            order = o;
            return this;
        }

        Blocks block(int type, byte[] body) {
            int total = 12 + ((body.length + 3) & ~3);
            ByteBuffer b = ByteBuffer.allocate(total).order(order);
            b.putInt(type).putInt(total).put(body).position(total - 4);
            b.putInt(total);
            out.writeBytes(b.array());
            return this;
        }

        Blocks shb() {
            ByteBuffer b = ByteBuffer.allocate(16).order(order);
            b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, b.array());
        }

        Blocks idb(int linkType, int snap, int tsresol, long tsoffset) {
            ByteBuffer b = ByteBuffer.allocate(64).order(order);
            b.putShort((short) linkType).putShort((short) 0).putInt(snap);
            if (tsresol >= 0) {
                b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            if (tsoffset != 0) {
                b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            }
            b.putShort((short) 0).putShort((short) 0);
            return block(1, java.util.Arrays.copyOf(b.array(), b.position()));
        }

        Blocks epb(int iface, long units, byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3)).order(order);
            b.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(data.length)
                    .put(data);
            return block(6, b.array());
        }

        Blocks pb(int iface, long units, byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(20 + ((data.length + 3) & ~3)).order(order);
            b.putShort((short) iface).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units)
                    .putInt(data.length).putInt(data.length).put(data);
            return block(2, b.array());
        }

        Blocks spb(byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(4 + ((data.length + 3) & ~3)).order(order);
            b.putInt(data.length).put(data);
            return block(3, b.array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
