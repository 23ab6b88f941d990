package io.icelab.replay;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng (draft-ietf-opsawg-pcapng): sections (one per Section Header Block, each with its own byte
 * order and interfaces), Interface Description Blocks (link type, {@code if_tsresol}, {@code if_tsoffset}),
 * Enhanced, Simple and the obsolete Packet Blocks; every other block (name resolution, interface
 * statistics, custom, decryption secrets, ...) is skipped by its length.
 */
final class PcapngReader {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int PB = 0x00000002;
    static final int SPB = 0x00000003;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final short IF_TSRESOL = 9;
    static final short IF_TSOFFSET = 14;
    /** A block larger than this is a damaged file (Wireshark refuses blocks over 16 MiB too). */
    static final long MAX_BLOCK = 16L << 20;

    private final CaptureInput in;
    private final List<Interface> interfaces = new ArrayList<>();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private int blockNumber;

    /** One interface of the current section: its link type, snap length and timestamp clock. */
    private record Interface(int linkType, long snapLength, int tsresol, long tsoffsetSeconds) {
        private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
        private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

        /** Nanoseconds since 1970 of a timestamp in this interface's units (unsigned, 64 bits), clamped to a long. */
        long nanos(long units) {
            if (tsoffsetSeconds == 0 && units >= 0) {
                if (tsresol == 9) {
                    return units;
                }
                if (tsresol == 6 && units < Long.MAX_VALUE / 1_000) {
                    return units * 1_000;
                }
            }
            BigInteger u = units >= 0 ? BigInteger.valueOf(units) : BigInteger.valueOf(units).add(TWO_64);
            BigInteger n;
            if ((tsresol & 0x80) == 0) {
                n = tsresol <= 9 ? u.multiply(BigInteger.TEN.pow(9 - tsresol)) : u.divide(BigInteger.TEN.pow(tsresol - 9));
            } else {
                n = u.multiply(BILLION).shiftRight(tsresol & 0x7f); // if_tsresol with the high bit: 2^-n seconds
            }
            n = n.add(BigInteger.valueOf(tsoffsetSeconds).multiply(BILLION));
            return n.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        }
    }

    PcapngReader(CaptureInput in) {
        this.in = in;
    }

    static boolean isPcapng(byte[] first) {
        return first.length == 4 && ByteBuffer.wrap(first).getInt() == SHB; // a palindrome: the same in both orders
    }

    List<RawFrame> read() throws CaptureFile.CaptureException {
        List<RawFrame> frames = new ArrayList<>();
        while (!in.atEnd()) {
            long at = in.offset();
            blockNumber++;
            ByteBuffer head = in.read(8, order, "block " + blockNumber + " header");
            int type = head.getInt(0);
            if (type == SHB) {
                section(head, at);
                continue;
            }
            if (blockNumber == 1) {
                throw in.error("block 1 is not a Section Header Block", at);
            }
            ByteBuffer body = body(head.getInt(4) & 0xffffffffL, at);
            switch (type) {
                case IDB -> interfaceDescription(body, at);
                case EPB -> frames.add(enhancedPacket(body, frames.size() + 1, at));
                case SPB -> frames.add(simplePacket(body, frames.size() + 1, at));
                case PB -> frames.add(packet(body, frames.size() + 1, at));
                default -> {
                    // NRB, ISB, custom, DSB and anything newer: not needed to read the frames
                }
            }
        }
        return frames;
    }

    /** A Section Header Block: its byte-order magic sets the order of everything up to the next one. */
    private void section(ByteBuffer head, long at) throws CaptureFile.CaptureException {
        ByteBuffer magic = in.read(4, ByteOrder.BIG_ENDIAN, "block " + blockNumber + " (SHB) byte-order magic");
        int m = magic.getInt(0);
        if (m == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(m) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw in.error("block " + blockNumber + " (SHB): byte-order magic " + CaptureFile.hex(magic.array())
                    + " is neither 1a2b3c4d nor 4d3c2b1a", at);
        }
        long total = head.order(order).getInt(4) & 0xffffffffL;
        checkLength(total, 28, at);
        ByteBuffer rest = in.read((int) total - 12, order, "block " + blockNumber + " (SHB)");
        int major = rest.getShort(0) & 0xffff;
        if (major != 1) {
            throw in.error("block " + blockNumber + " (SHB): version " + major + "." + (rest.getShort(2) & 0xffff)
                    + " is not 1.x", at);
        }
        trailer(rest, rest.limit() - 4, total, at);
        interfaces.clear();
    }

    private ByteBuffer body(long total, long at) throws CaptureFile.CaptureException {
        checkLength(total, 12, at);
        ByteBuffer rest = in.read((int) total - 8, order, "block " + blockNumber);
        trailer(rest, rest.limit() - 4, total, at);
        return rest.limit(rest.limit() - 4).slice().order(order);
    }

    private void checkLength(long total, int minimum, long at) throws CaptureFile.CaptureException {
        if (total < minimum || total % 4 != 0 || total > MAX_BLOCK) {
            throw in.error("block " + blockNumber + ": total length " + total + " is not a multiple of 4 between "
                    + minimum + " and " + MAX_BLOCK, at);
        }
    }

    private void trailer(ByteBuffer rest, int index, long total, long at) throws CaptureFile.CaptureException {
        long trailing = rest.getInt(index) & 0xffffffffL;
        if (trailing != total) {
            throw in.error("block " + blockNumber + ": trailing length " + trailing + " differs from " + total, at);
        }
    }

    private void interfaceDescription(ByteBuffer b, long at) throws CaptureFile.CaptureException {
        need(b, 8, "IDB", at);
        int linkType = b.getShort(0) & 0xffff;
        long snap = b.getInt(4) & 0xffffffffL;
        int tsresol = 6;
        long tsoffset = 0;
        int p = 8;
        while (p + 4 <= b.limit()) {
            int code = b.getShort(p) & 0xffff;
            int len = b.getShort(p + 2) & 0xffff;
            if (code == 0) {
                break;
            }
            if (p + 4 + len > b.limit()) {
                throw in.error("block " + blockNumber + " (IDB): option " + code + " of length " + len
                        + " runs past the block", at);
            }
            if (code == IF_TSRESOL && len >= 1) {
                tsresol = b.get(p + 4) & 0xff;
            } else if (code == IF_TSOFFSET && len >= 8) {
                tsoffset = b.getLong(p + 4);
            }
            p += 4 + ((len + 3) & ~3);
        }
        if ((tsresol & 0x80) == 0 ? tsresol > 18 : (tsresol & 0x7f) > 63) {
            throw in.error("block " + blockNumber + " (IDB): if_tsresol " + tsresol + " is out of range", at);
        }
        interfaces.add(new Interface(linkType, snap, tsresol, tsoffset));
    }

    private RawFrame enhancedPacket(ByteBuffer b, int number, long at) throws CaptureFile.CaptureException {
        need(b, 20, "EPB", at);
        Interface i = iface(b.getInt(0) & 0xffffffffL, "EPB", at);
        long units = ((b.getInt(4) & 0xffffffffL) << 32) | (b.getInt(8) & 0xffffffffL);
        return frame(b, 20, b.getInt(12) & 0xffffffffL, i, units, number, "EPB", at);
    }

    private RawFrame packet(ByteBuffer b, int number, long at) throws CaptureFile.CaptureException {
        need(b, 20, "PB", at);
        Interface i = iface(b.getShort(0) & 0xffff, "PB", at);
        long units = ((b.getInt(4) & 0xffffffffL) << 32) | (b.getInt(8) & 0xffffffffL);
        return frame(b, 20, b.getInt(12) & 0xffffffffL, i, units, number, "PB", at);
    }

    /** A Simple Packet Block: interface 0, no timestamp, captured length = min(original, snap length). */
    private RawFrame simplePacket(ByteBuffer b, int number, long at) throws CaptureFile.CaptureException {
        need(b, 4, "SPB", at);
        Interface i = iface(0, "SPB", at);
        long original = b.getInt(0) & 0xffffffffL;
        long captured = i.snapLength() == 0 ? original : Math.min(original, i.snapLength());
        return frame(b, 4, Math.min(captured, b.limit() - 4L), i, 0, number, "SPB", at);
    }

    private RawFrame frame(ByteBuffer b, int dataAt, long captured, Interface i, long units, int number, String kind,
            long at) throws CaptureFile.CaptureException {
        if (dataAt + captured > b.limit()) {
            throw in.error("block " + blockNumber + " (" + kind + ", frame " + number + "): captured length "
                    + captured + " runs past the block", at);
        }
        byte[] bytes = new byte[(int) captured];
        b.get(dataAt, bytes);
        return new RawFrame(number, i.nanos(units), i.linkType(), bytes);
    }

    private Interface iface(long id, String kind, long at) throws CaptureFile.CaptureException {
        if (id >= interfaces.size()) {
            throw in.error("block " + blockNumber + " (" + kind + "): interface " + id + " is not described in this"
                    + " section (" + interfaces.size() + " interfaces)", at);
        }
        return interfaces.get((int) id);
    }

    private void need(ByteBuffer b, int n, String kind, long at) throws CaptureFile.CaptureException {
        if (b.limit() < n) {
            throw in.error("block " + blockNumber + " (" + kind + "): body of " + b.limit() + " bytes, needs " + n, at);
        }
    }
}
