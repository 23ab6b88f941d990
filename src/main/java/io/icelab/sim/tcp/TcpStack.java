package io.icelab.sim.tcp;

import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A host's TCP: listeners, connections by their two transport addresses, and what a segment for neither gets
 * (RFC 9293 §3.10.7.1: a RST, unless the host drops it silently). Initial sequence numbers come from the injected
 * generator. The connection table is bounded: past {@link #MAX_CONNECTIONS} a SYN is dropped.
 */
public final class TcpStack {
    /** The most connections a stack holds (a SYN flood in a scenario stops there). */
    public static final int MAX_CONNECTIONS = 4096;

    /** What a segment to a port nobody listens on gets. */
    public enum ClosedPort {
        /** RFC 9293 §3.10.7.1: a RST. */
        RESET,
        /** Nothing: a host firewall that drops it. */
        DROP
    }

    /**
     * A segment to send, with its addresses.
     *
     * @param source our transport address
     * @param destination the peer's
     * @param segment the segment
     */
    public record Outgoing(InetSocketAddress source, InetSocketAddress destination, TcpSegment segment) {
    }

    /** What happened, for the application. */
    public sealed interface StackEvent {
        /** The connection it is about. @return the connection */
        TcpConnection connection();
    }

    /**
     * A listener got a SYN; the connection is in SYN-RECEIVED and becomes usable with its {@code Connected}.
     *
     * @param connection the new connection
     */
    public record Accepted(TcpConnection connection) implements StackEvent {
    }

    /**
     * An event of one connection.
     *
     * @param connection the connection
     * @param event what happened on it
     */
    public record OnConnection(TcpConnection connection, TcpEvent event) implements StackEvent {
    }

    private final TcpConfig config;
    private java.util.function.Function<InetSocketAddress, TcpConfig> configFor;
    private final RandomGenerator random;
    private final ClosedPort closedPort;
    private final Set<InetSocketAddress> listeners = new LinkedHashSet<>();
    private final Map<String, TcpConnection> connections = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> resets = new ArrayDeque<>();
    private final ArrayDeque<StackEvent> events = new ArrayDeque<>();

    /**
     * A stack with no listener and no connection.
     *
     * @param config the settings of every connection
     * @param random initial sequence numbers
     * @param closedPort what a segment for no connection and no listener gets
     */
    public TcpStack(TcpConfig config, RandomGenerator random, ClosedPort closedPort) {
        this.config = config;
        this.configFor = local -> config;
        this.random = random;
        this.closedPort = closedPort;
    }

    /**
     * Settings per local address for the connections made from now on, e.g. the MSS from the interface's MTU
     * (RFC 9293 §3.7.1: the MTU minus the IP and TCP headers).
     *
     * @param f the settings for a connection from a local address
     */
    public void configFor(java.util.function.Function<InetSocketAddress, TcpConfig> f) {
        this.configFor = f;
    }

    /**
     * Accepts connections to {@code local}.
     *
     * @param local the listening transport address
     */
    public void listen(InetSocketAddress local) {
        listeners.add(local);
    }

    /**
     * No longer accepts connections to {@code local} (those open stay): a SYN to it is treated as to a closed port.
     *
     * @param local the listening transport address
     */
    public void unlisten(InetSocketAddress local) {
        listeners.remove(local);
    }

    /**
     * Opens a connection: the SYN goes at once.
     *
     * @param now the current time in nanoseconds
     * @param local our transport address
     * @param remote the peer's
     * @return the connection, in SYN-SENT
     * @throws IllegalStateException when a connection between these addresses exists, or the table is full
     */
    public TcpConnection connect(long now, InetSocketAddress local, InetSocketAddress remote) {
        String key = key(local, remote);
        if (connections.containsKey(key) || connections.size() >= MAX_CONNECTIONS) {
            throw new IllegalStateException("cannot open another connection " + key);
        }
        TcpConnection c = TcpConnection.connect(configFor.apply(local), local, remote, random.nextLong() & 0xffffffffL,
                now);
        connections.put(key, c);
        return c;
    }

    /**
     * Connections in the table (TIME-WAIT included).
     *
     * @return their number
     */
    public int connections() {
        return connections.size();
    }

    /**
     * A segment that arrived for one of this host's addresses.
     *
     * @param now the current time in nanoseconds
     * @param source the sender's transport address
     * @param destination ours
     * @param seg the segment
     */
    public void handleSegment(long now, InetSocketAddress source, InetSocketAddress destination, TcpSegment seg) {
        TcpConnection c = connections.get(key(destination, source));
        if (c != null) {
            c.handleSegment(now, seg);
            drain(c);
            removeIfOver(c);
            return;
        }
        boolean syn = seg.has(TcpSegment.SYN) && !seg.has(TcpSegment.ACK) && !seg.has(TcpSegment.RST);
        if (syn && listeners.contains(destination)) {
            if (connections.size() < MAX_CONNECTIONS) {
                TcpConnection accepted = TcpConnection.accept(configFor.apply(destination), destination, source,
                        random.nextLong() & 0xffffffffL, seg, now);
                connections.put(key(destination, source), accepted);
                events.add(new Accepted(accepted));
            }
            return;
        }
        if (!seg.has(TcpSegment.RST) && closedPort == ClosedPort.RESET) {
            resets.add(new Outgoing(destination, source, seg.reset()));
        }
    }

    private void drain(TcpConnection c) {
        for (TcpEvent e; (e = c.pollEvent()) != null; ) {
            events.add(new OnConnection(c, e));
        }
    }

    /** A connection that is over and has nothing left to send leaves the table. */
    private void removeIfOver(TcpConnection c) {
        if (c.state() == TcpConnection.State.CLOSED && !c.hasPendingSegments()) {
            connections.remove(key(c.local(), c.remote()));
        }
    }

    /**
     * The next segment to send, from any connection.
     *
     * @return the segment with its addresses, or null
     */
    public Outgoing pollSegment() {
        Outgoing r = resets.poll();
        if (r != null) {
            return r;
        }
        for (TcpConnection c : List.copyOf(connections.values())) {
            TcpSegment s = c.pollSegment();
            drain(c); // an application's own call (close, abort) may have ended it
            removeIfOver(c);
            if (s != null) {
                return new Outgoing(c.local(), c.remote(), s);
            }
        }
        return null;
    }

    /**
     * The earliest timer of any connection.
     *
     * @return the time in nanoseconds, or {@link SansIo#NO_DEADLINE}
     */
    public long pollTimeout() {
        long t = SansIo.NO_DEADLINE;
        for (TcpConnection c : connections.values()) {
            t = Math.min(t, c.pollTimeout());
        }
        return t;
    }

    /**
     * Runs the connections' timers that are due; connections that are over, with nothing left to send, leave the
     * table.
     *
     * @param now the current time in nanoseconds
     */
    public void handleTimeout(long now) {
        for (TcpConnection c : new ArrayList<>(connections.values())) {
            if (c.pollTimeout() <= now) {
                c.handleTimeout(now);
                drain(c);
            }
            removeIfOver(c);
        }
    }

    /**
     * The next event.
     *
     * @return the event, or null
     */
    public StackEvent pollEvent() {
        for (TcpConnection c : List.copyOf(connections.values())) {
            drain(c); // events of the application's own calls (close, abort)
            removeIfOver(c);
        }
        return events.poll();
    }

    private static String key(InetSocketAddress local, InetSocketAddress remote) {
        return local + ">" + remote;
    }
}
