package io.icelab.sim;

/** Why the simulator dropped a packet. Counted per link, per NAT and for the whole run. */
public enum DropCause {
    /** The link direction is a blackhole (e.g. scheduled "link down"). */
    BLACKHOLE,
    /** Larger than the link MTU. */
    MTU,
    /** The rate limiter's drop-tail queue was full. */
    QUEUE,
    /** Random loss. */
    LOSS,
    /** Gilbert-Elliott burst loss. */
    BURST_LOSS,
    /** No realm on the way up knows the destination. */
    NO_ROUTE,
    /** The NAT's filter refused an inbound packet (RFC 4787 §5). */
    NAT_FILTERED,
    /** Inbound to an external port with no (live) mapping. */
    NAT_NO_MAPPING,
    /** The internal host exceeded its mapping quota (RFC 6888 REQ-4). */
    NAT_QUOTA,
    /** The NAT ran out of ports or its table is full and nothing could be evicted. */
    NAT_EXHAUSTED,
    /** Hairpinning is disabled on this NAT (RFC 4787 §6). */
    HAIRPIN_DISABLED,
    /** A UDP-blocking firewall. */
    UDP_BLOCKED,
    /** No application listens on the destination port. */
    NO_LISTENER,
    /** Bytes that are not a TCP segment for the packet's addresses (a bad checksum, a short header). */
    BAD_TCP_SEGMENT
}
