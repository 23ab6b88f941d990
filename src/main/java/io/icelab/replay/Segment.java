package io.icelab.replay;

import java.net.InetSocketAddress;

/** What a frame carried at the transport layer, or why it carries nothing we read. */
public sealed interface Segment {
    RawFrame frame();

    /** A UDP datagram or a TCP segment (with its sequence number and flags). */
    record Transport(RawFrame frame, boolean tcp, InetSocketAddress source, InetSocketAddress destination,
            byte[] payload, long sequence, int tcpFlags) implements Segment {
    }

    /** Another protocol (ARP, ICMP, ...), named; accounted for, not decoded. */
    record Other(RawFrame frame, String protocol) implements Segment {
    }

    /** An IPv4 fragment held until its datagram is complete. */
    record Fragment(RawFrame frame) implements Segment {
    }

    /** A frame that cannot be read: what was wrong and the byte offset in the frame. */
    record Malformed(RawFrame frame, String reason, int offset) implements Segment {
    }
}
