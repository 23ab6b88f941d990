package io.icelab.ice;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.Transport;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import io.icelab.turn.TcpConnector;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Relayed candidates (RFC 8445 §5.1.1.2) through TURN clients, one per base and TURN server. What the
 * agent sends from a relayed address goes to the TURN client (Send indication or ChannelData); what
 * the relay delivers comes back to the agent as received on the relayed address. Permissions are
 * created as pairs form (RFC 8445 §5.1.1.2 / RFC 8656 §9), and a channel is bound on a selected pair.
 * A TCP allocation (RFC 6062, RFC 6544 §5.2) reaches each peer on a connection of its own: the first datagram to a
 * peer without one waits while the client's Connect opens it ({@link TcpRelayPeers}); peers that connect to the
 * relayed address are bound as the server announces them, and their RFC 4571 frames arrive one by one.
 */
final class Relays {
    private static final class Relay {
        final IceStream stream;
        final int component;
        final InetSocketAddress base;
        /** Which configured TURN server (RFC 8445 §5.1.2.2: each gets its own local preference). */
        final int server;
        final Set<InetAddress> permitted = new LinkedHashSet<>();
        /** With a TCP allocation, the peers being connected to; null with a UDP one. */
        final TcpRelayPeers peers;
        TurnClient client;
        InetSocketAddress relayed;

        Relay(IceStream stream, int component, InetSocketAddress base, int server, IceConfig.Allocation allocation) {
            this.stream = stream;
            this.component = component;
            this.base = base;
            this.server = server;
            this.peers = allocation == IceConfig.Allocation.TCP ? new TcpRelayPeers() : null;
        }

        Transport relayTransport() {
            return peers == null ? Transport.UDP : Transport.TCP;
        }
    }

    /** Where the relays' outcomes go. */
    interface Listener {
        /** A relayed candidate: a new allocation, or a live one reused after a restart (see {@link Gathering#relayGathered}). */
        void gathered(long now, IceStream s, int component, InetSocketAddress base, InetSocketAddress relayed,
                InetSocketAddress mapped, int server);

        /** An allocation failed: one gathering transaction fewer. */
        void failed(IceStream s);

        /** A peer's datagram the relay delivered, as received on the relayed address. */
        void received(long now, Datagram d);
    }

    private final IceConfig config;
    private final RandomGenerator random;
    private final Listener listener;
    private final List<Relay> relays = new ArrayList<>();
    private final TcpConnector connector;
    /**
     * Relays whose clients asked for a data connection (RFC 6062 §4.3), in asking order: the driver reports a new
     * connection by the port it got, so the first relay waiting on that server from that IP takes it (any data
     * connection can carry any of the allocation's CONNECTION-IDs).
     */
    private final java.util.ArrayDeque<Relay> awaitingData = new java.util.ArrayDeque<>();

    Relays(IceConfig config, RandomGenerator random, TcpConnector connector, Listener listener) {
        this.config = config;
        this.random = random;
        this.connector = connector;
        this.listener = listener;
    }

    /**
     * Prepares an allocation from {@code base} on every configured TURN server of its family whose allocation is of
     * one of {@code kinds}, and returns,
     * for each, what sends its Allocate: the agent calls it when its pacing gives it a turn (RFC 8445 §5.1.1.2).
     * After an ICE restart a live allocation from the same base to the same server is reused, not made
     * again: a second Allocate from that 5-tuple would be refused (RFC 8656 §7.2, 437), and the old
     * client would go on refreshing an allocation nobody uses.
     */
    List<java.util.function.LongConsumer> gather(IceStream s, int component, InetSocketAddress base,
            Set<IceConfig.Allocation> kinds) {
        List<java.util.function.LongConsumer> starts = new ArrayList<>();
        for (IceConfig.TurnServer t : config.turnServers()) {
            if ((t.address().getAddress() instanceof Inet6Address) != (base.getAddress() instanceof Inet6Address)
                    || !kinds.contains(t.allocation())) {
                continue;
            }
            Relay live = live(base, t.address());
            if (live != null && live.client.state() == TurnClient.State.ALLOCATED) {
                live.permitted.clear(); // the new generation's pairs ask again; the client refreshes what it has
                starts.add(now -> listener.gathered(now, live.stream, live.component, live.base, live.relayed,
                        live.client.mappedAddress(), live.server));
                continue;
            }
            if (live != null) {
                starts.add(now -> { }); // still allocating: its AllocationCreated reports the candidate
                continue;
            }
            if (t.allocation() == IceConfig.Allocation.TCP && connector == TcpConnector.NONE) {
                continue; // RFC 6062 §4.3: without a way to open data connections a TCP allocation reaches no peer
            }
            Relay r = new Relay(s, component, base, config.turnServers().indexOf(t), t.allocation());
            TurnClient.Config c = TurnClient.Config.of(base, t.address(), t.username(), t.password())
                    .withTransport(t.transport() == IceConfig.TurnTransport.UDP ? Transport.UDP : Transport.TCP);
            r.client = r.peers == null ? new TurnClient(random, c)
                    : new TurnClient(random, c.withTcpAllocation(StreamFramer.Framing.RFC4571), dataConnections(r));
            relays.add(r);
            starts.add(r.client::allocate);
        }
        return starts;
    }

    /** The relay from this base to this server that is allocated or allocating; failed and deleted ones are forgotten. */
    private Relay live(InetSocketAddress base, InetSocketAddress server) {
        relays.removeIf(r -> r.client.state() == TurnClient.State.FAILED || r.client.state() == TurnClient.State.DELETED);
        for (Relay r : relays) {
            if (r.base.equals(base) && r.client.server().equals(server)) {
                return r;
            }
        }
        return null;
    }

    /** What a relay's client asks of the driver for its data connections; the agent's connector does it. */
    private TcpConnector dataConnections(Relay r) {
        return new TcpConnector() {
            @Override
            public void connect(InetSocketAddress from, InetSocketAddress to) {
                awaitingData.add(r);
                connector.connect(from, to);
            }

            @Override
            public void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
                connector.reframe(local, remote, framing);
            }

            @Override
            public void close(InetSocketAddress local, InetSocketAddress remote) {
                connector.close(local, remote);
            }
        };
    }

    /**
     * A TCP connection to a TURN server opened, failed or closed: its client hears of it (the control connection
     * from the base, or a data connection the client knows; a new data connection goes to the first relay that
     * asked for one on that server from that IP).
     */
    void connection(long now, io.icelab.stun.ConnectionEvent e) {
        for (Relay r : new ArrayList<>(relays)) {
            if (r.client.server().equals(e.remote())
                    && (r.base.equals(e.local()) || r.client.hasDataConnection(e.local()))) {
                r.client.handleConnection(now, e);
                drain(now, r);
                return;
            }
        }
        if (e.kind() == io.icelab.stun.ConnectionEvent.Kind.CLOSED) {
            return;
        }
        for (java.util.Iterator<Relay> it = awaitingData.iterator(); it.hasNext(); ) {
            Relay r = it.next();
            if (r.client.server().equals(e.remote()) && r.base.getAddress().equals(e.local().getAddress())) {
                it.remove();
                r.client.handleConnection(now, e);
                drain(now, r);
                return;
            }
        }
    }

    /** Ends the session: every allocation is deleted (a Refresh with LIFETIME 0, RFC 8656 §8). */
    void close(long now) {
        for (Relay r : relays) {
            if (r.client.state() == TurnClient.State.ALLOCATED) {
                r.client.close(now);
            }
        }
    }

    /** A datagram from a TURN server for one of our clients: handled here (true) or not ours (false). */
    boolean fromServer(long now, Datagram d) {
        for (Relay r : relays) {
            if (r.client.owns(d)) {
                r.client.handleDatagram(now, d);
                drain(now, r);
                return true;
            }
        }
        return false;
    }

    /** The agent wants to send from a relayed address: through the TURN client. False when not a relay. */
    boolean send(long now, Datagram d) {
        for (Relay r : relays) {
            if (d.local().equals(r.relayed) && r.client.state() == TurnClient.State.ALLOCATED) {
                permit(now, r, d.remote());
                if (r.peers != null) {
                    sendOverTcp(now, r, d);
                } else if (r.client.hasPermission(d.remote().getAddress())) {
                    r.client.send(now, d.remote(), d.payload().toArray());
                }
                // else RFC 8656 §9: the server would drop it; the check's retransmission goes out once
                // the permission is installed (and never to a peer the server refuses)
                return true;
            }
        }
        return false;
    }

    /** RFC 6062 §4.3: on the peer's data connection, or held while a Connect opens one (RFC 6544 §7.1). */
    private static void sendOverTcp(long now, Relay r, Datagram d) {
        if (r.client.connectedTo(d.remote())) {
            r.client.send(now, d.remote(), d.payload().toArray());
        } else if (r.peers.hold(d)) {
            r.client.connect(now, d.remote());
        }
    }

    boolean isRelayed(InetSocketAddress a) {
        for (Relay r : relays) {
            if (a.equals(r.relayed)) {
                return true;
            }
        }
        return false;
    }

    /** A pair with a relayed local candidate was formed: ask for the permission now, not at the first check. */
    void paired(long now, CandidatePair p) {
        for (Relay r : relays) {
            // the pair's base: a relayed active TCP candidate is signalled on port 9 (RFC 6544 §4.5)
            if (p.base().equals(r.relayed) && r.client.state() == TurnClient.State.ALLOCATED) {
                permit(now, r, p.remote.address());
            }
        }
    }

    /**
     * RFC 6062 §5.3: the server accepts a peer's connection to a relayed TCP address only from an IP with a
     * permission. A peer's active candidate connects from wherever its NAT maps it, not from a signalled address:
     * the IPs of all its TCP candidates get one (the server-reflexive ones name the NAT's).
     */
    void permitTcpPeers(long now, IceStream s) {
        for (Relay r : relays) {
            if (r.peers == null || r.stream != s || r.client.state() != TurnClient.State.ALLOCATED) {
                continue;
            }
            for (Candidate c : s.remote) {
                if (c.transport() == Transport.TCP && c.component() == r.component
                        && (c.address().getAddress() instanceof Inet6Address) == (r.relayed.getAddress() instanceof Inet6Address)) {
                    permit(now, r, c.address());
                }
            }
        }
    }

    /** A relayed pair was selected: bind a channel so media travels as ChannelData (4 bytes of overhead). */
    void selected(long now, CandidatePair p) {
        for (Relay r : relays) {
            if (p.local.address().equals(r.relayed) && r.client.state() == TurnClient.State.ALLOCATED
                    && r.peers == null && r.client.channel(p.remote.address()) < 0) {
                r.client.bindChannel(now, p.remote.address());
            }
        }
    }

    private void permit(long now, Relay r, InetSocketAddress peer) {
        if (r.permitted.add(peer.getAddress())) {
            r.client.createPermission(now, List.of(peer));
        }
    }

    Datagram pollTransmit(long now) {
        for (Relay r : relays) {
            Datagram d = r.client.pollTransmit(now);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    long pollTimeout() {
        long t = SansIo.NO_DEADLINE;
        for (Relay r : relays) {
            t = Math.min(t, r.client.pollTimeout());
        }
        return t;
    }

    void handleTimeout(long now) {
        for (Relay r : new ArrayList<>(relays)) {
            r.client.handleTimeout(now);
            drain(now, r);
        }
    }

    private void drain(long now, Relay r) {
        for (TurnClientEvent e; (e = r.client.pollEvent()) != null; ) {
            if (e instanceof TurnClientEvent.AllocationCreated a) {
                r.relayed = a.relayed();
                (r.peers == null ? r.stream.relayBases : r.stream.tcpBases).put(a.relayed(), r.component);
                listener.gathered(now, r.stream, r.component, r.base, a.relayed(), a.mapped(), r.server);
            } else if (e instanceof TurnClientEvent.AllocationFailed) {
                listener.failed(r.stream);
            } else if (e instanceof TurnClientEvent.DataReceived data) {
                listener.received(now, new Datagram(r.relayTransport(), r.relayed, data.peer(), data.data()));
            } else if (e instanceof TurnClientEvent.PeerConnected up) {
                Datagram waiting = r.peers.connected(up.peer());
                if (waiting != null) {
                    r.client.send(now, up.peer(), waiting.payload().toArray());
                }
            } else if (e instanceof TurnClientEvent.PeerConnectionFailed f) {
                r.peers.failed(f.peer());
            } else if (e instanceof TurnClientEvent.PeerConnectionClosed c) {
                r.peers.failed(c.peer());
            } else if (e instanceof TurnClientEvent.PermissionFailed f) {
                r.permitted.remove(f.peer().getAddress());
            }
        }
    }
}
