package io.icelab.sim;

import io.icelab.sim.tcp.TcpDecodeException;
import io.icelab.sim.tcp.TcpSegment;
import io.icelab.stun.Bytes;
import io.icelab.stun.Transport;
import io.icelab.stun.TransportAddresses;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * A packet inside the simulator: its addresses as they are at this point of the path, its payload and its protocol.
 * A UDP packet's payload is the datagram; a TCP packet's is the whole segment (RFC 9293 §3.1) with the checksum for
 * these addresses: a NAT that rewrites an address or a port gets a segment with the ports and the checksum rewritten
 * too, as a real NAT does (RFC 5382 §3).
 */
public record SimPacket(long id, InetSocketAddress source, InetSocketAddress destination, Bytes payload,
        Transport protocol) {

    /** A UDP packet. */
    public SimPacket(long id, InetSocketAddress source, InetSocketAddress destination, Bytes payload) {
        this(id, source, destination, payload, Transport.UDP);
    }

    /** A TCP packet carrying {@code segment}, encoded for these addresses. */
    static SimPacket tcp(long id, InetSocketAddress source, InetSocketAddress destination, TcpSegment segment) {
        return new SimPacket(id, source, destination,
                Bytes.wrap(segment.encode(source.getAddress(), destination.getAddress())), Transport.TCP);
    }

    /** The TCP segment of a TCP packet; its checksum must fit the addresses. */
    TcpSegment segment() throws TcpDecodeException {
        return TcpSegment.decode(payload, source.getAddress(), destination.getAddress());
    }

    /** Size on the wire with the IP header and, for UDP, the UDP header (a TCP payload holds its own). */
    public int wireSize() {
        return (source.getAddress() instanceof Inet6Address ? 40 : 20) + (protocol == Transport.UDP ? 8 : 0)
                + payload.length();
    }

    public SimPacket withSource(InetSocketAddress s) {
        return readdressed(s, destination);
    }

    public SimPacket withDestination(InetSocketAddress d) {
        return readdressed(source, d);
    }

    public SimPacket withPayload(Bytes p) {
        return new SimPacket(id, source, destination, p, protocol);
    }

    private SimPacket readdressed(InetSocketAddress s, InetSocketAddress d) {
        if (protocol != Transport.TCP) {
            return new SimPacket(id, s, d, payload, protocol);
        }
        try {
            TcpSegment seg = segment();
            return tcp(id, s, d, new TcpSegment(s.getPort(), d.getPort(), seg.seq(), seg.ack(), seg.flags(), seg.window(),
                    seg.mss(), seg.payload()));
        } catch (TcpDecodeException e) {
            throw new IllegalStateException("packet #" + id + " holds no valid TCP segment: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "#" + id + (protocol == Transport.TCP ? " tcp " : " ") + TransportAddresses.format(source) + " > "
                + TransportAddresses.format(destination) + " (" + payload.length() + " B)";
    }
}
