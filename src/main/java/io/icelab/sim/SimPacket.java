package io.icelab.sim;

import io.icelab.stun.Bytes;
import io.icelab.stun.TransportAddresses;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** A UDP packet inside the simulator: its addresses as they are at this point of the path, and its payload. */
public record SimPacket(long id, InetSocketAddress source, InetSocketAddress destination, Bytes payload) {

    /** Size on the wire with IP and UDP headers, for MTU and rate limits. */
    public int wireSize() {
        return (source.getAddress() instanceof Inet6Address ? 40 : 20) + 8 + payload.length();
    }

    public SimPacket withSource(InetSocketAddress s) {
        return new SimPacket(id, s, destination, payload);
    }

    public SimPacket withDestination(InetSocketAddress d) {
        return new SimPacket(id, source, d, payload);
    }

    public SimPacket withPayload(Bytes p) {
        return new SimPacket(id, source, destination, p);
    }

    @Override
    public String toString() {
        return "#" + id + " " + TransportAddresses.format(source) + " > " + TransportAddresses.format(destination)
                + " (" + payload.length() + " B)";
    }
}
