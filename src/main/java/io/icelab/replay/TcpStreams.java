package io.icelab.replay;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-direction TCP reassembly in sequence order (retransmitted and overlapping bytes kept once,
 * out-of-order segments put in place), then message splitting: RFC 4571 framing (ICE-TCP, RFC 6544)
 * when the stream starts with a 2-byte length that frames a STUN message, otherwise back-to-back
 * STUN messages and ChannelData padded to 4 bytes (TURN over TCP, RFC 8656 §12.5). A gap in the
 * sequence space restarts parsing after it; bytes that are neither are reported, never dropped.
 */
final class TcpStreams {
    private record Piece(long relative, byte[] bytes, RawFrame frame) {
    }

    private static final class Flow {
        final InetSocketAddress source;
        final InetSocketAddress destination;
        long base = -1;
        final List<Piece> pieces = new ArrayList<>();

        Flow(InetSocketAddress source, InetSocketAddress destination) {
            this.source = source;
            this.destination = destination;
        }
    }

    private final Map<String, Flow> flows = new TreeMap<>();
    private int order;
    private final Map<String, Integer> firstSeen = new TreeMap<>();

    void add(Segment.Transport t) {
        String key = t.source() + " > " + t.destination();
        Flow f = flows.computeIfAbsent(key, k -> new Flow(t.source(), t.destination()));
        firstSeen.putIfAbsent(key, order++);
        boolean syn = (t.tcpFlags() & 0x02) != 0;
        if (f.base < 0) {
            f.base = syn ? (t.sequence() + 1) & 0xffffffffL : t.sequence();
        }
        if (t.payload().length > 0) {
            long rel = (t.sequence() + (syn ? 1 : 0) - f.base) & 0xffffffffL;
            f.pieces.add(new Piece(rel, t.payload(), t.frame()));
        }
    }

    /** Every flow's messages, flows in order of first appearance. */
    List<CapturedMessage> messages() {
        List<Map.Entry<String, Flow>> ordered = new ArrayList<>(flows.entrySet());
        ordered.sort(Comparator.comparing(e -> firstSeen.get(e.getKey())));
        List<CapturedMessage> out = new ArrayList<>();
        for (Map.Entry<String, Flow> e : ordered) {
            split(e.getValue(), out);
        }
        return out;
    }

    private static void split(Flow f, List<CapturedMessage> out) {
        List<Piece> pieces = new ArrayList<>(f.pieces);
        pieces.sort(Comparator.comparingLong(Piece::relative)); // stable: capture order among equals
        // contiguous runs of the stream, each with the frames that contributed its bytes
        long next = -1;
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        List<long[]> owners = new ArrayList<>(); // [run offset, frame number, time]
        for (Piece p : pieces) {
            long end = p.relative() + p.bytes().length;
            if (next >= 0 && p.relative() > next) {
                parse(f, run.toByteArray(), owners, out);
                run.reset();
                owners.clear();
                next = -1;
            }
            if (next < 0) {
                next = p.relative();
            }
            if (end <= next) {
                continue; // a retransmission of bytes we have
            }
            int skip = (int) (next - p.relative());
            owners.add(new long[] {run.size(), p.frame().number(), p.frame().timeNanos()});
            run.write(p.bytes(), skip, p.bytes().length - skip);
            next = end;
        }
        if (run.size() > 0) {
            parse(f, run.toByteArray(), owners, out);
        }
    }

    private static void parse(Flow f, byte[] s, List<long[]> owners, List<CapturedMessage> out) {
        boolean framed = s.length >= 4 && FrameDecoder.u16(s, 0) >= 20 && (s[2] & 0xff) <= 3
                && s.length >= 6 && FrameDecoder.u16(s, 4) + 20 == FrameDecoder.u16(s, 0);
        int p = 0;
        while (p < s.length) {
            long[] owner = ownerOf(owners, p);
            int length;
            int start = p;
            if (framed) {
                if (s.length - p < 2) {
                    length = -1;
                } else {
                    length = FrameDecoder.u16(s, p);
                    start = p + 2;
                }
            } else {
                length = unframedLength(s, p);
            }
            if (length < 0 || start + length > s.length) {
                out.add(new CapturedMessage((int) owner[1], owner[2], "tcp", f.source, f.destination,
                        new CapturedMessage.Other(length < 0 ? "unknown" : "truncated", s.length - p)));
                return;
            }
            byte[] one = java.util.Arrays.copyOfRange(s, start, start + length);
            out.add(new CapturedMessage((int) owner[1], owner[2], "tcp", f.source, f.destination,
                    PayloadClassifier.classify(one)));
            int consumed = start - p + length;
            if (!framed && (s[p] & 0xff) >= 0x40 && (s[p] & 0xff) <= 0x7f) {
                consumed = (consumed + 3) & ~3; // ChannelData over TCP is padded to a multiple of 4
            }
            p += consumed;
        }
    }

    /** The length of an unframed STUN message or ChannelData at {@code p}, or -1 if neither starts there. */
    private static int unframedLength(byte[] s, int p) {
        if (s.length - p < 4) {
            return -1;
        }
        int first = s[p] & 0xff;
        if (first <= 3 && s.length - p >= 20) {
            return FrameDecoder.u16(s, p + 2) + 20;
        }
        if (first >= 0x40 && first <= 0x7f) {
            return FrameDecoder.u16(s, p + 2) + 4;
        }
        return -1;
    }

    /** The frame that brought the byte at {@code offset}: the last owner starting at or before it (owners ascend). */
    private static long[] ownerOf(List<long[]> owners, int offset) {
        int lo = 0;
        int hi = owners.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (owners.get(mid)[0] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return owners.get(lo);
    }
}
