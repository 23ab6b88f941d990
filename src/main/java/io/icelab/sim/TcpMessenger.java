package io.icelab.sim;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A small application for TCP scenarios: it sends text messages over TCP when told and keeps every message that
 * arrives (its events are their texts). Runs on a simulated host like any sans-IO object.
 */
public final class TcpMessenger implements SansIo<String> {
    private final ArrayDeque<Datagram> out = new ArrayDeque<>();
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private final List<Datagram> received = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    /**
     * What became of one of the messenger's connections, and when.
     *
     * @param at the virtual time
     * @param event which connection, and what happened
     */
    public record Connection(long at, io.icelab.stun.ConnectionEvent event) {
    }

    /**
     * Queues a message; the host opens the connection if there is none.
     *
     * @param local our address (the connection's local end)
     * @param remote the peer's
     * @param text the message, as UTF-8
     */
    public void send(InetSocketAddress local, InetSocketAddress remote, String text) {
        out.add(new Datagram(Transport.TCP, local, remote, Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /**
     * Every message received, in order, with the connection's addresses.
     *
     * @return the messages
     */
    public List<Datagram> received() {
        return List.copyOf(received);
    }

    /**
     * Every connection opened, failed or closed, in order.
     *
     * @return the reports
     */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void handleConnection(long now, io.icelab.stun.ConnectionEvent e) {
        connections.add(new Connection(now, e));
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
