package io.icelab.sim.tcp;

import io.icelab.stun.Bytes;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A TCP segment (RFC 9293 §3.1): ports, sequence and acknowledgement numbers, control bits, window, the MSS option
 * (§3.7.1, on SYN segments) and the payload. Sequence numbers are unsigned 32-bit values kept in a {@code long}.
 *
 * @param sourcePort the sender's port
 * @param destinationPort the receiver's port
 * @param seq the sequence number of the first byte (of the SYN for a SYN segment)
 * @param ack the next sequence number the sender expects (meaningful with {@link #ACK})
 * @param flags the control bits, e.g. {@code SYN | ACK}
 * @param window the receive window, 16 bits (no window scaling)
 * @param mss the MSS option's value, or 0 without one
 * @param payload the data
 */
public record TcpSegment(int sourcePort, int destinationPort, long seq, long ack, int flags, int window, int mss,
        Bytes payload) {
    /** No more data from the sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push. */
    public static final int PSH = 0x08;
    /** The acknowledgement field is significant. */
    public static final int ACK = 0x10;
    /** The protocol number of TCP in IP headers. */
    public static final int PROTOCOL = 6;
    private static final int HEADER = 20;

    /**
     * Refuses values out of their field's range.
     *
     * @param sourcePort the sender's port
     * @param destinationPort the receiver's port
     * @param seq the sequence number
     * @param ack the acknowledgement number
     * @param flags the control bits
     * @param window the receive window
     * @param mss the MSS option's value, or 0
     * @param payload the data
     */
    public TcpSegment {
        if ((sourcePort | destinationPort | window | mss) >>> 16 != 0 || (seq | ack) >>> 32 != 0 || flags >>> 6 != 0) {
            throw new IllegalArgumentException("a TCP field is out of range");
        }
    }

    /**
     * Whether a control bit is set.
     *
     * @param flag e.g. {@link #SYN}
     * @return true when set
     */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * RFC 9293 §3.4: the sequence space the segment occupies: its data, plus one for SYN and one for FIN.
     *
     * @return the segment length
     */
    public long sequenceLength() {
        return payload.length() + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /**
     * The segment as on the wire, with its checksum over the pseudo-header of these addresses (RFC 9293 §3.1; RFC
     * 8200 §8.1 for IPv6).
     *
     * @param source the sender's IP address
     * @param destination the receiver's IP address
     * @return the bytes
     */
    public byte[] encode(InetAddress source, InetAddress destination) {
        int headerLength = HEADER + (mss != 0 ? 4 : 0);
        byte[] b = new byte[headerLength + payload.length()];
        put16(b, 0, sourcePort);
        put16(b, 2, destinationPort);
        put32(b, 4, seq);
        put32(b, 8, ack);
        b[12] = (byte) (headerLength / 4 << 4);
        b[13] = (byte) flags;
        put16(b, 14, window);
        if (mss != 0) {
            b[20] = 2;
            b[21] = 4;
            put16(b, 22, mss);
        }
        payload.copyTo(b, headerLength);
        put16(b, 16, checksum(source, destination, b));
        return b;
    }

    /**
     * Reads a segment and checks its checksum.
     *
     * @param bytes the segment (the IP payload)
     * @param source the sender's IP address, for the pseudo-header
     * @param destination the receiver's IP address
     * @return the segment
     * @throws TcpDecodeException naming the reason and the offset
     */
    public static TcpSegment decode(Bytes bytes, InetAddress source, InetAddress destination)
            throws TcpDecodeException {
        byte[] b = bytes.toArray();
        if (b.length < HEADER) {
            throw new TcpDecodeException(TcpDecodeException.Reason.TRUNCATED, b.length, b.length + " bytes");
        }
        int headerLength = (b[12] >> 4 & 0x0f) * 4;
        if (headerLength < HEADER) {
            throw new TcpDecodeException(TcpDecodeException.Reason.BAD_DATA_OFFSET, 12, "data offset " + headerLength / 4);
        }
        if (headerLength > b.length) {
            throw new TcpDecodeException(TcpDecodeException.Reason.TRUNCATED, b.length,
                    "header of " + headerLength + " bytes in " + b.length);
        }
        if (checksum(source, destination, b) != 0) {
            throw new TcpDecodeException(TcpDecodeException.Reason.BAD_CHECKSUM, 16,
                    String.format("checksum 0x%04x", get16(b, 16)));
        }
        int mss = 0;
        for (int i = HEADER; i < headerLength; ) {
            int kind = b[i] & 0xff;
            if (kind == 0) {
                break; // end of option list
            }
            if (kind == 1) {
                i++; // no-operation
                continue;
            }
            int len = i + 1 < headerLength ? b[i + 1] & 0xff : 0;
            if (len < 2 || i + len > headerLength) {
                throw new TcpDecodeException(TcpDecodeException.Reason.BAD_OPTION, i, "option " + kind + " of length " + len);
            }
            if (kind == 2 && len == 4) {
                mss = get16(b, i + 2);
            }
            i += len;
        }
        return new TcpSegment(get16(b, 0), get16(b, 2), get32(b, 4), get32(b, 8), b[13] & 0x3f, get16(b, 14), mss,
                Bytes.wrap(b, headerLength, b.length - headerLength));
    }

    /** The ones' complement sum over the pseudo-header and the segment; 0 when a received checksum is right. */
    private static int checksum(InetAddress source, InetAddress destination, byte[] segment) {
        long sum = 0;
        byte[] s = source.getAddress();
        byte[] d = destination.getAddress();
        sum += words(s, s.length) + words(d, d.length);
        if (source instanceof Inet6Address) {
            sum += (segment.length >>> 16) + (segment.length & 0xffff) + PROTOCOL;
        } else {
            sum += PROTOCOL + segment.length;
        }
        sum += words(segment, segment.length);
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long words(byte[] b, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
        }
        if (length % 2 == 1) {
            sum += (b[length - 1] & 0xff) << 8;
        }
        return sum;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >>> 16) & 0xffff);
        put16(b, at + 2, (int) v & 0xffff);
    }

    private static int get16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static long get32(byte[] b, int at) {
        return (long) get16(b, at) << 16 | get16(b, at + 2);
    }

    /**
     * RFC 9293 §3.10.7.1: the RST that answers this segment when it belongs to no connection (or is unacceptable in
     * SYN-SENT and SYN-RECEIVED): its sequence number taken from the segment's ACK, else a RST that acknowledges it.
     *
     * @return the reset, from this segment's destination port to its source port
     */
    public TcpSegment reset() {
        return has(ACK) ? new TcpSegment(destinationPort, sourcePort, ack, 0, RST, 0, 0, Bytes.EMPTY)
                : new TcpSegment(destinationPort, sourcePort, 0, (seq + sequenceLength()) & 0xffffffffL, RST | ACK, 0, 0,
                        Bytes.EMPTY);
    }

    /**
     * The names of the control bits set in {@code flags}, in bit order and comma-separated, e.g. "SYN,ACK".
     *
     * @param flags control bits
     * @return the names, empty when none is set
     */
    public static String flagNames(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((flags & 1 << i) != 0) {
                f.append(f.length() == 0 ? "" : ",").append(names[i]);
            }
        }
        return f.toString();
    }

    @Override
    public String toString() {
        return sourcePort + " > " + destinationPort + " [" + flagNames(flags) + "] seq " + seq + (has(ACK) ? " ack " + ack : "")
                + " win " + window + (mss != 0 ? " mss " + mss : "") + " len " + payload.length();
    }
}
