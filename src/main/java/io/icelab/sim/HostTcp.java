package io.icelab.sim;

import io.icelab.sim.tcp.TcpConfig;
import io.icelab.sim.tcp.TcpConnection;
import io.icelab.sim.tcp.TcpDecodeException;
import io.icelab.sim.tcp.TcpEvent;
import io.icelab.sim.tcp.TcpSegment;
import io.icelab.sim.tcp.TcpStack;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's TCP, as its applications see it: the same {@link Datagram}s as on the socket runtime, with
 * {@link Transport#TCP} and the connection's two addresses. An application's first TCP datagram to a peer opens the
 * connection (its messages wait for the handshake); a listener's connections deliver to the listening application.
 * Messages are framed on the stream as the application asked: RFC 4571 length prefixes (ICE-TCP) or STUN and
 * ChannelData back to back (TURN over TCP, RFC 8656 §3.1).
 */
final class HostTcp {
    /** One connection as the host keeps it: whose it is, how its stream is framed, what waits for the handshake. */
    private static final class Link {
        final SimApp<?> app;
        /** The address the application knows the connection by: the one it sent from, or the listening one. */
        final InetSocketAddress appLocal;
        final StreamFramer.Framing framing;
        final StreamFramer framer;
        final List<byte[]> waiting = new ArrayList<>();

        Link(SimApp<?> app, InetSocketAddress appLocal, StreamFramer.Framing framing) {
            this.app = app;
            this.appLocal = appLocal;
            this.framing = framing;
            this.framer = new StreamFramer(framing);
        }
    }

    /** RFC 6335's dynamic ports: where connections an application opens take their local port from. */
    private static final int EPHEMERAL_MIN = 49152;
    private int nextEphemeral = EPHEMERAL_MIN;

    private final Simulation sim;
    private final Host host;
    private final TcpStack stack;
    private final Map<InetSocketAddress, SimApp<?>> listeners = new LinkedHashMap<>();
    private final Map<SimApp<?>, StreamFramer.Framing> framings = new LinkedHashMap<>();
    private final Map<SimApp<?>, Host.TcpSourcePort> sourcePorts = new LinkedHashMap<>();
    private final Map<TcpConnection, Link> links = new LinkedHashMap<>();
    private final Alarm alarm;

    HostTcp(Simulation sim, Host host, TcpConfig config) {
        this.sim = sim;
        this.host = host;
        this.stack = new TcpStack(config, sim.random("tcp:" + host.name()), TcpStack.ClosedPort.RESET);
        this.alarm = new Alarm(sim, host.name() + ":tcp timer", () -> {
            stack.handleTimeout(sim.now());
            pump();
        });
        stack.configFor(local -> config.withMss(mss(local, config.mss())));
    }

    /** RFC 9293 §3.7.1: the MSS a connection from {@code local} announces: its link's MTU less 40 (IPv4) or 60 bytes. */
    private int mss(InetSocketAddress local, int fallback) {
        Interface i = host.interfaceFor(local.getAddress());
        int mtu = i == null ? 0 : i.up().impairments().mtu();
        if (mtu <= 0) {
            return fallback;
        }
        return Math.max(1, mtu - (local.getAddress() instanceof java.net.Inet6Address ? 60 : 40));
    }

    /** The application's TCP streams use this framing. */
    void framing(SimApp<?> app, StreamFramer.Framing framing) {
        framings.put(app, framing);
    }

    /** Where the application's connections leave from. */
    void sourcePort(SimApp<?> app, Host.TcpSourcePort p) {
        sourcePorts.put(app, p);
    }

    /** The application accepts connections to {@code local}. */
    void listen(SimApp<?> app, InetSocketAddress local, StreamFramer.Framing framing) {
        if (listeners.putIfAbsent(local, app) != null) {
            throw new IllegalArgumentException("TCP " + local + " is already listened on, host " + host.name());
        }
        framings.put(app, framing);
        stack.listen(local);
    }

    /** An application's TCP datagram: framed onto its connection, which is opened first if there is none. */
    void send(SimApp<?> app, InetSocketAddress local, Datagram d) {
        long now = sim.now();
        TcpConnection c = connection(local, d.remote());
        if (c == null) {
            // from the address the application sent from, or from an ephemeral port as a real host's connect()
            // without bind() (an ICE-TCP active candidate's port is unknown in advance, RFC 6544 §4.5); the
            // application knows the connection by the address it sent from either way
            boolean ephemeral = sourcePorts.getOrDefault(app, Host.TcpSourcePort.BOUND) == Host.TcpSourcePort.EPHEMERAL;
            c = stack.connect(now, ephemeral ? ephemeral(local) : local, d.remote());
            links.put(c, new Link(app, local, framings.getOrDefault(app, StreamFramer.Framing.RFC4571)));
        }
        Link link = links.get(c);
        if (c.state() != TcpConnection.State.SYN_SENT && c.state() != TcpConnection.State.SYN_RECEIVED
                && c.state() != TcpConnection.State.ESTABLISHED && c.state() != TcpConnection.State.CLOSE_WAIT) {
            // the connection is closing: its 4-tuple cannot carry a new one until TIME-WAIT ends
            sim.log(host.name() + ":tcp", "dropped a message to " + io.icelab.stun.TransportAddresses.format(d.remote())
                    + ": the connection is closing (" + c.state() + ")");
            return;
        }
        byte[] framed = link.framing == StreamFramer.Framing.RFC4571 ? StreamFramer.frame4571(d.payload().toArray())
                : d.payload().toArray();
        if (c.state() == TcpConnection.State.ESTABLISHED || c.state() == TcpConnection.State.CLOSE_WAIT) {
            c.send(now, framed);
        } else {
            link.waiting.add(framed);
        }
        pump();
    }

    /** A TCP packet for one of the host's addresses. */
    void receive(SimPacket p) {
        TcpSegment seg;
        try {
            seg = p.segment();
        } catch (TcpDecodeException e) {
            sim.drop(host.name(), DropCause.BAD_TCP_SEGMENT, p);
            return;
        }
        stack.handleSegment(sim.now(), p.source(), p.destination(), seg);
        pump();
    }

    private TcpConnection connection(InetSocketAddress appLocal, InetSocketAddress remote) {
        for (Map.Entry<TcpConnection, Link> e : links.entrySet()) {
            TcpConnection c = e.getKey();
            if (e.getValue().appLocal.equals(appLocal) && c.remote().equals(remote)
                    && c.state() != TcpConnection.State.CLOSED) {
                return c;
            }
        }
        return null;
    }

    /** The next free ephemeral port on {@code local}'s IP: not listened on, not used by a connection. */
    private InetSocketAddress ephemeral(InetSocketAddress local) {
        for (int i = 0; i <= 65535 - EPHEMERAL_MIN; i++) {
            int port = nextEphemeral;
            nextEphemeral = nextEphemeral == 65535 ? EPHEMERAL_MIN : nextEphemeral + 1;
            InetSocketAddress candidate = new InetSocketAddress(local.getAddress(), port);
            boolean used = listeners.containsKey(candidate)
                    || links.keySet().stream().anyMatch(c -> c.local().equals(candidate));
            if (!used) {
                return candidate;
            }
        }
        throw new IllegalStateException("no ephemeral TCP port left on " + local.getAddress());
    }

    /** Events to the applications, segments onto the wire, and the timer re-armed. */
    private void pump() {
        long now = sim.now();
        for (TcpStack.StackEvent e; (e = stack.pollEvent()) != null; ) {
            if (e instanceof TcpStack.Accepted a) {
                SimApp<?> app = listeners.get(a.connection().local());
                links.put(a.connection(), new Link(app, a.connection().local(), framings.get(app)));
            } else if (e instanceof TcpStack.OnConnection on) {
                onEvent(now, on.connection(), on.event());
            }
        }
        for (TcpStack.Outgoing o; (o = stack.pollSegment()) != null; ) {
            SimPacket p = SimPacket.tcp(sim.nextPacketId(), o.source(), o.destination(), o.segment());
            Interface i = host.interfaceFor(o.source().getAddress());
            sim.transit(i.up(), p, i.realm()::deliver);
        }
        alarm.arm(stack.pollTimeout());
    }

    private void onEvent(long now, TcpConnection c, TcpEvent e) {
        Link link = links.get(c);
        if (link == null) {
            return;
        }
        String who = host.name() + ":tcp";
        if (e instanceof TcpEvent.DataReceived d) {
            deliver(c, link, d.data());
            return;
        }
        sim.log(who, e.getClass().getSimpleName() + " " + io.icelab.stun.TransportAddresses.format(c.local()) + " > "
                + io.icelab.stun.TransportAddresses.format(c.remote()));
        if (e instanceof TcpEvent.Connected) {
            for (byte[] w : link.waiting) {
                c.send(now, w);
            }
            link.waiting.clear();
        } else if (e instanceof TcpEvent.PeerClosed) {
            c.close(now); // the applications' streams carry no half-closed state: both directions end
        } else {
            links.remove(c); // closed, reset, refused or timed out: what waited is dropped
        }
    }

    /** The stream's bytes, cut into the application's messages; a stream that cannot be framed is aborted. */
    private void deliver(TcpConnection c, Link link, Bytes data) {
        byte[] bytes = data.toArray();
        link.framer.feed(bytes, 0, bytes.length);
        try {
            for (Bytes frame; (frame = link.framer.poll()) != null; ) {
                link.app.deliver(new Datagram(Transport.TCP, link.appLocal, c.remote(), frame));
            }
        } catch (StunDecodeException e) {
            sim.log(host.name() + ":tcp", "abort " + io.icelab.stun.TransportAddresses.format(c.remote()) + ": "
                    + e.getMessage());
            c.abort(sim.now());
        }
    }
}
