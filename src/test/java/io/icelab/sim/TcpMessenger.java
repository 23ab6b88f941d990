package io.icelab.sim;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A test application that sends TCP messages when told and keeps what arrives; its events are the texts received. */
final class TcpMessenger implements SansIo<String> {
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();
    private final ArrayDeque<String> events = new ArrayDeque<>();
    final List<Datagram> received = new ArrayList<>();

    void send(InetSocketAddress local, InetSocketAddress remote, String text) {
        out.add(new Datagram(Transport.TCP, local, remote, Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        received.add(d);
        events.add(d.payload().utf8());
    }

    @Override
    public Datagram pollTransmit(long now) {
        return out.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_DEADLINE;
    }

    @Override
    public void handleTimeout(long now) {
    }

    @Override
    public String pollEvent() {
        return events.poll();
    }
}
