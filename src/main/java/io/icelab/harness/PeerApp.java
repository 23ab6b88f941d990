package io.icelab.harness;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * An endpoint on a simulated host that sends the bytes a step gives it and keeps what arrives, echoing
 * it back when told to: a TURN peer, or the two ends that carry a single message (an RFC 5769 vector,
 * a malformed message) across the wire so the scenario has a capture and a ladder.
 */
final class PeerApp implements SansIo<Datagram> {
    private final boolean echo;
    private final Queue<Datagram> transmits = new ArrayDeque<>();
    private final Queue<Datagram> received = new ArrayDeque<>();

    PeerApp(boolean echo) {
        this.echo = echo;
    }

    void send(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
        transmits.add(Datagram.udp(from, to, payload));
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        received.add(d);
        if (echo) {
            transmits.add(Datagram.udp(d.local(), d.remote(), d.payload().toArray()));
        }
    }

    @Override
    public Datagram pollTransmit(long now) {
        return transmits.poll();
    }

    @Override
    public Datagram pollEvent() {
        return received.poll();
    }
}
