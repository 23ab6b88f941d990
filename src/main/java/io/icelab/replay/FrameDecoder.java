package io.icelab.replay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Link layer (Ethernet with VLAN tags, Linux cooked SLL and SLL2, raw IP, BSD loopback), IPv4 and IPv6 with
 * fragment reassembly (IPv6 extension headers skipped), down to UDP and TCP. One instance per file:
 * it keeps the fragments of datagrams not yet complete.
 */
public final class FrameDecoder {
    static final int DLT_NULL = 0;
    static final int DLT_EN10MB = 1;
    static final int DLT_RAW = 101;
    static final int DLT_RAW_OPENBSD = 14;
    static final int DLT_RAW_OLD = 12;
    static final int DLT_LOOP = 108;
    static final int DLT_LINUX_SLL = 113;
    static final int DLT_IPV4 = 228;
    static final int DLT_IPV6 = 229;
    static final int DLT_LINUX_SLL2 = 276;

    /** Fragments by "src dst id protocol", each a map offset to bytes; sorted keys keep output stable. */
    private final Map<String, Reassembly> fragments = new TreeMap<>();

    private static final class Reassembly {
        final Map<Integer, byte[]> parts = new TreeMap<>();
        int total = -1;
        byte[] header;
    }

    public Segment decode(RawFrame f) {
        byte[] b = f.bytes();
        switch (f.linkType()) {
            case DLT_EN10MB:
                return ethernet(f, b, 12);
            case DLT_LINUX_SLL:
                return etherType(f, b, need(b, 16) ? u16(b, 14) : -1, 16);
            case DLT_LINUX_SLL2:
                return etherType(f, b, need(b, 20) ? u16(b, 0) : -1, 20);
            case DLT_RAW, DLT_RAW_OLD, DLT_RAW_OPENBSD, DLT_IPV4, DLT_IPV6:
                return ip(f, b, 0);
            case DLT_NULL, DLT_LOOP:
                return ip(f, b, 4); // a 4-byte address family in host or network order; the IP version says which
            default:
                return new Segment.Malformed(f, "link type " + f.linkType() + " is not supported", 0);
        }
    }

    private Segment ethernet(RawFrame f, byte[] b, int typeAt) {
        int at = typeAt;
        while (need(b, at + 2) && (u16(b, at) == 0x8100 || u16(b, at) == 0x88a8)) {
            at += 4; // 802.1Q / 802.1ad tags
        }
        if (!need(b, at + 2)) {
            return new Segment.Malformed(f, "Ethernet header truncated", b.length);
        }
        return etherType(f, b, u16(b, at), at + 2);
    }

    private Segment etherType(RawFrame f, byte[] b, int type, int at) {
        return switch (type) {
            case 0x0800, 0x86dd -> ip(f, b, at);
            case 0x0806 -> new Segment.Other(f, "ARP");
            case -1 -> new Segment.Malformed(f, "link header truncated", b.length);
            default -> new Segment.Other(f, String.format("ethertype 0x%04x", type));
        };
    }

    private Segment ip(RawFrame f, byte[] b, int at) {
        if (!need(b, at + 1)) {
            return new Segment.Malformed(f, "no IP header", at);
        }
        int version = (b[at] & 0xff) >> 4;
        return switch (version) {
            case 4 -> ipv4(f, b, at);
            case 6 -> ipv6(f, b, at);
            default -> new Segment.Malformed(f, "IP version " + version, at);
        };
    }

    private Segment ipv4(RawFrame f, byte[] b, int at) {
        if (!need(b, at + 20)) {
            return new Segment.Malformed(f, "IPv4 header truncated", at);
        }
        int ihl = (b[at] & 0x0f) * 4;
        int total = u16(b, at + 2);
        if (ihl < 20 || total < ihl || !need(b, at + ihl)) {
            return new Segment.Malformed(f, "IPv4 header length " + ihl + ", total length " + total, at);
        }
        int end = Math.min(b.length, at + total);
        if (at + total > b.length) {
            return new Segment.Malformed(f, "IPv4 total length " + total + " runs past the frame (" + (b.length - at)
                    + " bytes)", at + 2);
        }
        int protocol = b[at + 9] & 0xff;
        InetAddress src = addr(b, at + 12, 4);
        InetAddress dst = addr(b, at + 16, 4);
        int flags = u16(b, at + 6);
        boolean more = (flags & 0x2000) != 0;
        int offset = (flags & 0x1fff) * 8;
        byte[] payload = Arrays.copyOfRange(b, at + ihl, end);
        if (more || offset > 0) {
            // RFC 791 reassembly keyed by source, destination, identification and protocol
            String key = src.getHostAddress() + " " + dst.getHostAddress() + " " + u16(b, at + 4) + " " + protocol;
            Reassembly r = fragments.computeIfAbsent(key, k -> new Reassembly());
            r.parts.put(offset, payload);
            if (!more) {
                r.total = offset + payload.length;
            }
            byte[] whole = complete(r);
            if (whole == null) {
                return new Segment.Fragment(f);
            }
            fragments.remove(key);
            payload = whole;
        }
        return transport(f, protocol, src, dst, payload, at + ihl);
    }

    private static byte[] complete(Reassembly r) {
        if (r.total < 0) {
            return null;
        }
        byte[] out = new byte[r.total];
        int covered = 0;
        for (Map.Entry<Integer, byte[]> e : r.parts.entrySet()) {
            if (e.getKey() > covered) {
                return null;
            }
            int len = Math.min(e.getValue().length, r.total - e.getKey());
            System.arraycopy(e.getValue(), 0, out, e.getKey(), len);
            covered = Math.max(covered, e.getKey() + len);
        }
        return covered == r.total ? out : null;
    }

    private Segment ipv6(RawFrame f, byte[] b, int at) {
        if (!need(b, at + 40)) {
            return new Segment.Malformed(f, "IPv6 header truncated", at);
        }
        int payloadLength = u16(b, at + 4);
        int next = b[at + 6] & 0xff;
        InetAddress src = addr(b, at + 8, 16);
        InetAddress dst = addr(b, at + 24, 16);
        int p = at + 40;
        int end = at + 40 + payloadLength;
        if (end > b.length) {
            return new Segment.Malformed(f, "IPv6 payload length " + payloadLength + " runs past the frame", at + 4);
        }
        // RFC 8200 §4: hop-by-hop, routing, destination options; a fragment header we do not reassemble
        while (next == 0 || next == 43 || next == 60 || next == 44) {
            if (!need(b, p + 8)) {
                return new Segment.Malformed(f, "IPv6 extension header truncated", p);
            }
            if (next == 44) {
                return ipv6Fragment(f, b, p, end, src, dst);
            }
            int len = ((b[p + 1] & 0xff) + 1) * 8;
            next = b[p] & 0xff;
            p += len;
        }
        return transport(f, next, src, dst, Arrays.copyOfRange(b, Math.min(p, end), end), p);
    }

    /** RFC 8200 §4.5: reassembled by source, destination and identification like IPv4's. */
    private Segment ipv6Fragment(RawFrame f, byte[] b, int p, int end, InetAddress src, InetAddress dst) {
        if (p + 8 > end) {
            return new Segment.Malformed(f, "IPv6 fragment header beyond the payload length", p);
        }
        int next = b[p] & 0xff;
        int offsetAndFlags = u16(b, p + 2);
        int offset = offsetAndFlags & 0xfff8;
        boolean more = (offsetAndFlags & 1) != 0;
        long id = ByteBuffer.wrap(b, p + 4, 4).getInt() & 0xffffffffL;
        byte[] payload = Arrays.copyOfRange(b, p + 8, end);
        String key = "v6 " + src.getHostAddress() + " " + dst.getHostAddress() + " " + id;
        Reassembly r = fragments.computeIfAbsent(key, k -> new Reassembly());
        r.parts.put(offset, payload);
        if (!more) {
            r.total = offset + payload.length;
        }
        if (offset == 0) {
            r.header = new byte[] {(byte) next};
        }
        byte[] whole = complete(r);
        if (whole == null || r.header == null) {
            return new Segment.Fragment(f);
        }
        fragments.remove(key);
        return transport(f, r.header[0] & 0xff, src, dst, whole, p + 8);
    }

    private static Segment transport(RawFrame f, int protocol, InetAddress src, InetAddress dst, byte[] p, int at) {
        if (protocol == 17) {
            if (p.length < 8) {
                return new Segment.Malformed(f, "UDP header truncated", at);
            }
            int len = u16(p, 4);
            if (len < 8 || len > p.length) {
                return new Segment.Malformed(f, "UDP length " + len + " with " + p.length + " bytes", at + 4);
            }
            return new Segment.Transport(f, false, new InetSocketAddress(src, u16(p, 0)),
                    new InetSocketAddress(dst, u16(p, 2)), Arrays.copyOfRange(p, 8, len), 0, 0);
        }
        if (protocol == 6) {
            if (p.length < 20) {
                return new Segment.Malformed(f, "TCP header truncated", at);
            }
            int off = ((p[12] & 0xff) >> 4) * 4;
            if (off < 20 || off > p.length) {
                return new Segment.Malformed(f, "TCP data offset " + off, at + 12);
            }
            long seq = ByteBuffer.wrap(p, 4, 4).getInt() & 0xffffffffL;
            return new Segment.Transport(f, true, new InetSocketAddress(src, u16(p, 0)),
                    new InetSocketAddress(dst, u16(p, 2)), Arrays.copyOfRange(p, off, p.length), seq, p[13] & 0xff);
        }
        return new Segment.Other(f, switch (protocol) {
            case 1 -> "ICMP";
            case 58 -> "ICMPv6";
            case 2 -> "IGMP";
            default -> "IP protocol " + protocol;
        });
    }

    private static InetAddress addr(byte[] b, int at, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + len));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes always make an address
        }
    }

    private static boolean need(byte[] b, int n) {
        return b.length >= n;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
