package io.icelab.stun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of classic pcap (Ethernet, IPv4/IPv6, UDP) for the codec's corpus tests. The replay
 * package has the real reader; this one only exists so the STUN layer's tests need nothing else.
 */
final class TinyPcap {
    record UdpPacket(int frame, int srcPort, int dstPort, byte[] payload) {
    }

    private TinyPcap() {
    }

    /** UDP payloads of every Ethernet frame; null when the file is not classic pcap over Ethernet. */
    static List<UdpPacket> udp(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                return null;
            }
        }
        if (b.getInt(20) != 1) {
            return null;
        }
        List<UdpPacket> out = new ArrayList<>();
        int p = 24;
        int frame = 0;
        while (p + 16 <= b.limit()) {
            int incl = b.getInt(p + 8);
            int start = p + 16;
            frame++;
            if (incl < 0 || start + incl > b.limit()) {
                break;
            }
            UdpPacket u = ethernet(b.array(), start, incl, frame);
            if (u != null) {
                out.add(u);
            }
            p = start + incl;
        }
        return out;
    }

    private static UdpPacket ethernet(byte[] f, int off, int len, int frame) {
        int end = off + len;
        int q = off + 12;
        int type = u16(f, q);
        while (type == 0x8100 && q + 6 <= end) {
            q += 4;
            type = u16(f, q);
        }
        q += 2;
        int proto;
        if (type == 0x0800 && q + 20 <= end) {
            proto = f[q + 9] & 0xff;
            int fragment = u16(f, q + 6) & 0x3fff;
            if (fragment != 0) {
                return null;
            }
            q += (f[q] & 0x0f) * 4;
        } else if (type == 0x86dd && q + 40 <= end) {
            proto = f[q + 6] & 0xff;
            q += 40;
        } else {
            return null;
        }
        if (proto != 17 || q + 8 > end) {
            return null;
        }
        int udpLen = u16(f, q + 4);
        int payloadEnd = Math.min(end, q + Math.max(udpLen, 8));
        return new UdpPacket(frame, u16(f, q), u16(f, q + 2), Arrays.copyOfRange(f, q + 8, payloadEnd));
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
