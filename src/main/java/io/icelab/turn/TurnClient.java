package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.PacketKind;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunCredentials;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.StunRequest;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A TURN client (RFC 8656), sans-IO, for one allocation over UDP. Built on {@link StunClient}, which
 * runs the long-term credential challenge (401, 438, SHA-256/MD5). Refreshes the allocation before it
 * expires, permissions before their 300 s and channels before their 600 s; a channel number is not
 * reused for another peer within 5 minutes of its expiry; 300 Try Alternate is followed once.
 */
public final class TurnClient implements SansIo<TurnClientEvent> {
    static final long S = 1_000_000_000L;
    /** RFC 8656 §11.1: datagrams that wait for a permission, per peer IP. */
    static final int MAX_WAITING = ClientPermissions.MAX_WAITING;

    /**
     * {@code family}: 1 IPv4, 2 IPv6 (REQUESTED-ADDRESS-FAMILY, RFC 6156); {@code dual}: an IPv4 and an
     * IPv6 relayed address (ADDITIONAL-ADDRESS-FAMILY); {@code evenPort}: EVEN-PORT, with the R bit to
     * reserve the next port; {@code reservationToken}: allocate the port an earlier allocation reserved (0: none);
     * {@code keepaliveNanos}: when nothing went to the server for this long, a Binding indication keeps the NAT
     * binding to it open (0: never). Permission refreshes come every 4 minutes and allocation refreshes every
     * 9, but a NAT may forget a UDP mapping after 2 (RFC 4787 REQ-5); the default is RFC 8445 §11's Tr, 15 s.
     */
    public record Config(InetSocketAddress local, InetSocketAddress server, StunCredentials.LongTerm credentials,
            long lifetimeSeconds, int family, boolean dontFragment, String software, boolean dual, EvenPort evenPort,
            long reservationToken, Transport transport, long keepaliveNanos, Transport relayTransport,
            StreamFramer.Framing peerFraming) {
        /** RFC 8445 §11's Tr: a Binding indication after 15 s without traffic to the server. */
        public static final long DEFAULT_KEEPALIVE = 15 * S;

        /**
         * Refuses a negative keepalive interval.
         *
         * @param local the client's address
         * @param server the TURN server
         * @param credentials the long-term credentials
         * @param lifetimeSeconds the LIFETIME to ask for
         * @param family 1 IPv4, 2 IPv6
         * @param dontFragment whether to ask for DONT-FRAGMENT
         * @param software the SOFTWARE of requests, or null
         * @param dual whether to ask for both families
         * @param evenPort EVEN-PORT, if any
         * @param reservationToken a RESERVATION-TOKEN to redeem, or 0
         * @param transport UDP or TCP to the server
         * @param keepaliveNanos nanoseconds without traffic to the server before a Binding indication (0: none)
         * @param relayTransport how the relay reaches peers: UDP (RFC 8656), or TCP connections (RFC 6062)
         * @param peerFraming with a TCP allocation, how the peers' streams are framed on the data connections: as
         *     they come ({@code NONE}), or RFC 4571 (ICE-TCP's relayed candidates, RFC 6544 §3)
         */
        public Config {
            if (relayTransport == Transport.TCP && transport != Transport.TCP) {
                throw new IllegalArgumentException("a TCP allocation needs TCP to the server (RFC 6062 §4.1)");
            }
            if (keepaliveNanos < 0) {
                throw new IllegalArgumentException("keepalive interval " + keepaliveNanos + " ns is negative");
            }
        }

        /**
         * UDP to the server, keepalives every {@link #DEFAULT_KEEPALIVE}.
         *
         * @param local the client's address
         * @param server the TURN server
         * @param credentials long-term credentials
         * @param lifetimeSeconds the LIFETIME to ask for
         * @param family 1 IPv4, 2 IPv6
         * @param dontFragment whether to ask for DONT-FRAGMENT
         * @param software the SOFTWARE attribute, or null
         * @param dual whether to ask for both families
         * @param evenPort EVEN-PORT, if any
         * @param reservationToken a RESERVATION-TOKEN to use, or 0
         */
        public Config(InetSocketAddress local, InetSocketAddress server, StunCredentials.LongTerm credentials,
                long lifetimeSeconds, int family, boolean dontFragment, String software, boolean dual, EvenPort evenPort,
                long reservationToken) {
            this(local, server, credentials, lifetimeSeconds, family, dontFragment, software, dual, evenPort,
                    reservationToken, Transport.UDP, DEFAULT_KEEPALIVE, Transport.UDP, StreamFramer.Framing.NONE);
        }

        /**
         * The usual settings: UDP, IPv4, 600 s, keepalives every 15 s.
         *
         * @param local the client's address
         * @param server the TURN server
         * @param user the username
         * @param password the password
         * @return the settings
         */
        public static Config of(InetSocketAddress local, InetSocketAddress server, String user, String password) {
            return new Config(local, server, StunCredentials.LongTerm.of(user, password), 600, 1, false, io.icelab.stun.Version.SOFTWARE,
                    false, EvenPort.NONE, 0);
        }

        /**
         * Talks to the server over a TCP connection from {@code local} (RFC 8656 §3.1): requests are sent once
         * (RFC 8489 §6.2.2) and ChannelData is padded to 4 (§12.5); the driver frames the stream.
         *
         * @param t UDP or TCP
         * @return the changed settings
         */
        public Config withTransport(Transport t) {
            return with(c -> c.transport = t);
        }

        /**
         * A TCP allocation (RFC 6062 §4.1: REQUESTED-TRANSPORT TCP, over a TCP connection to the server): peers are
         * reached by Connect and reach the client by ConnectionAttempt, each on a data connection of its own.
         *
         * @return the changed settings, TCP to the server too
         */
        public Config withTcpAllocation() {
            return withTcpAllocation(StreamFramer.Framing.NONE);
        }

        /**
         * A TCP allocation whose peers' streams are framed: each {@link TurnClientEvent.DataReceived} is one frame and
         * each {@link #send} one frame (RFC 4571 for ICE-TCP over a relay, RFC 6544 §3).
         *
         * @param peerFraming how the peers' streams are framed
         * @return the changed settings, TCP to the server too
         */
        public Config withTcpAllocation(StreamFramer.Framing peerFraming) {
            if (peerFraming == StreamFramer.Framing.STUN) {
                throw new IllegalArgumentException("a peer's stream is not STUN-framed (RFC 6062 §4.3)");
            }
            return with(c -> {
                c.transport = Transport.TCP;
                c.relayTransport = Transport.TCP;
                c.peerFraming = peerFraming;
            });
        }

        /**
         * REQUESTED-ADDRESS-FAMILY (RFC 6156).
         *
         * @param f 1 IPv4, 2 IPv6
         * @return the changed settings
         */
        public Config withFamily(int f) {
            return with(c -> c.family = f);
        }

        /**
         * Both an IPv4 and an IPv6 relayed address (ADDITIONAL-ADDRESS-FAMILY, RFC 8656 §7.2).
         *
         * @return the changed settings
         */
        public Config withDual() {
            return with(c -> c.dual = true);
        }

        /**
         * Asks for DONT-FRAGMENT (RFC 8656 §7.2); without server support the client retries without it.
         *
         * @return the changed settings
         */
        public Config withDontFragment() {
            return with(c -> c.dontFragment = true);
        }

        /**
         * EVEN-PORT (RFC 8656 §7.1).
         *
         * @param e none, even, or even with the next port reserved
         * @return the changed settings
         */
        public Config withEvenPort(EvenPort e) {
            return with(c -> c.evenPort = e);
        }

        /**
         * Allocates the port an earlier EVEN-PORT reserved.
         *
         * @param token its RESERVATION-TOKEN
         * @return the changed settings
         */
        public Config withReservationToken(long token) {
            return with(c -> c.reservationToken = token);
        }

        /**
         * The SOFTWARE attribute in requests.
         *
         * @param s the text, or null for none
         * @return the changed settings
         */
        public Config withSoftware(String s) {
            return with(c -> c.software = s);
        }

        /**
         * The keepalive interval.
         *
         * @param nanos nanoseconds without traffic to the server before a Binding indication (0: none)
         * @return the changed settings
         */
        public Config withKeepalive(long nanos) {
            return with(c -> c.keepaliveNanos = nanos);
        }

        private Config with(java.util.function.Consumer<Copy> change) {
            Copy c = new Copy(this);
            change.accept(c);
            return new Config(local, server, credentials, lifetimeSeconds, c.family, c.dontFragment, c.software, c.dual,
                    c.evenPort, c.reservationToken, c.transport, c.keepaliveNanos, c.relayTransport, c.peerFraming);
        }

        /** The options of a Config, mutable, for {@link #with}. */
        private static final class Copy {
            int family;
            boolean dontFragment;
            String software;
            boolean dual;
            EvenPort evenPort;
            long reservationToken;
            Transport transport;
            long keepaliveNanos;
            Transport relayTransport;
            StreamFramer.Framing peerFraming;

            Copy(Config c) {
                family = c.family;
                dontFragment = c.dontFragment;
                software = c.software;
                dual = c.dual;
                evenPort = c.evenPort;
                reservationToken = c.reservationToken;
                transport = c.transport;
                keepaliveNanos = c.keepaliveNanos;
                relayTransport = c.relayTransport;
                peerFraming = c.peerFraming;
            }
        }
    }

    /** RFC 8656 §14.6 EVEN-PORT. */
    public enum EvenPort {
        /** No EVEN-PORT. */
        NONE,
        /** An even port. */
        EVEN,
        /** An even port, and the next one reserved (the R bit). */
        EVEN_RESERVE_NEXT
    }

    /** Where the allocation stands. */
    public enum State {
        /** Nothing asked yet. */
        IDLE,
        /** Allocate sent. */
        ALLOCATING,
        /** The allocation exists and is refreshed. */
        ALLOCATED,
        /** Refused, timed out, or lost (437, a failed refresh). */
        FAILED,
        /** Deleted on request. */
        DELETED
    }

    private sealed interface Op {
    }

    private record AllocateOp() implements Op {
    }

    private record RefreshOp(long lifetime) implements Op {
    }

    private record PermissionOp(List<InetSocketAddress> peers) implements Op {
    }

    private record ChannelOp(InetSocketAddress peer, int number) implements Op {
    }

    private record ConnectOp(InetSocketAddress peer) implements Op {
    }

    private record BindOp(InetSocketAddress data) implements Op {
    }

    private final RandomGenerator random;
    private final Config config;
    private final StunClient stun;
    private final Map<Long, Op> pending = new LinkedHashMap<>();
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<TurnClientEvent> events = new ArrayDeque<>();
    private final ClientPermissions permissions = new ClientPermissions();
    private final ClientChannels channels = new ClientChannels();
    private final ClientAllocation allocation;
    private final ClientTcpAllocation tcp;
    private final ClientDataPath dataPath;
    /** When the last datagram to the server left (for the keepalive). */
    private long lastSentNanos;

    /**
     * A client; nothing is sent before {@link #allocate}.
     *
     * @param random for transaction IDs
     * @param config the settings
     */
    public TurnClient(RandomGenerator random, Config config) {
        this(random, config, TcpConnector.NONE);
    }

    /**
     * A client that can hold a TCP allocation (RFC 6062, {@link Config#withTcpAllocation()}): its data connections
     * to the server are opened by {@code connector}.
     *
     * @param random for transaction IDs
     * @param config the settings
     * @param connector opens, reframes and closes data connections
     */
    public TurnClient(RandomGenerator random, Config config, TcpConnector connector) {
        this.random = random;
        this.config = config;
        this.dataPath = new ClientDataPath(random, config, permissions, channels, events::add,
                out -> transmits.add(new Datagram(config.transport(), config.local(), server(), Bytes.wrap(out))));
        this.tcp = new ClientTcpAllocation(connector, this::server, config.local(), config.peerFraming(), events::add,
                (now, data, id) ->
                request(now, data, Method.CONNECTION_BIND, List.of(new TurnAttribute.ConnectionId(id)), new BindOp(data)));
        this.allocation = new ClientAllocation(config);
        this.stun = new StunClient(random, new StunClient.Config(io.icelab.stun.RetransmitSchedule.DEFAULT,
                config.software(), 3));
    }

    /**
     * Where the allocation stands.
     *
     * @return the state
     */
    public State state() {
        return allocation.state();
    }

    /**
     * The (first) relayed transport address.
     *
     * @return it, or null before the allocation exists
     */
    public InetSocketAddress relayedAddress() {
        return allocation.relayed();
    }

    /**
     * Every relayed address.
     *
     * @return one, or an IPv4 and an IPv6 one for a dual allocation
     */
    public List<InetSocketAddress> relayedAddresses() {
        return allocation.relayedAll();
    }

    /**
     * The RESERVATION-TOKEN of the port after ours.
     *
     * @return it when EVEN-PORT reserved one, else 0
     */
    public long reservationToken() {
        return allocation.reservationToken();
    }

    /**
     * The client's server-reflexive address, from the Allocate response's XOR-MAPPED-ADDRESS.
     *
     * @return it, or null
     */
    public InetSocketAddress mappedAddress() {
        return allocation.mapped();
    }

    /**
     * The server in use (another one after a 300 Try Alternate).
     *
     * @return its address
     */
    public InetSocketAddress server() {
        return allocation.server();
    }

    /**
     * The channel bound to a peer.
     *
     * @param peer the peer's transport address
     * @return the channel number, or -1
     */
    public int channel(InetSocketAddress peer) {
        ClientChannels.Channel c = channels.of(peer);
        return c == null ? -1 : c.number();
    }

    private long request(long now, Method method, List<StunAttribute> attrs, Op op) {
        return request(now, config.local(), method, attrs, op);
    }

    private long request(long now, InetSocketAddress local, Method method, List<StunAttribute> attrs, Op op) {
        long h = stun.send(now, new StunRequest(config.transport(), local, allocation.server(), method, attrs,
                config.credentials(), true));
        pending.put(h, op);
        return h;
    }

    /**
     * RFC 8656 §7.1: sends the Allocate request (and answers the 401 challenge by itself).
     *
      * @param now the current time in nanoseconds
     */
    public void allocate(long now) {
        request(now, Method.ALLOCATE, allocation.request(), new AllocateOp());
    }

    /**
     * RFC 8656 §7.3: refreshes now (the client also refreshes by itself a minute before expiry).
     *
      * @param now the current time in nanoseconds
     * @param lifetimeSeconds the LIFETIME to ask for; 0 deletes the allocation
     */
    public void refresh(long now, long lifetimeSeconds) {
        requireAllocated();
        request(now, Method.REFRESH, List.of(new TurnAttribute.Lifetime(lifetimeSeconds)), new RefreshOp(lifetimeSeconds));
    }

    /**
     * Deletes the allocation (Refresh with LIFETIME 0).
     *
      * @param now the current time in nanoseconds
     */
    public void close(long now) {
        refresh(now, 0);
    }

    /**
     * RFC 8656 §9.1: one request for several peers; refreshed every 240 s while the allocation lives.
     *
      * @param now the current time in nanoseconds
     * @param peers the peers (only their IP addresses count)
     */
    public void createPermission(long now, List<InetSocketAddress> peers) {
        requireAllocated();
        List<StunAttribute> attrs = new ArrayList<>();
        for (InetSocketAddress p : peers) {
            attrs.add(new TurnAttribute.XorPeerAddress(p));
        }
        request(now, Method.CREATE_PERMISSION, attrs, new PermissionOp(List.copyOf(peers)));
    }

    /**
     * RFC 8656 §12.1: binds the next free channel number to a peer (refreshed every 9 minutes).
     *
      * @param now the current time in nanoseconds
     * @param peer the peer's transport address
     * @return the channel number asked for
     */
    public int bindChannel(long now, InetSocketAddress peer) {
        requireAllocated();
        int number = channels.numberFor(now, peer);
        request(now, Method.CHANNEL_BIND, List.of(new TurnAttribute.ChannelNumber(number),
                new TurnAttribute.XorPeerAddress(peer)), new ChannelOp(peer, number));
        return number;
    }

    /**
     * RFC 6062 §4.3: asks the server to connect the TCP allocation to a peer; {@link TurnClientEvent.PeerConnected}
     * follows once a data connection is bound to it, or {@link TurnClientEvent.PeerConnectionFailed}.
     *
     * @param now the current time in nanoseconds
     * @param peer the peer's transport address
     */
    public void connect(long now, InetSocketAddress peer) {
        requireAllocated();
        if (config.relayTransport() != Transport.TCP) {
            throw new IllegalStateException("Connect needs a TCP allocation (RFC 6062 §4.3)");
        }
        request(now, Method.CONNECT, List.of(new TurnAttribute.XorPeerAddress(peer)), new ConnectOp(peer));
    }

    /**
     * RFC 6062 §4.3: whether a bound data connection carries this peer's stream ({@link #send} may go to it).
     *
     * @param peer the peer's transport address
     * @return true when connected
     */
    public boolean connectedTo(InetSocketAddress peer) {
        return tcp.dataFor(peer) != null;
    }

    /**
     * RFC 6062 §4.3: whether this connection of the driver's is one of the client's data connections, being bound or
     * bound (for a driver that shares its connection events among several clients).
     *
     * @param local the connection's local address
     * @return true when it is
     */
    public boolean hasDataConnection(InetSocketAddress local) {
        return tcp.knows(local);
    }

    /**
     * Whether a CreatePermission (or ChannelBind) success installed a permission for this peer IP (RFC 8656 §9).
     *
     * @param peer the peer's IP address
     * @return true when installed
     */
    public boolean hasPermission(java.net.InetAddress peer) {
        return permissions.has(peer);
    }

    /**
     * Sends application data to {@code peer}: ChannelData when a channel is bound, else a Send indication. RFC 8656
     * §11.1: the client makes sure a permission is installed first; without one the data waits (at most
     * {@link #MAX_WAITING} datagrams per peer address, the oldest dropped) for a CreatePermission it sends now.
     *
      * @param now the current time in nanoseconds
     * @param peer the peer's transport address
     * @param data the payload (copied when it must wait)
     */
    public void send(long now, InetSocketAddress peer, byte[] data) {
        requireAllocated();
        if (config.relayTransport() == Transport.TCP) {
            InetSocketAddress on = tcp.dataFor(peer);
            if (on == null) {
                throw new IllegalStateException("no data connection to " + peer + " (RFC 6062: connect first)");
            }
            transmits.add(new Datagram(Transport.TCP, on, allocation.server(), Bytes.wrap(data.clone())));
            return;
        }
        if (!permissions.has(peer.getAddress())) {
            if (permissions.hold(peer, data)) {
                createPermission(now, List.of(peer));
            }
            return;
        }
        dataPath.transmit(peer, data);
    }

    private void requireAllocated() {
        if (allocation.state() != State.ALLOCATED) {
            throw new IllegalStateException("no allocation (state " + allocation.state() + ")");
        }
    }

    @Override
    public boolean accepts(Datagram d) {
        return d.remote().equals(allocation.server()) && (d.local().equals(config.local()) || tcp.knows(d.local()));
    }

    /**
     * For demultiplexing when others share the socket (an ICE agent's own STUN checks): ChannelData,
     * Data and ConnectionAttempt indications, responses to this client's own transactions, and the streams of its
     * bound data connections.
     *
     * @param d a datagram that arrived on the client's socket
     * @return true when it is this client's to handle
     */
    public boolean owns(Datagram d) {
        if (!accepts(d) || d.payload().length() == 0) {
            return false;
        }
        if (tcp.peerOf(d.local()) != null) {
            return true; // a bound data connection's stream (RFC 6062)
        }
        int first = d.payload().get(0);
        if (first >= 0x40 && first <= 0x7f) {
            return true;
        }
        try {
            StunMessage m = StunDecoder.decode(d.payload());
            return m.isIndication() ? m.method().equals(Method.DATA) || m.method().equals(Method.CONNECTION_ATTEMPT)
                    : stun.accepts(d);
        } catch (StunDecodeException e) {
            return false;
        }
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        Bytes p = d.payload();
        if (p.length() == 0) {
            return;
        }
        InetSocketAddress streamPeer = tcp.peerOf(d.local());
        if (streamPeer != null) {
            events.add(new TurnClientEvent.DataReceived(streamPeer, p)); // RFC 6062: the peer's own bytes
            return;
        }
        if (PacketKind.classify((byte) p.get(0)) == PacketKind.CHANNEL_DATA) {
            dataPath.channelData(p);
            return;
        }
        StunMessage m;
        try {
            m = StunDecoder.decode(p);
        } catch (StunDecodeException e) {
            return;
        }
        if (m.isIndication() && m.method().equals(Method.CONNECTION_ATTEMPT)) {
            if (allocation.state() == State.ALLOCATED && config.relayTransport() == Transport.TCP) {
                tcp.connectionAttempt(m);
            }
            return;
        }
        if (m.isIndication() && m.method().equals(Method.DATA)) {
            dataPath.dataIndication(m);
            return;
        }
        stun.handleDecoded(now, d, m);
        drain(now);
    }

    private void drain(long now) {
        for (StunClientEvent e; (e = stun.pollEvent()) != null; ) {
            Op op = pending.remove(e.handle());
            if (op instanceof AllocateOp) {
                onAllocate(now, e);
            } else if (op instanceof RefreshOp r) {
                onRefresh(now, r, e);
            } else if (op instanceof PermissionOp p) {
                onPermission(now, p, e);
            } else if (op instanceof ChannelOp c) {
                onChannel(now, c, e);
            } else if (op instanceof ConnectOp c) {
                tcp.connectAnswered(c.peer(), e, TurnClient::reason);
            } else if (op instanceof BindOp b) {
                tcp.bindAnswered(b.data(), e, TurnClient::reason);
            }
        }
    }

    /**
     * RFC 6062: a data connection opened (its ConnectionBind goes on it), failed or closed; the control connection
     * closing ends the allocation.
     */
    @Override
    public void handleConnection(long now, io.icelab.stun.ConnectionEvent e) {
        if (!e.remote().equals(allocation.server())) {
            return;
        }
        if (e.local().equals(config.local())) {
            if (e.kind() == io.icelab.stun.ConnectionEvent.Kind.CLOSED && allocation.state() == State.ALLOCATED
                    && config.transport() == Transport.TCP) {
                forgetAllocation(State.FAILED);
                events.add(new TurnClientEvent.AllocationLost("the connection to the server closed"));
            }
            return;
        }
        tcp.connection(now, e);
    }

    private static String reason(StunClientEvent.Failure f) {
        CoreAttribute.ErrorCode ec = f.response() == null ? null : f.response().attribute(CoreAttribute.ErrorCode.class);
        return ec != null ? ec.reason() : f.reason() + ": " + f.detail();
    }

    /** RFC 8656 §7.2's answer: the allocation, a new Allocate (without DF, or to the alternate server), or failure. */
    private void onAllocate(long now, StunClientEvent e) {
        if (e instanceof StunClientEvent.Failure f) {
            if (allocation.retry(f)) {
                allocate(now);
            } else {
                events.add(new TurnClientEvent.AllocationFailed(f.errorCode(), reason(f)));
            }
            return;
        }
        events.add(allocation.granted(now, ((StunClientEvent.Success) e).response()));
    }

    private void onRefresh(long now, RefreshOp r, StunClientEvent e) {
        boolean goneAlready = e instanceof StunClientEvent.Failure f0 && f0.errorCode() == 437;
        if (e instanceof StunClientEvent.Failure f && !(r.lifetime() == 0 && goneAlready)) { // RFC 8656 §8.3
            forgetAllocation(State.FAILED);
            events.add(new TurnClientEvent.AllocationLost("refresh failed: " + f.errorCode() + " " + reason(f)));
            return;
        }
        if (r.lifetime() == 0) {
            forgetAllocation(State.DELETED);
            events.add(new TurnClientEvent.AllocationDeleted());
            return;
        }
        TurnAttribute.Lifetime life = ((StunClientEvent.Success) e).response().attribute(TurnAttribute.Lifetime.class);
        allocation.refreshed(now, life == null ? config.lifetimeSeconds() : life.seconds());
    }

    /**
     * What belonged to an allocation that is gone (RFC 8656 §5: the 5-tuple's state goes with it): a later
     * allocation starts without its permissions, channels or waiting data.
     */
    private void forgetAllocation(State why) {
        allocation.ended(why);
        permissions.clear();
        channels.clear();
        tcp.closeAll(); // RFC 6062: the data connections end with the allocation
    }

    /**
     * RFC 8656 §5: a 437 to a request other than Allocate means the allocation is gone (the server lost it, or
     * a NAT moved the client to another 5-tuple): stop refreshing it and say so.
     */
    private boolean mismatch(StunClientEvent e) {
        if (e instanceof StunClientEvent.Failure f && f.errorCode() == 437 && allocation.state() == State.ALLOCATED) {
            forgetAllocation(State.FAILED);
            events.add(new TurnClientEvent.AllocationLost("437 Allocation Mismatch: the allocation is gone"));
            return true;
        }
        return false;
    }

    private void onPermission(long now, PermissionOp p, StunClientEvent e) {
        if (!mismatch(e)) {
            dataPath.permissionAnswered(now, p.peers(), e, TurnClient::reason);
        }
    }

    private void onChannel(long now, ChannelOp c, StunClientEvent e) {
        channels.answered(c.number());
        if (!mismatch(e)) {
            dataPath.channelAnswered(now, c.peer(), c.number(), e, TurnClient::reason);
        }
    }

    @Override
    public Datagram pollTransmit(long now) {
        Datagram d = transmits.poll();
        if (d == null) {
            d = stun.pollTransmit(now);
        }
        if (d != null) {
            lastSentNanos = now;
        }
        return d;
    }

    @Override
    public long pollTimeout() {
        long t = Math.min(stun.pollTimeout(), allocation.refreshAt());
        if (allocation.state() == State.ALLOCATED) {
            if (config.keepaliveNanos() > 0) {
                t = Math.min(t, lastSentNanos + config.keepaliveNanos());
            }
            t = Math.min(t, Math.min(permissions.nextRefresh(), channels.nextRefresh()));
        }
        return t;
    }

    @Override
    public void handleTimeout(long now) {
        stun.handleTimeout(now);
        drain(now);
        if (allocation.state() != State.ALLOCATED) {
            return;
        }
        if (config.keepaliveNanos() > 0 && now >= lastSentNanos + config.keepaliveNanos()) {
            // keeps the NAT binding to the server open; the server answers no indication
            transmits.add(new Datagram(config.transport(), config.local(), allocation.server(), Bytes.wrap(StunMessageBuilder
                    .indication(Method.BINDING, TransactionId.random(random)).fingerprint().encode())));
            lastSentNanos = now;
        }
        if (allocation.refreshDue(now)) {
            request(now, Method.REFRESH, List.of(new TurnAttribute.Lifetime(config.lifetimeSeconds())),
                    new RefreshOp(config.lifetimeSeconds()));
        }
        List<InetSocketAddress> due = permissions.due(now);
        if (!due.isEmpty()) {
            createPermission(now, due);
        }
        for (ClientChannels.Channel c : channels.due(now)) {
            request(now, Method.CHANNEL_BIND, List.of(new TurnAttribute.ChannelNumber(c.number()),
                    new TurnAttribute.XorPeerAddress(c.peer())), new ChannelOp(c.peer(), c.number()));
        }
    }

    @Override
    public TurnClientEvent pollEvent() {
        return events.poll();
    }
}
