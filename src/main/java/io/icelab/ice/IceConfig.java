package io.icelab.ice;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * An agent's settings. Times in nanoseconds.
 *
 * @param nomination regular (default, RFC 8445 §8.1.1) or aggressive (USE-CANDIDATE on every check, for interop tests)
 * @param taNanos the pacing interval Ta between new checks (§14.2, default 50 ms)
 * @param maxPairs the checklist limit (§6.1.2.5, default 100)
 * @param nominationDelayNanos how long a controlling agent waits after the first valid pair for a better
 *     one before nominating, unless every higher-priority pair has already finished
 * @param consentIntervalNanos RFC 7675 §5.1: consent checks every 5 s, randomised to 4..6 s
 * @param consentTimeoutNanos RFC 7675 §5.1: consent expires 30 s after the last success
 * @param tcpCandidates RFC 6544: TCP candidates besides the UDP ones (none by default)
 */
public record IceConfig(Role role, boolean lite, Nomination nomination, List<InetSocketAddress> stunServers,
        long taNanos, int maxPairs, long nominationDelayNanos, boolean consent, long consentIntervalNanos,
        long consentTimeoutNanos, boolean allowLoopback, List<TurnServer> turnServers, boolean relayOnly,
        TcpCandidates tcpCandidates) {

    /** RFC 6544: which TCP candidates the agent gathers besides its UDP ones. */
    public enum TcpCandidates {
        /** None: UDP only. */
        NONE,
        /**
         * For each host base, an active and a passive TCP host candidate (RFC 6544 §4.1); with a
         * {@link io.icelab.turn.TcpConnector} also a simultaneous-open one and its server-reflexive form.
         */
        HOST,
        /**
         * The TCP host candidates of {@link #HOST} and no UDP candidates at all (libnice's {@code ice-udp} off):
         * the agent connects over TCP or not at all.
         */
        ONLY
    }

    /** How the agent reaches a TURN server (RFC 8656 §3.1). */
    public enum TurnTransport {
        /** UDP (the default). */
        UDP,
        /** A TCP connection from the base, STUN-framed. */
        TCP,
        /** TLS on a TCP connection from the base ({@code turns:}); the driver holds the TLS context. */
        TLS
    }

    /** How a TURN server's relay reaches the peers: the REQUESTED-TRANSPORT of the Allocate. */
    public enum Allocation {
        /** A UDP allocation (RFC 8656): a relayed candidate over UDP. */
        UDP,
        /**
         * A TCP allocation (RFC 6062), asked for over TCP or TLS: relayed TCP candidates (RFC 6544 §5.2), a passive
         * one that peers connect to and an active one that connects to them through the server; needs an agent
         * that can open connections (a {@link io.icelab.turn.TcpConnector}) for the allocation's data connections.
         */
        TCP
    }

    /**
     * A TURN server to gather relayed candidates from (long-term credentials).
     *
     * @param address the server
     * @param username the long-term username
     * @param password its password
     * @param transport how the agent reaches it
     * @param allocation what the relay reaches peers with; TCP needs {@code transport} TCP or TLS (RFC 6062 §4.1)
     */
    public record TurnServer(InetSocketAddress address, String username, String password, TurnTransport transport,
            Allocation allocation) {
        /**
         * Refuses a TCP allocation over UDP.
         *
         * @param address the server
         * @param username the long-term username
         * @param password its password
         * @param transport how the agent reaches it
         * @param allocation what the relay reaches peers with
         */
        public TurnServer {
            if (allocation == Allocation.TCP && transport == TurnTransport.UDP) {
                throw new IllegalArgumentException("a TCP allocation is asked for over TCP or TLS (RFC 6062 §4.1), "
                        + "not UDP: TURN server " + address);
            }
        }

        /**
         * A TURN server reached this way, with a UDP allocation.
         *
         * @param address the server
         * @param username the long-term username
         * @param password its password
         * @param transport how the agent reaches it
         */
        public TurnServer(InetSocketAddress address, String username, String password, TurnTransport transport) {
            this(address, username, password, transport, Allocation.UDP);
        }

        /**
         * A TURN server reached over UDP.
         *
         * @param address the server
         * @param username the long-term username
         * @param password its password
         */
        public TurnServer(InetSocketAddress address, String username, String password) {
            this(address, username, password, TurnTransport.UDP);
        }

        /**
         * The same server with a TCP allocation instead (RFC 6062); reached over TCP if it was over UDP.
         *
         * @return the changed server
         */
        public TurnServer withTcpAllocation() {
            return new TurnServer(address, username, password,
                    transport == TurnTransport.UDP ? TurnTransport.TCP : transport, Allocation.TCP);
        }
    }

    /** RFC 8445 §8.1.1: how the controlling agent nominates. */
    public enum Nomination {
        /** Checks first, then one check with USE-CANDIDATE on the chosen pair (RFC 8445). */
        REGULAR,
        /** USE-CANDIDATE on every check, as RFC 5245 allowed (the first answered pair wins). */
        AGGRESSIVE
    }

    /** One millisecond in nanoseconds. */
    public static final long MS = 1_000_000L;

    /**
     * Checks the settings: positive timers and pair limit, a TURN server for relay-only, a lite agent controlled.
     *
     * @param role the initial role
     * @param lite whether the agent is ICE-lite
     * @param nomination regular or aggressive
     * @param stunServers the STUN servers
     * @param taNanos the pacing interval Ta
     * @param maxPairs the checklist limit
     * @param nominationDelayNanos how long regular nomination waits for better pairs
     * @param consent whether to run RFC 7675 consent freshness
     * @param consentIntervalNanos the consent check interval
     * @param consentTimeoutNanos when consent expires
     * @param allowLoopback whether loopback addresses may be host candidates
     * @param turnServers the TURN servers
     * @param relayOnly whether only relayed candidates are used
     * @param tcpCandidates which TCP candidates are gathered
     */
    public IceConfig {
        stunServers = List.copyOf(stunServers);
        turnServers = List.copyOf(turnServers);
        if (relayOnly && turnServers.isEmpty()) {
            throw new IllegalArgumentException("a relay-only policy needs a TURN server");
        }
        if (turnServers.stream().map(TurnServer::address).distinct().count() < turnServers.size()) {
            // one allocation per base and server: its client tells the server's answers by their 5-tuple
            throw new IllegalArgumentException("a TURN server is listed twice: "
                    + turnServers.stream().map(TurnServer::address).toList());
        }
        if (taNanos <= 0 || maxPairs < 1 || consentIntervalNanos <= 0 || consentTimeoutNanos <= 0) {
            throw new IllegalArgumentException("Ta, the pair limit and consent timers must be positive");
        }
        if (lite && role == Role.CONTROLLING) {
            throw new IllegalArgumentException("an ICE-lite agent is always controlled (RFC 8445 §2.5)");
        }
    }

    /**
     * RFC 8445's defaults: Ta 50 ms, at most 100 pairs, regular nomination after up to 500 ms, consent every 5 s (RFC 7675) expiring after 30 s, no servers, no loopback.
     *
     * @param role controlling or controlled
     * @return the settings
     */
    public static IceConfig defaults(Role role) {
        return new IceConfig(role, false, Nomination.REGULAR, List.of(), 50 * MS, 100, 500 * MS, true,
                5000 * MS, 30_000 * MS, false, List.of(), false, TcpCandidates.NONE);
    }

    /**
     * STUN servers for server-reflexive candidates (RFC 8445 §5.1.1.2).
     *
     * @param servers their addresses
     * @return the changed settings
     */
    public IceConfig withStunServers(List<InetSocketAddress> servers) {
        return with(b -> b.stunServers = servers);
    }

    /**
     * How to nominate.
     *
     * @param n regular or aggressive
     * @return the changed settings
     */
    public IceConfig withNomination(Nomination n) {
        return with(b -> b.nomination = n);
    }

    /**
     * An ICE-lite agent (RFC 8445 §2.5): host candidates only, always controlled, no checks of its own.
     *
     * @return the changed settings
     */
    public IceConfig withLite() {
        return with(b -> {
            b.role = Role.CONTROLLED;
            b.lite = true;
            b.stunServers = List.of();
        });
    }

    /**
     * The pacing interval Ta (RFC 8445 §14.2).
     *
     * @param nanos Ta in nanoseconds, positive
     * @return the changed settings
     */
    public IceConfig withTa(long nanos) {
        return with(b -> b.taNanos = nanos);
    }

    /**
     * RFC 7675 §5.1: how long after the last consent success consent expires (30 s by default).
     *
     * @param nanos the timeout, positive
     * @return the changed settings
     */
    public IceConfig withConsentTimeout(long nanos) {
        return with(b -> b.consentTimeoutNanos = nanos);
    }

    /**
     * The checklist limit (RFC 8445 §6.1.2.5; 100 by default).
     *
     * @param n at least 1
     * @return the changed settings
     */
    public IceConfig withMaxPairs(int n) {
        return with(b -> b.maxPairs = n);
    }

    /**
     * Consent freshness (RFC 7675) on the selected pairs, or only keepalives (RFC 8445 §11) when off.
     *
     * @param on whether to run consent checks
     * @return the changed settings
     */
    public IceConfig withConsent(boolean on) {
        return with(b -> b.consent = on);
    }

    /**
     * Whether loopback addresses may be host candidates (tests on one machine).
     *
     * @param allowed true to allow them
     * @return the changed settings
     */
    public IceConfig withLoopback(boolean allowed) {
        return with(b -> b.allowLoopback = allowed);
    }

    /**
     * TURN servers for relayed candidates (RFC 8445 §5.1.1.2).
     *
     * @param servers address and long-term credentials of each
     * @return the changed settings
     */
    public IceConfig withTurnServers(List<TurnServer> servers) {
        return with(b -> b.turnServers = servers);
    }

    /**
     * Only relayed candidates are offered and paired (WebRTC's iceTransportPolicy "relay").
     *
     * @return the changed settings
     */
    public IceConfig withRelayOnly() {
        return with(b -> b.relayOnly = true);
    }

    /**
     * RFC 6544 §4.1: host candidates over TCP too, an active and a passive one per base (ICE-TCP).
     *
     * @return the changed settings
     */
    public IceConfig withTcpHostCandidates() {
        return with(b -> b.tcpCandidates = TcpCandidates.HOST);
    }

    /**
     * RFC 6544 §4.1: TCP host candidates and no UDP ones ({@link TcpCandidates#ONLY}).
     *
     * @return a copy gathering over TCP only
     */
    public IceConfig withTcpCandidatesOnly() {
        return with(b -> b.tcpCandidates = TcpCandidates.ONLY);
    }

    /** A copy with some fields changed; the compact constructor checks the result. */
    private IceConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new IceConfig(c.role, c.lite, c.nomination, c.stunServers, c.taNanos, c.maxPairs, c.nominationDelayNanos,
                c.consent, c.consentIntervalNanos, c.consentTimeoutNanos, c.allowLoopback, c.turnServers, c.relayOnly,
                c.tcpCandidates);
    }

    /** The fields of an IceConfig, mutable, for {@link #with}. */
    private static final class Copy {
        Role role;
        boolean lite;
        Nomination nomination;
        List<InetSocketAddress> stunServers;
        long taNanos;
        int maxPairs;
        long nominationDelayNanos;
        boolean consent;
        long consentIntervalNanos;
        long consentTimeoutNanos;
        boolean allowLoopback;
        List<TurnServer> turnServers;
        boolean relayOnly;
        TcpCandidates tcpCandidates;

        Copy(IceConfig c) {
            role = c.role;
            lite = c.lite;
            nomination = c.nomination;
            stunServers = c.stunServers;
            taNanos = c.taNanos;
            maxPairs = c.maxPairs;
            nominationDelayNanos = c.nominationDelayNanos;
            consent = c.consent;
            consentIntervalNanos = c.consentIntervalNanos;
            consentTimeoutNanos = c.consentTimeoutNanos;
            allowLoopback = c.allowLoopback;
            turnServers = c.turnServers;
            relayOnly = c.relayOnly;
            tcpCandidates = c.tcpCandidates;
        }
    }
}
