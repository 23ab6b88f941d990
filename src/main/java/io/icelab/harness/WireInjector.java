package io.icelab.harness;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Puts chosen bytes on the simulated wire and keeps what arrives: how a scenario about a message
 * (an RFC 5769 vector) still gets a capture and a ladder that Wireshark and the report can show.
 */
final class WireInjector implements SansIo<Bytes> {
    private final Queue<Datagram> transmits = new ArrayDeque<>();
    private final Queue<Bytes> received = new ArrayDeque<>();

    void send(InetSocketAddress from, InetSocketAddress to, Bytes payload) {
        transmits.add(Datagram.udp(from, to, payload.toArray()));
    }

    @Override
    public void handleDatagram(long nowNanos, Datagram datagram) {
        received.add(datagram.payload());
    }

    @Override
    public Datagram pollTransmit(long nowNanos) {
        return transmits.poll();
    }

    @Override
    public Bytes pollEvent() {
        return received.poll();
    }
}
