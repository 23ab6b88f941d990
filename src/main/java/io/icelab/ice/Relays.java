package io.icelab.ice;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
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
 */
final class Relays {
    private static final class Relay {
        final IceStream stream;
        final int component;
        final InetSocketAddress base;
        final TurnClient client;
        /** Which configured TURN server (RFC 8445 §5.1.2.2: each gets its own local preference). */
        final int server;
        final Set<InetAddress> permitted = new LinkedHashSet<>();
        InetSocketAddress relayed;

        Relay(IceStream stream, int component, InetSocketAddress base, TurnClient client, int server) {
            this.stream = stream;
            this.component = component;
            this.base = base;
            this.client = client;
            this.server = server;
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

    Relays(IceConfig config, RandomGenerator random, Listener listener) {
        this.config = config;
        this.random = random;
        this.listener = listener;
    }

    /**
     * Prepares an allocation from {@code base} on every configured TURN server of its family and returns,
     * for each, what sends its Allocate: the agent calls it when its pacing gives it a turn (RFC 8445 §5.1.1.2).
     * After an ICE restart a live allocation from the same base to the same server is reused, not made
     * again: a second Allocate from that 5-tuple would be refused (RFC 8656 §7.2, 437), and the old
     * client would go on refreshing an allocation nobody uses.
     */
    List<java.util.function.LongConsumer> gather(IceStream s, int component, InetSocketAddress base) {
        List<java.util.function.LongConsumer> starts = new ArrayList<>();
        for (IceConfig.TurnServer t : config.turnServers()) {
            if ((t.address().getAddress() instanceof Inet6Address) != (base.getAddress() instanceof Inet6Address)) {
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
            TurnClient c = new TurnClient(random, TurnClient.Config.of(base, t.address(), t.username(), t.password())
                    .withTransport(t.transport() == IceConfig.TurnTransport.UDP ? Transport.UDP : Transport.TCP));
            relays.add(new Relay(s, component, base, c, config.turnServers().indexOf(t)));
            starts.add(c::allocate);
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

    /** A TCP connection to a TURN server opened, failed or closed: its client hears of it. */
    void connection(long now, io.icelab.stun.ConnectionEvent e) {
        for (Relay r : new ArrayList<>(relays)) {
            if (r.base.equals(e.local()) && r.client.server().equals(e.remote())) {
                r.client.handleConnection(now, e);
                drain(now, r);
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
                if (r.client.hasPermission(d.remote().getAddress())) {
                    r.client.send(now, d.remote(), d.payload().toArray());
                }
                // else RFC 8656 §9: the server would drop it; the check's retransmission goes out once
                // the permission is installed (and never to a peer the server refuses)
                return true;
            }
        }
        return false;
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
            if (p.local.address().equals(r.relayed) && r.client.state() == TurnClient.State.ALLOCATED) {
                permit(now, r, p.remote.address());
            }
        }
    }

    /** A relayed pair was selected: bind a channel so media travels as ChannelData (4 bytes of overhead). */
    void selected(long now, CandidatePair p) {
        for (Relay r : relays) {
            if (p.local.address().equals(r.relayed) && r.client.state() == TurnClient.State.ALLOCATED
                    && r.client.channel(p.remote.address()) < 0) {
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
                r.stream.relayBases.put(a.relayed(), r.component);
                listener.gathered(now, r.stream, r.component, r.base, a.relayed(), a.mapped(), r.server);
            } else if (e instanceof TurnClientEvent.AllocationFailed) {
                listener.failed(r.stream);
            } else if (e instanceof TurnClientEvent.DataReceived data) {
                listener.received(now, new Datagram(Transport.UDP, r.relayed, data.peer(), data.data()));
            } else if (e instanceof TurnClientEvent.PermissionFailed f) {
                r.permitted.remove(f.peer().getAddress());
            }
        }
    }
}
