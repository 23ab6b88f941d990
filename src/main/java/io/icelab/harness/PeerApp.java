package io.icelab.harness;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;

/** A TURN peer on a simulated host: echoes what reaches it (when told to), and sends what a step asks. */
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
