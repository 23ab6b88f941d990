package io.icelab.turn;

import io.icelab.stun.AuthResult;
import io.icelab.stun.Bytes;
import io.icelab.stun.ConnectionEvent;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * RFC 6062 §5: the peer connections of TCP allocations. A Connect opens one from the relayed address (§5.2), a
 * permitted peer connecting to the relayed address makes one and a ConnectionAttempt indication (§5.3); either
 * waits 30 s for a ConnectionBind on a new client connection (§5.4), which then carries the peer's stream both
 * ways, unframed. What the peer sends before that is held (up to {@link #MAX_UNBOUND_BYTES}). When either
 * connection of a pair closes, the other is closed too (§5.5); an allocation's end closes all of its own.
 */
final class TcpAllocations {
    /** §5.2, §5.3: how long a peer connection waits for its ConnectionBind. */
    static final long BIND_TIMEOUT = 30 * TurnServer.S;
    /** How long the server lets an outgoing connection try before answering 447 (§5.2 leaves it to the server). */
    static final long CONNECT_TIMEOUT = 30 * TurnServer.S;
    /** Peer connections per allocation, open or waiting (RFC 8656 §21: bound what one client can make us hold). */
    static final int MAX_PER_ALLOCATION = 128;
    /** Bytes from a peer held until its data connection is bound; past it both are closed. */
    static final int MAX_UNBOUND_BYTES = 64 * 1024;

    /** Where a peer connection stands. */
    enum State {
        /** §5.2: the server is connecting to the peer; the Connect waits for the outcome. */
        CONNECTING,
        /** §5.2/§5.3: connected; waiting for the client's ConnectionBind. */
        AWAITING_BIND,
        /** §5.4: joined to a data connection; bytes flow. */
        BOUND
    }

    /** The two addresses of one connection, as the server knows it. */
    record Endpoints(InetSocketAddress local, InetSocketAddress remote) {
    }

    private static final class PeerConnection {
        final int id;
        final TurnAllocation allocation;
        final Endpoints peer;
        State state;
        long deadline;
        Datagram connectRequest;
        StunMessage connect;
        AuthResult.Accepted auth;
        Endpoints data;
        ByteArrayOutputStream held = new ByteArrayOutputStream();

        PeerConnection(int id, TurnAllocation allocation, Endpoints peer, State state, long deadline) {
            this.id = id;
            this.allocation = allocation;
            this.peer = peer;
            this.state = state;
            this.deadline = deadline;
        }
    }

    private final TcpRelays relays;
    private final RandomGenerator random;
    private final Answers answers;
    private final Relaying relaying;
    private final java.util.function.Consumer<Datagram> transmits;
    private final Map<Integer, PeerConnection> byId = new LinkedHashMap<>();
    private final Map<Endpoints, PeerConnection> byPeer = new LinkedHashMap<>();
    private final Map<Endpoints, PeerConnection> byData = new LinkedHashMap<>();

    TcpAllocations(TcpRelays relays, RandomGenerator random, Answers answers, Relaying relaying,
            java.util.function.Consumer<Datagram> transmits) {
        this.relays = relays;
        this.random = random;
        this.answers = answers;
        this.relaying = relaying;
        this.transmits = transmits;
    }

    /** Whether TCP allocations can be had at all (else 442). */
    boolean available() {
        return relays != TcpRelays.NONE;
    }

    /** RFC 6062 §5.1: a TCP allocation is made over TCP (or TLS), with no UDP-only attribute. */
    static Refusal allocateRefusal(Datagram d, StunMessage m) {
        if (d.transport() != io.icelab.stun.Transport.TCP) {
            return new Refusal(400, "Bad Request: a TCP allocation needs a TCP or TLS connection (RFC 6062 §5.1)");
        }
        if (m.has(TurnAttribute.EvenPort.class) || m.has(TurnAttribute.ReservationToken.class)
                || m.has(TurnAttribute.AdditionalAddressFamily.class)) {
            return new Refusal(400, "Bad Request: EVEN-PORT, RESERVATION-TOKEN or ADDITIONAL-ADDRESS-FAMILY with TCP "
                    + "(RFC 6062 §5.1)");
        }
        return null;
    }

    /** RFC 6062 §5.1: a relayed address accepting peers' connections. */
    RelayAddresses.Choice relayChoice(int family) {
        InetSocketAddress relayed = relays.listen(family);
        return relayed != null ? new RelayAddresses.Choice(relayed, 0, null)
                : new RelayAddresses.Choice(null, 0, new Refusal(508, "Insufficient Capacity: no relayed TCP address"));
    }


    /** Peer connections open or waiting. */
    int size() {
        return byId.size();
    }

    /**
     * §5.2: a Connect on a TCP allocation. Null when the connection is being opened (the answer comes with its
     * outcome), else the refusal.
     */
    Refusal connect(long now, Datagram d, StunMessage m, TurnAllocation al, AuthResult.Accepted ok,
            PeerPolicy peerPolicy) {
        TurnAttribute.XorPeerAddress p = m.attribute(TurnAttribute.XorPeerAddress.class);
        if (p == null) {
            return new Refusal(400, "Bad Request: XOR-PEER-ADDRESS is missing");
        }
        if (!al.servesFamilyOf(p.address())) {
            return new Refusal(443, "Peer Address Family Mismatch");
        }
        String why = peerPolicy.refusal(p.address().getAddress());
        if (why != null) {
            return new Refusal(403, "Forbidden: " + why);
        }
        Endpoints peer = new Endpoints(al.relayed, p.address());
        if (byPeer.containsKey(peer)) {
            return new Refusal(446, "Connection Already Exists");
        }
        if (count(al) >= MAX_PER_ALLOCATION) {
            return new Refusal(508, "Insufficient Capacity: at most " + MAX_PER_ALLOCATION + " peer connections");
        }
        PeerConnection c = add(al, peer, State.CONNECTING, now + CONNECT_TIMEOUT);
        c.connectRequest = d;
        c.connect = m;
        c.auth = ok;
        relays.connect(al.relayed, p.address());
        return null;
    }

    /**
     * §5.4: a ConnectionBind on a connection that holds no allocation ({@code onAllocation} false). Null on
     * success (answered here, the connection unframed), else the refusal.
     */
    Refusal bind(long now, Datagram d, StunMessage m, AuthResult.Accepted ok, boolean onAllocation) {
        if (d.transport() != Transport.TCP) {
            return new Refusal(400, "Bad Request: ConnectionBind needs a TCP or TLS connection (RFC 6062 §5.4)");
        }
        if (onAllocation) {
            return new Refusal(400, "Bad Request: ConnectionBind on a control connection (RFC 6062 §5.4)");
        }
        TurnAttribute.ConnectionId id = m.attribute(TurnAttribute.ConnectionId.class);
        PeerConnection c = id == null ? null : byId.get(id.id());
        if (c == null || c.state != State.AWAITING_BIND) {
            return new Refusal(400, "Bad Request: no peer connection waits with this CONNECTION-ID");
        }
        if (!c.allocation.user.equals(ok.username())) {
            return new Refusal(441, "Wrong Credentials");
        }
        c.state = State.BOUND;
        c.data = new Endpoints(d.local(), d.remote());
        byData.put(c.data, c);
        answers.respond(d, StunMessageBuilder.successFor(m), ok);
        relays.reframe(d.local(), d.remote(), io.icelab.stun.StreamFramer.Framing.NONE);
        byte[] held = c.held.toByteArray();
        c.held = null;
        if (held.length > 0) {
            relaying.relayStream(now, c.allocation, new Datagram(Transport.TCP, c.data.local(), c.data.remote(), Bytes.wrap(held)));
        }
        return null;
    }

    /**
     * §5.4: the allocation a ConnectionBind names (by its CONNECTION-ID, unauthenticated yet), so that the nonce
     * its control connection was given is accepted on the new data connection; null when none.
     */
    TurnAllocation named(StunMessage m) {
        TurnAttribute.ConnectionId id = m.attribute(TurnAttribute.ConnectionId.class);
        PeerConnection c = id == null ? null : byId.get(id.id());
        return c == null ? null : c.allocation;
    }

    /** True when the datagram travels on a peer or a bound data connection. */
    boolean carries(Datagram d) {
        return d.transport() == Transport.TCP && carries(d.local(), d.remote());
    }

    /** True for a peer connection or a bound data connection between these addresses. */
    boolean carries(InetSocketAddress local, InetSocketAddress remote) {
        Endpoints e = new Endpoints(local, remote);
        return byPeer.containsKey(e) || byData.containsKey(e);
    }

    /** Bytes on a data connection go to its peer; a peer's to its data connection, or held until it is bound. */
    void stream(long now, Datagram d) {
        Endpoints e = new Endpoints(d.local(), d.remote());
        PeerConnection fromClient = byData.get(e);
        if (fromClient != null) {
            relaying.relayStream(now, fromClient.allocation, new Datagram(Transport.TCP, fromClient.peer.local(),
                    fromClient.peer.remote(), d.payload()));
            return;
        }
        PeerConnection c = byPeer.get(e);
        if (c.state == State.BOUND) {
            relaying.relayStream(now, c.allocation, new Datagram(Transport.TCP, c.data.local(), c.data.remote(), d.payload()));
        } else if (c.held.size() + d.payload().length() <= MAX_UNBOUND_BYTES) {
            c.held.writeBytes(d.payload().toArray());
        } else {
            end(c); // a peer that sends more than we hold before the client binds
        }
    }

    /**
     * What the driver saw of a connection: an outgoing one opened or failed (§5.2), a peer connected to a relayed
     * address (§5.3), either connection of a pair closed (§5.5).
     */
    void connection(long now, ConnectionEvent e, Function<InetSocketAddress, TurnAllocation> byRelayed) {
        Endpoints at = new Endpoints(e.local(), e.remote());
        PeerConnection c = byPeer.get(at);
        switch (e.kind()) {
            case OPENED -> {
                if (c != null && c.state == State.CONNECTING) {
                    connected(now, c);
                } else if (c == null) {
                    TurnAllocation al = byRelayed.apply(e.local()); // null: a client reaching the server itself
                    if (al != null) {
                        accepted(now, at, al);
                    }
                }
            }
            case FAILED -> {
                if (c != null && c.state == State.CONNECTING) {
                    failed(c, "the peer refused or could not be reached");
                }
            }
            case CLOSED -> {
                PeerConnection pair = c != null ? c : byData.get(at);
                if (pair != null) {
                    end(pair);
                }
            }
        }
    }

    private void connected(long now, PeerConnection c) {
        c.state = State.AWAITING_BIND;
        c.deadline = now + BIND_TIMEOUT;
        answers.respond(c.connectRequest, StunMessageBuilder.successFor(c.connect).add(new TurnAttribute.ConnectionId(c.id)),
                c.auth);
        c.connectRequest = null;
        c.connect = null;
    }

    private void failed(PeerConnection c, String why) {
        answers.refuse(c.connectRequest, c.connect, new Refusal(447, "Connection Timeout or Failure: " + why), c.auth);
        end(c);
    }

    /** §5.3: a peer connected to a relayed address: announced if permitted, else closed. */
    private void accepted(long now, Endpoints at, TurnAllocation al) {
        if (al == null || al.relayTransport != Transport.TCP || al.expires <= now
                || !al.permits(now, at.remote().getAddress()) || count(al) >= MAX_PER_ALLOCATION) {
            relays.close(at.local(), at.remote());
            return;
        }
        PeerConnection c = add(al, at, State.AWAITING_BIND, now + BIND_TIMEOUT);
        byte[] attempt = StunMessageBuilder.indication(Method.CONNECTION_ATTEMPT, TransactionId.random(random))
                .add(new TurnAttribute.XorPeerAddress(at.remote())).add(new TurnAttribute.ConnectionId(c.id))
                .fingerprint().encode();
        transmits.accept(new Datagram(al.transport, al.server, al.client, Bytes.wrap(attempt)));
    }

    private PeerConnection add(TurnAllocation al, Endpoints peer, State state, long deadline) {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || byId.containsKey(id));
        PeerConnection c = new PeerConnection(id, al, peer, state, deadline);
        byId.put(id, c);
        byPeer.put(peer, c);
        return c;
    }

    /** Closes both connections of a pair and forgets it. */
    private void end(PeerConnection c) {
        byId.remove(c.id);
        byPeer.remove(c.peer);
        relays.close(c.peer.local(), c.peer.remote());
        if (c.data != null) {
            byData.remove(c.data);
            relays.close(c.data.local(), c.data.remote());
        }
    }

    /** §5.5: the allocation is gone; so are its peer and data connections. */
    void closeAll(TurnAllocation al) {
        for (PeerConnection c : new ArrayList<>(byId.values())) {
            if (c.allocation == al) {
                if (c.state == State.CONNECTING) {
                    failed(c, "the allocation was deleted");
                } else {
                    end(c);
                }
            }
        }
    }

    private int count(TurnAllocation al) {
        int n = 0;
        for (PeerConnection c : byId.values()) {
            if (c.allocation == al) {
                n++;
            }
        }
        return n;
    }

    /** The next connect or bind deadline, or {@link SansIo#NO_DEADLINE}. */
    long nextDeadline() {
        long t = SansIo.NO_DEADLINE;
        for (PeerConnection c : byId.values()) {
            if (c.state != State.BOUND) {
                t = Math.min(t, c.deadline);
            }
        }
        return t;
    }

    /** §5.2: a connection not opened in time is answered 447; §5.2/§5.3: one not bound in 30 s is closed. */
    void expire(long now) {
        List<PeerConnection> due = new ArrayList<>();
        for (PeerConnection c : byId.values()) {
            if (c.state != State.BOUND && c.deadline <= now) {
                due.add(c);
            }
        }
        for (PeerConnection c : due) {
            if (c.state == State.CONNECTING) {
                failed(c, "no connection within " + CONNECT_TIMEOUT / TurnServer.S + " s");
            } else {
                end(c);
            }
        }
    }
}
