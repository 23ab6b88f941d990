package io.icelab.turn;

import io.icelab.stun.AuthResult;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.LongTermAuthenticator;
import io.icelab.stun.LongTermUsers;
import io.icelab.stun.Method;
import io.icelab.stun.NonceCookie;
import io.icelab.stun.NonceManager;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.TransportAddresses;
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
 * A TURN server (RFC 8656, RFC 6156), sans-IO, UDP to the client and to peers. Long-term credentials
 * (MD5 and SHA-256, or REST-API secrets through {@link RestApiUsers}), nonces that expire (438),
 * allocations per 5-tuple with lifetimes, permissions (300 s), channels (600 s), Send/Data indications
 * and ChannelData both ways, quotas (486/508) and a peer policy (403). Relayed addresses come from the
 * injected {@link RelayAllocator}; TCP allocations (RFC 6062: Connect, ConnectionAttempt, ConnectionBind) from the
 * injected {@link TcpRelays}, their connections' fate reported through {@link #handleConnection}.
 */
public final class TurnServer implements SansIo<TurnServerEvent> {
    static final long S = 1_000_000_000L;
    static final long PERMISSION_LIFETIME = 300 * S;
    static final long CHANNEL_LIFETIME = 600 * S;
    static final long CHANNEL_QUARANTINE = 300 * S;
    static final int MAX_EVENTS = 4096;
    /** How often expired permissions and channels are swept from live allocations. */
    static final long SWEEP_EVERY = 60 * S;

    /** Settings; lifetimes in seconds as on the wire. */
    public record Config(List<InetSocketAddress> listen, String realm, LongTermUsers users, long defaultLifetime,
            long maxLifetime, PeerPolicy peers, int perUserQuota, int totalQuota, String software,
            BandwidthPolicy bandwidth, ChannelData.Range channels, InetSocketAddress alternateServer, Limits limits) {
        /**
         * Copies the listening addresses.
         *
         * @param listen the addresses clients reach the server on
         * @param realm the REALM
         * @param users who may allocate, and their passwords
         * @param defaultLifetime the lifetime when a request asks for less or none, in seconds
         * @param maxLifetime the longest lifetime granted, in seconds
         * @param peers which peers may be relayed to
         * @param perUserQuota allocations (and reservations) per user
         * @param totalQuota allocations in all
         * @param software the SOFTWARE of authenticated answers, or null
         * @param bandwidth the per-allocation bandwidth hook
         * @param channels the channel numbers accepted
         * @param alternateServer where every new Allocate is redirected, or null
         * @param limits permissions and channels per allocation
         */
        public Config {
            listen = List.copyOf(listen);
        }

        /**
         * The defaults: lifetimes 600 s (at most 3600 s), peers on the server's own addresses and special-purpose ones
         * refused, 10 allocations per user, 1,000 in all, RFC 5766 channel numbers.
         *
         * @param listen the addresses clients reach the server on
         * @param realm the REALM of the long-term credential mechanism
         * @param users who may allocate
         * @return the settings
         */
        public static Config of(List<InetSocketAddress> listen, String realm, LongTermUsers users) {
            List<InetAddress> own = new ArrayList<>();
            listen.forEach(a -> own.add(a.getAddress()));
            return new Config(listen, realm, users, 600, 3600, PeerPolicy.strict(own), 10, 1000, io.icelab.stun.Version.SOFTWARE,
                    BandwidthPolicy.UNLIMITED, ChannelData.Range.RFC5766, null, Limits.DEFAULT);
        }

        /**
         * Which peer addresses may be relayed to (RFC 8656 §21).
         *
         * @param p the policy
         * @return the changed settings
         */
        public Config withPeers(PeerPolicy p) {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, p, perUserQuota, totalQuota, software,
                    bandwidth, channels, alternateServer, limits);
        }

        /**
         * RFC 8656 §7.2: allocations per user (486 past it) and in all (508).
         *
         * @param perUser allocations one user may hold, reservations included
         * @param total allocations the server holds at most
         * @return the changed settings
         */
        public Config withQuotas(int perUser, int total) {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, peers, perUser, total, software,
                    bandwidth, channels, alternateServer, limits);
        }

        /**
         * RFC 8489 §10, RFC 8656 §7.2: answer every new Allocate with 300 Try Alternate to this server.
         *
         * @param alternate the server to redirect to
         * @return the changed settings
         */
        public Config withAlternateServer(InetSocketAddress alternate) {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, peers, perUserQuota, totalQuota,
                    software, bandwidth, channels, alternate, limits);
        }

        /**
         * RFC 8656 §12: channel numbers 0x4000-0x4FFF only, RFC 5766's 0x5000-0x7FFF refused and their ChannelData
         * dropped.
         *
         * @return the changed settings
         */
        public Config rfc8656ChannelsOnly() {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, peers, perUserQuota, totalQuota,
                    software, bandwidth, ChannelData.Range.RFC8656, alternateServer, limits);
        }

        /**
         * RFC 8656 §7.2: the lifetime granted when a request asks for less (or none), and the longest granted.
         *
         * @param defaultSeconds the default lifetime, at least 1 (the RFC's is 600)
         * @param maxSeconds the longest lifetime granted, at least the default (the RFC suggests 3600)
         * @return the changed settings
         */
        public Config withLifetimes(long defaultSeconds, long maxSeconds) {
            if (defaultSeconds < 1 || maxSeconds < defaultSeconds) {
                throw new IllegalArgumentException("lifetimes want 1 <= default (" + defaultSeconds + ") <= max ("
                        + maxSeconds + ")");
            }
            return new Config(listen, realm, users, defaultSeconds, maxSeconds, peers, perUserQuota, totalQuota,
                    software, bandwidth, channels, alternateServer, limits);
        }

        /**
         * The per-allocation bandwidth cap ({@link BandwidthPolicy#UNLIMITED} by default).
         *
         * @param b the cap
         * @return the changed settings
         */
        public Config withBandwidth(BandwidthPolicy b) {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, peers, perUserQuota, totalQuota,
                    software, b, channels, alternateServer, limits);
        }

        /**
         * What one allocation may hold.
         *
         * @param l the limits
         * @return the changed settings
         */
        public Config withLimits(Limits l) {
            return new Config(listen, realm, users, defaultLifetime, maxLifetime, peers, perUserQuota, totalQuota,
                    software, bandwidth, channels, alternateServer, l);
        }
    }

    /**
     * What one allocation may hold (RFC 8656 §21: bound every table an unauthenticated or a greedy client
     * can grow); past either, CreatePermission and ChannelBind get 508.
     */
    public record Limits(int permissionsPerAllocation, int channelsPerAllocation) {
        /** 1,000 peers per allocation: far beyond any ICE session, about 100 KB of heap at most. */
        public static final Limits DEFAULT = new Limits(1000, 1000);

        /**
         * Refuses limits below 1.
         *
         * @param permissionsPerAllocation peers one allocation may have permissions for
         * @param channelsPerAllocation channels one allocation may bind
         */
        public Limits {
            if (permissionsPerAllocation < 1 || channelsPerAllocation < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** The hook for a per-allocation bandwidth cap: may this many bytes be relayed now? */
    @FunctionalInterface
    public interface BandwidthPolicy {
        /** No cap. */
        BandwidthPolicy UNLIMITED = (relayed, bytes, now) -> true;

        /**
         * Whether {@code bytes} more may be relayed through {@code relayed} now.
         *
         * @param relayed the allocation's relayed address
         * @param bytes the payload's size
         * @param nowNanos the current time
         * @return false to drop the datagram
         */
        boolean allow(InetSocketAddress relayed, int bytes, long nowNanos);
    }

    /** RFC 8656 §2: client and server transport addresses and the transport between them (UDP, or TCP). */
    private record FiveTuple(io.icelab.stun.Transport transport, InetSocketAddress client, InetSocketAddress server) {
    }

    private final Config config;
    private final RelayAllocator allocator;
    private final RandomGenerator random;
    private final RelayAddresses relays;
    private final TcpRelays tcpRelays;
    private final TcpAllocations tcp;
    private final PeerBindings bindings;
    private final LongTermAuthenticator auth;
    private final Map<FiveTuple, TurnAllocation> byTuple = new LinkedHashMap<>();
    private final Map<InetSocketAddress, TurnAllocation> byRelayed = new LinkedHashMap<>();
    private final AllocationExpiry expiry = new AllocationExpiry(this::isLive);
    private long nextSweep = SansIo.NO_DEADLINE;
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<TurnServerEvent> events = new ArrayDeque<>();
    private final Relaying relaying;
    private final Answers answers;
    private long keepalives;

    /**
     * A server with no allocation yet.
     *
     * @param config the settings
     * @param allocator where relayed addresses come from (sockets on a real network, ports in the simulator)
     * @param random nonces, reservation tokens and transaction ids
     */
    public TurnServer(Config config, RelayAllocator allocator, RandomGenerator random) {
        this(config, allocator, TcpRelays.NONE, random);
    }

    /**
     * A server with no allocation yet that also grants TCP allocations (RFC 6062).
     *
     * @param config the settings
     * @param allocator where relayed UDP addresses come from
     * @param tcpRelays where relayed TCP addresses and peer connections come from
     * @param random nonces, reservation tokens, connection ids and transaction ids
     */
    public TurnServer(Config config, RelayAllocator allocator, TcpRelays tcpRelays, RandomGenerator random) {
        this.config = config;
        this.allocator = allocator;
        this.random = random;
        this.tcpRelays = tcpRelays;
        this.answers = new Answers(config.software(), transmits::add, this::event);
        this.relaying = new Relaying(config, random, d -> byTuple.get(new FiveTuple(d.transport(), d.remote(), d.local())),
                transmits::add);
        this.tcp = new TcpAllocations(tcpRelays, random, answers, relaying, transmits::add);
        this.relays = new RelayAddresses(allocator, random);
        this.bindings = new PeerBindings(config, this::event);
        NonceManager nonces = new NonceManager(random, 600 * S,
                NonceCookie.PASSWORD_ALGORITHMS);
        this.auth = new LongTermAuthenticator(config.realm(), config.users(), nonces,
                List.of(CoreAttribute.PasswordAlgorithm.SHA256, CoreAttribute.PasswordAlgorithm.MD5));
    }

    /**
     * Allocations live now.
     *
     * @return their number
     */
    public int allocations() {
        return byTuple.size();
    }

    /**
     * True when an allocation lives on this 5-tuple, or it is an RFC 6062 peer or data connection: a TCP
     * connection carrying one is not idle (RFC 8656 §3.1).
     *
     * @param transport UDP or TCP
     * @param client the client's transport address
     * @param server the server's transport address
     * @return true when an allocation lives there
     */
    public boolean holds(io.icelab.stun.Transport transport, InetSocketAddress client, InetSocketAddress server) {
        return byTuple.containsKey(new FiveTuple(transport, client, server))
                || (transport == io.icelab.stun.Transport.TCP && tcp.carries(server, client)); // RFC 6062 connections
    }

    /**
     * RFC 6062 peer connections open or waiting for their ConnectionBind.
     *
     * @return their number
     */
    public int peerConnections() {
        return tcp.size();
    }

    /**
     * Port reservations (EVEN-PORT with R) waiting to be redeemed.
     *
     * @return their number
     */
    public int reservations() {
        return relays.reservations();
    }

    /**
     * Datagrams relayed either way.
     *
     * @return how many so far
     */
    public long relayedPackets() {
        return relaying.relayed();
    }

    /**
     * Binding indications clients sent to keep their NAT bindings open.
     *
     * @return how many so far
     */
    public long keepalives() {
        return keepalives;
    }

    /**
     * Datagrams dropped: not STUN or ChannelData, without a permission or channel, or on no allocation.
     *
     * @return how many so far
     */
    public long droppedPackets() {
        return relaying.dropped();
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        if (tcp.carries(d)) {
            tcp.stream(now, d); // RFC 6062: a peer connection's or a bound data connection's bytes
            return;
        }
        TurnAllocation fromPeer = byRelayed.get(d.local());
        if (fromPeer != null) {
            relaying.fromPeer(now, fromPeer, d);
            return;
        }
        if (!config.listen().contains(d.local())) {
            relaying.drop();
            return;
        }
        Bytes p = d.payload();
        if (p.length() == 0) {
            relaying.drop();
            return;
        }
        int first = p.get(0);
        if (first >= 0x40 && first <= (config.channels() == ChannelData.Range.RFC5766 ? 0x7f : 0x4f)) {
            relaying.channelDataFromClient(now, d);
            return;
        }
        StunMessage m;
        try {
            m = StunDecoder.decode(p);
        } catch (StunDecodeException e) {
            relaying.drop();
            return;
        }
        if (m.isClassic() || m.fingerprintStatus() == StunMessage.FingerprintStatus.INVALID) {
            relaying.drop();
            return;
        }
        if (m.isIndication() && m.method().equals(Method.SEND)) {
            relaying.sendIndication(now, d, m);
        } else if (m.isIndication() && m.method().equals(Method.BINDING)) {
            keepalives++; // a client keeping its NAT binding open: nothing to answer, nothing refreshed
        } else if (m.isRequest()) {
            request(now, d, m);
        } else {
            relaying.drop();
        }
    }

    private void request(long now, Datagram d, StunMessage m) {
        FiveTuple tuple = new FiveTuple(d.transport(), d.remote(), d.local());
        List<Integer> unknown = new ArrayList<>(m.unknownComprehensionRequired());
        if (m.method().equals(Method.ALLOCATE) && m.has(TurnAttribute.DontFragment.class)) {
            // RFC 8656 §7.2: a server that cannot set DF treats DONT-FRAGMENT as unknown (a JVM cannot set it)
            unknown.add(io.icelab.stun.AttributeType.DONT_FRAGMENT);
        }
        if (!unknown.isEmpty()) {
            answers.refuse(d, m, 420, "Unknown Attribute", List.of(new CoreAttribute.UnknownAttributes(unknown)), null);
            return;
        }
        if (m.method().equals(Method.BINDING)) {
            answers.respond(d, StunMessageBuilder.successFor(m).add(new CoreAttribute.XorMappedAddress(d.remote())), null);
            return;
        }
        TurnAllocation existing = byTuple.get(tuple);
        if (m.method().equals(Method.ALLOCATE) && existing != null && m.transactionId().equals(existing.allocateId)) {
            transmits.add(new Datagram(d.transport(), d.local(), d.remote(), Bytes.wrap(existing.allocateResponse)));
            return; // a retransmitted Allocate gets the same answer (RFC 8656 §7.2)
        }
        AuthResult a = auth.authenticate(now, m, nonceSource(d, m));
        if (a instanceof AuthResult.Rejected r) {
            answers.refuse(d, m, r.code(), r.reason(), r.attributes(), null);
            return;
        }
        AuthResult.Accepted ok = (AuthResult.Accepted) a;
        if (m.method().equals(Method.ALLOCATE) && existing == null && config.alternateServer() != null) {
            // RFC 8489 §10: redirected after authentication, so the 300 carries MESSAGE-INTEGRITY
            answers.refuse(d, m, 300, "Try Alternate", List.of(new CoreAttribute.AlternateServer(config.alternateServer())), ok);
            return;
        }
        if (m.method().equals(Method.ALLOCATE)) {
            allocate(now, d, m, tuple, existing, ok);
            return;
        }
        if (m.method().equals(Method.CONNECTION_BIND)) {
            answerIfRefused(d, m, ok, tcp.bind(now, d, m, ok, existing != null)); // RFC 6062 §5.4: a new connection
            return;
        }
        if (existing == null) {
            answers.refuse(d, m, 437, "Allocation Mismatch", List.of(), ok);
            return;
        }
        if (!existing.user.equals(ok.username())) {
            // RFC 8656 §5: requests on an allocation must use the credentials that created it
            answers.refuse(d, m, 441, "Wrong Credentials", List.of(), ok);
            return;
        }
        switch (m.method().code()) {
            case 0x004 -> refresh(now, d, m, existing, ok);
            case 0x008 -> createPermission(now, d, m, existing, ok);
            case 0x009 -> channelBind(now, d, m, existing, ok);
            case 0x00a -> connect(now, d, m, existing, ok);
            default -> answers.refuse(d, m, 400, "Bad Request: unsupported method " + m.method(), List.of(), ok);
        }
    }

    /**
     * Whom the nonce was given to: the request's source, except for a ConnectionBind (RFC 6062 §5.4), which comes on
     * a new connection with the nonce of the control connection of the allocation its CONNECTION-ID names.
     */
    private String nonceSource(Datagram d, StunMessage m) {
        TurnAllocation named = m.method().equals(Method.CONNECTION_BIND) ? tcp.named(m) : null;
        return named != null ? named.transport + " " + TransportAddresses.format(named.client)
                : d.transport() + " " + TransportAddresses.format(d.remote());
    }

    private void answerIfRefused(Datagram d, StunMessage m, AuthResult.Accepted ok, Refusal no) {
        if (no != null) {
            answers.refuse(d, m, no, ok);
        }
    }

    /** RFC 8656 §7.2. */
    private void allocate(long now, Datagram d, StunMessage m, FiveTuple tuple, TurnAllocation existing,
            AuthResult.Accepted ok) {
        Refusal no = allocateRefusal(d, m, existing, ok);
        TurnAttribute.RequestedAddressFamily raf = m.attribute(TurnAttribute.RequestedAddressFamily.class);
        int family = raf == null ? (d.remote().getAddress() instanceof java.net.Inet6Address ? 2 : 1) : raf.family();
        boolean tcpRelay = m.attribute(TurnAttribute.RequestedTransport.class) != null
                && m.attribute(TurnAttribute.RequestedTransport.class).protocol() == TurnAttribute.RequestedTransport.TCP;
        RelayAddresses.Choice relay = no != null ? new RelayAddresses.Choice(null, 0, no)
                : tcpRelay ? tcp.relayChoice(family) : relays.choose(now, m, family, ok.username());
        if (relay.refusal() != null) {
            answers.refuse(d, m, relay.refusal().code(), relay.refusal().reason(), List.of(), ok);
            return;
        }
        InetSocketAddress relayed = relay.relayed();
        long lifetime = lifetime(m);
        TurnAllocation al = new TurnAllocation(d.transport(), d.remote(), d.local(), ok.username(), ok.key(),
                ok.sha256(), relayed, tcpRelay ? io.icelab.stun.Transport.TCP : io.icelab.stun.Transport.UDP,
                now + lifetime * S);
        byTuple.put(tuple, al);
        byRelayed.put(relayed, al);
        scheduleExpiry(now, al);
        StunMessageBuilder b = StunMessageBuilder.successFor(m).add(new TurnAttribute.XorRelayedAddress(relayed));
        if (m.attribute(TurnAttribute.AdditionalAddressFamily.class) != null) {
            InetSocketAddress v6 = allocator.allocate(TurnAttribute.RequestedAddressFamily.IPV6, RelayAllocator.Parity.ANY);
            if (v6 != null) {
                al.relayedOther = v6;
                byRelayed.put(v6, al);
                b.add(new TurnAttribute.XorRelayedAddress(v6));
            } else {
                // RFC 8656 §7.2: the IPv4 part succeeds; the IPv6 failure is reported per family
                b.add(new TurnAttribute.AddressErrorCode(TurnAttribute.RequestedAddressFamily.IPV6, 440,
                        "Address Family not Supported"));
            }
        }
        b.add(new TurnAttribute.Lifetime(lifetime)).add(new CoreAttribute.XorMappedAddress(d.remote()));
        if (relay.reservation() != 0) {
            b.add(new TurnAttribute.ReservationToken(relay.reservation()));
        }
        al.allocateId = m.transactionId();
        al.allocateResponse = answers.respond(d, b, ok);
        event(new TurnServerEvent.AllocationCreated(d.remote(), ok.username(), relayed, lifetime));
    }

    /** RFC 8656 §7.2's checks of an Allocate, in order: the error to answer, or null when it may be granted. */
    private Refusal allocateRefusal(Datagram d, StunMessage m, TurnAllocation existing,
            AuthResult.Accepted ok) {
        if (existing != null) {
            return existing.user.equals(ok.username()) ? new Refusal(437, "Allocation Mismatch")
                    : new Refusal(441, "Wrong Credentials");
        }
        TurnAttribute.RequestedTransport rt = m.attribute(TurnAttribute.RequestedTransport.class);
        if (rt == null) {
            return new Refusal(400, "Bad Request: REQUESTED-TRANSPORT is missing");
        }
        if (rt.protocol() == TurnAttribute.RequestedTransport.TCP && tcp.available()) {
            Refusal no = TcpAllocations.allocateRefusal(d, m);
            if (no != null) {
                return no;
            }
        } else if (rt.protocol() != TurnAttribute.RequestedTransport.UDP) {
            return new Refusal(442, "Unsupported Transport Protocol");
        }
        TurnAttribute.RequestedAddressFamily raf = m.attribute(TurnAttribute.RequestedAddressFamily.class);
        TurnAttribute.AdditionalAddressFamily additional = m.attribute(TurnAttribute.AdditionalAddressFamily.class);
        if (additional != null && (raf != null || additional.family() != TurnAttribute.RequestedAddressFamily.IPV6)) {
            // RFC 8656 §7.2: only IPv6 may be additional, and not together with REQUESTED-ADDRESS-FAMILY
            return new Refusal(400, "Bad Request: ADDITIONAL-ADDRESS-FAMILY must be IPv6 and alone");
        }
        TurnAttribute.ReservationToken token = m.attribute(TurnAttribute.ReservationToken.class);
        if (token != null && (m.attribute(TurnAttribute.EvenPort.class) != null || raf != null)) {
            return new Refusal(400, "Bad Request: RESERVATION-TOKEN with EVEN-PORT or REQUESTED-ADDRESS-FAMILY");
        }
        // a reservation made by this user's EVEN-PORT R is counted too, unless this request redeems it
        int held = countFor(ok.username()) + relays.heldBy(ok.username(), token);
        if (held >= config.perUserQuota()) {
            return new Refusal(486, "Allocation Quota Reached");
        }
        if (byTuple.size() >= config.totalQuota()) {
            return new Refusal(508, "Insufficient Capacity");
        }
        return null;
    }

    /** RFC 8656 §7.2/§7.3: the requested lifetime raised to the default and capped at the maximum. */
    private long lifetime(StunMessage m) {
        TurnAttribute.Lifetime l = m.attribute(TurnAttribute.Lifetime.class);
        long want = l == null ? config.defaultLifetime() : l.seconds();
        return Math.min(config.maxLifetime(), Math.max(config.defaultLifetime(), want));
    }

    /** RFC 8656 §7.3: LIFETIME 0 deletes. */
    private void refresh(long now, Datagram d, StunMessage m, TurnAllocation al, AuthResult.Accepted ok) {
        TurnAttribute.RequestedAddressFamily family = m.attribute(TurnAttribute.RequestedAddressFamily.class);
        if (family != null && !al.hasFamily(family.family())) {
            answers.refuse(d, m, 443, "Peer Address Family Mismatch", List.of(), ok); // RFC 8656 §8.2
            return;
        }
        TurnAttribute.Lifetime l = m.attribute(TurnAttribute.Lifetime.class);
        long lifetime = l != null && l.seconds() == 0 ? 0 : lifetime(m);
        if (lifetime == 0) {
            delete(al, "deleted by the client");
        } else {
            al.expires = now + lifetime * S;
            scheduleExpiry(now, al);
        }
        answers.respond(d, StunMessageBuilder.successFor(m).add(new TurnAttribute.Lifetime(lifetime)), ok);
    }

    /** RFC 8656 §9: one permission per peer IP, 300 s; all or nothing. */
    private void createPermission(long now, Datagram d, StunMessage m, TurnAllocation al, AuthResult.Accepted ok) {
        answer(d, m, ok, bindings.createPermission(now, m.attributes(TurnAttribute.XorPeerAddress.class), al));
    }

    /** RFC 8656 §11: a channel to one peer, 600 s, also installing or refreshing its permission. */
    private void channelBind(long now, Datagram d, StunMessage m, TurnAllocation al, AuthResult.Accepted ok) {
        if (al.relayTransport == io.icelab.stun.Transport.TCP) {
            answers.refuse(d, m, 400, "Bad Request: no channels on a TCP allocation (RFC 6062 §5)", List.of(), ok);
            return;
        }
        answer(d, m, ok, bindings.channelBind(now, m.attribute(TurnAttribute.ChannelNumber.class),
                m.attribute(TurnAttribute.XorPeerAddress.class), al));
    }

    /** RFC 6062 §5.2: a connection from the relayed address to a peer; answered when it opens or fails. */
    private void connect(long now, Datagram d, StunMessage m, TurnAllocation al, AuthResult.Accepted ok) {
        if (al.relayTransport != io.icelab.stun.Transport.TCP) {
            answers.refuse(d, m, 400, "Bad Request: Connect needs a TCP allocation (RFC 6062 §5.2)", List.of(), ok);
            return;
        }
        Refusal no = tcp.connect(now, d, m, al, ok, config.peers());
        if (no != null) {
            answers.refuse(d, m, no.code(), no.reason(), List.of(), ok);
        }
    }

    /**
     * RFC 6062: a TCP allocation's control connection closing deletes it (and its peer connections); the other
     * connections' fate goes to the peer connections.
     */
    @Override
    public void handleConnection(long now, io.icelab.stun.ConnectionEvent e) {
        if (e.kind() == io.icelab.stun.ConnectionEvent.Kind.CLOSED) {
            TurnAllocation al = byTuple.get(new FiveTuple(io.icelab.stun.Transport.TCP, e.remote(), e.local()));
            if (al != null && al.relayTransport == io.icelab.stun.Transport.TCP) {
                delete(al, "its control connection closed");
                return;
            }
        }
        tcp.connection(now, e, byRelayed::get);
    }

    /** A success without attributes, or the refusal. */
    private void answer(Datagram d, StunMessage m, AuthResult.Accepted ok, Refusal refusal) {
        if (refusal != null) {
            answers.refuse(d, m, refusal.code(), refusal.reason(), List.of(), ok);
        } else {
            answers.respond(d, StunMessageBuilder.successFor(m), ok);
        }
    }

    /** Allocations held by {@code user} (RFC 8656 §7.2 quota, 486; its reservations count too). */
    private int countFor(String user) {
        int n = 0;
        for (TurnAllocation a : byTuple.values()) {
            if (a.user.equals(user)) {
                n++;
            }
        }
        return n;
    }

    private void delete(TurnAllocation al, String why) {
        byTuple.remove(new FiveTuple(al.transport, al.client, al.server));
        byRelayed.remove(al.relayed);
        if (al.relayTransport == io.icelab.stun.Transport.TCP) {
            tcp.closeAll(al); // RFC 6062: its peer and data connections end with it
            tcpRelays.release(al.relayed);
        } else {
            allocator.release(al.relayed);
        }
        if (al.relayedOther != null) {
            byRelayed.remove(al.relayedOther);
            allocator.release(al.relayedOther);
        }
        event(new TurnServerEvent.AllocationDeleted(al.client, al.relayed, why));
    }

    private void event(TurnServerEvent e) {
        if (events.size() < MAX_EVENTS) {
            events.add(e);
        }
    }

    @Override
    public Datagram pollTransmit(long now) {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return Math.min(Math.min(relays.nextExpiry(), tcp.nextDeadline()), Math.min(expiry.next(), nextSweep));
    }

    @Override
    public void handleTimeout(long now) {
        relays.expire(now);
        tcp.expire(now);
        for (TurnAllocation a : expiry.due(now)) {
            if (isLive(a)) { // a refresh at the same instant leaves two entries for one allocation
                delete(a, "expired (not refreshed)");
            }
        }
        if (now >= nextSweep) {
            // RFC 8656 §9, §12: expired permissions and channels are forgotten once a sweep passes them
            for (TurnAllocation a : byTuple.values()) {
                a.purge(now, CHANNEL_QUARANTINE);
            }
            nextSweep = byTuple.isEmpty() ? SansIo.NO_DEADLINE : now + SWEEP_EVERY;
        }
    }

    /** Queues the allocation's expiry, and a sweep of expired permissions and channels if none is due. */
    private void scheduleExpiry(long now, TurnAllocation al) {
        expiry.schedule(al, byTuple.values(), byTuple.size());
        if (nextSweep == SansIo.NO_DEADLINE) {
            nextSweep = now + SWEEP_EVERY;
        }
    }

    /** Whether the allocation still exists: looked up by its relayed address, which needs no key object per call. */
    private boolean isLive(TurnAllocation a) {
        return byRelayed.get(a.relayed) == a;
    }

    @Override
    public TurnServerEvent pollEvent() {
        return events.poll();
    }
}
