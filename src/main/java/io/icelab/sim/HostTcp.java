package io.icelab.sim;

import io.icelab.sim.tcp.TcpConfig;
import io.icelab.sim.tcp.TcpConnection;
import io.icelab.sim.tcp.TcpDecodeException;
import io.icelab.sim.tcp.TcpEvent;
import io.icelab.sim.tcp.TcpSegment;
import io.icelab.sim.tcp.TcpStack;
import io.icelab.stun.Bytes;
import io.icelab.stun.ConnectionEvent;
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
        StreamFramer.Framing framing;
        StreamFramer framer;
        final List<byte[]> waiting = new ArrayList<>();
        /** Opened at the application's request ({@link #connectFrom}): its outcome is reported. */
        boolean reportOutcome;
        boolean established;

        Link(SimApp<?> app, InetSocketAddress appLocal, StreamFramer.Framing framing) {
            this.app = app;
            this.appLocal = appLocal;
            this.framing = framing;
            this.framer = new StreamFramer(framing);
        }
    }

    /** Who listens on an address, and how the connections it accepts are framed. */
    private record Listening(SimApp<?> app, StreamFramer.Framing framing) {
    }

    /** RFC 6335's dynamic ports: where connections an application opens take their local port from. */
    private static final int EPHEMERAL_MIN = 49152;
    private int nextEphemeral = EPHEMERAL_MIN;

    private final Simulation sim;
    private final Host host;
    private final TcpStack stack;
    private final Map<InetSocketAddress, Listening> listeners = new LinkedHashMap<>();
    private final Map<SimApp<?>, StreamFramer.Framing> framings = new LinkedHashMap<>();
    private final Map<SimApp<?>, Map<InetSocketAddress, StreamFramer.Framing>> framingsTo = new LinkedHashMap<>();
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

    /** The application's connections to {@code remote} use this framing (e.g. STUN to a TURN server). */
    void framing(SimApp<?> app, InetSocketAddress remote, StreamFramer.Framing framing) {
        framingsTo.computeIfAbsent(app, k -> new LinkedHashMap<>()).put(remote, framing);
    }

    /** Where the application's connections leave from. */
    void sourcePort(SimApp<?> app, Host.TcpSourcePort p) {
        sourcePorts.put(app, p);
    }

    /** The application accepts connections to {@code local}. */
    void listen(SimApp<?> app, InetSocketAddress local, StreamFramer.Framing framing) {
        if (listeners.putIfAbsent(local, new Listening(app, framing)) != null) {
            throw new IllegalArgumentException("TCP " + local + " is already listened on, host " + host.name());
        }
        framings.putIfAbsent(app, framing);
        stack.listen(local);
    }

    /** True when {@code local} is listened on. */
    boolean listening(InetSocketAddress local) {
        return listeners.containsKey(local);
    }

    /** The application stops accepting on {@code local}; its connections stay. */
    void stopListening(InetSocketAddress local) {
        if (listeners.remove(local) != null) {
            stack.unlisten(local);
        }
    }

    /**
     * A connection at the application's request (RFC 6062: a TURN server's to a peer from a relayed address, a
     * client's data connection to its server), reported OPENED or FAILED; port 0 in {@code local} asks for an
     * ephemeral port, and the connection is known by the address it got.
     */
    void connectFrom(SimApp<?> app, InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
        long now = sim.now();
        InetSocketAddress from = local.getPort() == 0 ? ephemeral(local) : local;
        if (connection(from, remote) != null) {
            // reported after the application's own call returns, never inside it
            sim.at(now, host.name() + ":tcp connect refused (exists)",
                    () -> app.connection(new ConnectionEvent(ConnectionEvent.Kind.FAILED, local, remote)));
            return;
        }
        TcpConnection c = stack.connect(now, from, remote);
        Link link = new Link(app, from, framing);
        link.reportOutcome = true;
        links.put(c, link);
        pumpAfterCall();
    }

    /**
     * The SYN or FIN of a connection an application opened or closed from inside one of its own calls goes out
     * after that call returns: anything {@link #pump} delivers then cannot reach the application mid-call.
     */
    private void pumpAfterCall() {
        sim.at(sim.now(), host.name() + ":tcp", this::pump);
    }

    /** From now on the connection's stream is framed this way (RFC 6062 after ConnectionBind: the peers' own). */
    void reframe(InetSocketAddress appLocal, InetSocketAddress remote, StreamFramer.Framing framing) {
        TcpConnection c = connection(appLocal, remote);
        Link link = c == null ? null : links.get(c);
        if (link == null || link.framing == framing) {
            return;
        }
        byte[] rest = link.framer.drain();
        link.framing = framing;
        link.framer = new StreamFramer(framing);
        link.framer.feed(rest); // delivered next by the loop that delivered the last frame
    }

    /** The application closes a connection (FIN; nothing is reported back). */
    void close(InetSocketAddress appLocal, InetSocketAddress remote) {
        TcpConnection c = connection(appLocal, remote);
        if (c != null) {
            links.remove(c);
            c.close(sim.now());
            pumpAfterCall();
        }
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
            StreamFramer.Framing f = framingsTo.getOrDefault(app, Map.of()).get(d.remote());
            links.put(c, new Link(app, local, f != null ? f : framings.getOrDefault(app, StreamFramer.Framing.RFC4571)));
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
                Listening l = listeners.get(a.connection().local());
                if (l == null) {
                    a.connection().abort(now); // the listener went away meanwhile
                    continue;
                }
                Link link = new Link(l.app(), a.connection().local(), l.framing());
                link.established = true;
                links.put(a.connection(), link);
                l.app().connection(new ConnectionEvent(ConnectionEvent.Kind.OPENED, link.appLocal, a.connection().remote()));
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
            link.established = true;
            if (link.reportOutcome) {
                link.app.connection(new ConnectionEvent(ConnectionEvent.Kind.OPENED, link.appLocal, c.remote()));
            }
        } else if (e instanceof TcpEvent.PeerClosed) {
            c.close(now); // the applications' streams carry no half-closed state: both directions end
            links.remove(c);
            link.app.connection(new ConnectionEvent(ConnectionEvent.Kind.CLOSED, link.appLocal, c.remote()));
        } else {
            links.remove(c); // closed, reset, refused or timed out: what waited is dropped
            link.app.connection(new ConnectionEvent(link.established || !link.reportOutcome ? ConnectionEvent.Kind.CLOSED
                    : ConnectionEvent.Kind.FAILED, link.appLocal, c.remote()));
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
