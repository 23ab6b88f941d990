package io.icelab.sim;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A test application: sends numbered, timestamped datagrams when told, records what arrives. */
final class UdpEndpoint implements SansIo<UdpEndpoint.Received> {
    record Received(long seq, long sentAt, long receivedAt, InetSocketAddress from, int size) {
    }

    private final InetSocketAddress local;
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();
    final List<Received> received = new ArrayList<>();
    private long seq;

    UdpEndpoint(InetSocketAddress local) {
        this.local = local;
    }

    void send(long now, InetSocketAddress to, int size) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, 16));
        b.putLong(seq++).putLong(now);
        out.add(new Datagram(Transport.UDP, local, to, Bytes.wrap(b.array())));
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        ByteBuffer b = ByteBuffer.wrap(d.payload().toArray());
        received.add(new Received(b.getLong(), b.getLong(), now, d.remote(), d.payload().length()));
    }

    @Override
    public Datagram pollTransmit(long now) {
        return out.poll();
    }

    @Override
    public Received pollEvent() {
        return null;
    }
}
