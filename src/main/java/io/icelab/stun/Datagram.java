package io.icelab.stun;

import java.net.InetSocketAddress;

/**
 * What crosses the boundary between a sans-IO state machine and its driver, in either direction:
 * a payload with its transport and the local and remote transport addresses. For a transmit,
 * {@code local} is the source the driver must send from and {@code remote} the destination.
 */
public record Datagram(Transport transport, InetSocketAddress local, InetSocketAddress remote, Bytes payload) {

    /**
     * A UDP datagram.
     *
     * @param local our address
     * @param remote the peer's
     * @param payload the bytes (not copied)
     * @return the datagram
     */
    public static Datagram udp(InetSocketAddress local, InetSocketAddress remote, byte[] payload) {
        return new Datagram(Transport.UDP, local, remote, Bytes.wrap(payload));
    }

    @Override
    public String toString() {
        return transport + " " + local + " <-> " + remote + " (" + payload.length() + " bytes)";
    }
}
