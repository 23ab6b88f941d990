package io.icelab.ice;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.Transport;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * RFC 8445 §5.1.1: host candidates at once; server-reflexive ones from Binding requests to STUN servers and
 * relayed ones from TURN allocations, one transaction per Ta (§5.1.1.2, §14.1) in the agent's shared pace;
 * §5.1.3's redundancy rule; the end of gathering per stream (RFC 8838 §4). Candidates go to the application as
 * events and to the agent for pairing.
 */
final class Gathering {
    /** What gathering needs of the agent. */
    interface Agent {
        /** §6.1.2: pairs a new local candidate with the remote ones. */
        void pairUp(long now, IceStream s, Candidate local);

        /** The current role, for the pairs a replaced candidate is part of. */
        Role role();

        /** A transaction waits for its Ta slot. */
        void wake(long now);

        /** Sends a Binding request from {@code base} to a STUN server; its outcome comes back to {@link #onBinding}. */
        void sendBinding(long now, Binding b);

        /** Opens a TCP connection from {@code base} (its own port) to {@code remote} (RFC 6544 S-O, STUN over TCP). */
        void connectFrom(InetSocketAddress base, InetSocketAddress remote);

        /** Whether the driver opens connections from a given port ({@link #connectFrom}): S-O candidates need it. */
        boolean connectsFromBase();
    }

    /** One Binding request to a STUN server, from one base of one component, over UDP or (RFC 6544 §5.2) TCP. */
    record Binding(IceStream stream, int component, InetSocketAddress base, InetSocketAddress server, Transport transport) {
    }

    /** A gathering transaction waiting for its Ta slot. */
    private sealed interface Step {
    }

    private record StunStep(Binding binding) implements Step {
    }

    /** Sends one prepared Allocate (see {@link Relays#gather}). */
    private record RelayStep(LongConsumer allocate) implements Step {
    }

    private final IceConfig config;
    private final Agent agent;
    private final Relays relays;
    private final Collection<IceEvent> events;
    private final LocalCandidates.Foundations foundations = new LocalCandidates.Foundations();
    private final ArrayDeque<Step> queue = new ArrayDeque<>();

    Gathering(IceConfig config, Agent agent, Relays relays, Collection<IceEvent> events) {
        this.config = config;
        this.agent = agent;
        this.relays = relays;
        this.events = events;
    }

    /** §5.1.1.1 host candidates now, in the order of their bases; the server transactions queued. */
    void gather(long now, List<IceStream> streams) {
        for (IceStream s : streams) {
            for (int c = 1; c <= s.components; c++) {
                int rank = 0;
                for (InetSocketAddress base : LocalCandidates.orderedBases(s.bases.get(c - 1))) {
                    int localPref = 65535 - rank++;
                    if (LocalCandidates.usable(base, config.allowLoopback())) {
                        gatherFrom(now, s, c, base, localPref);
                    }
                }
            }
            if (s.pendingGathers == 0) {
                done(s);
            }
        }
        if (!queue.isEmpty()) {
            agent.wake(now); // the first gathering transaction goes now, the others one per Ta
        }
    }

    private void gatherFrom(long now, IceStream s, int c, InetSocketAddress base, int localPref) {
        if (config.tcpCandidates() != IceConfig.TcpCandidates.ONLY) {
            add(now, s, new Candidate(foundations.of("host", base, null), c, Transport.UDP,
                    Candidate.priority(CandidateType.HOST, localPref, c), base, CandidateType.HOST, base, null, null));
        }
        if (config.lite()) {
            return;
        }
        if (config.tcpCandidates() != IceConfig.TcpCandidates.NONE && !config.relayOnly()) {
            gatherTcp(now, s, c, base, localPref);
        }
        // relayed candidates: UDP ones unless TCP only, TCP ones (RFC 6544 §5.2) with TCP candidates
        java.util.Set<IceConfig.Allocation> kinds = java.util.EnumSet.noneOf(IceConfig.Allocation.class);
        if (config.tcpCandidates() != IceConfig.TcpCandidates.ONLY) {
            kinds.add(IceConfig.Allocation.UDP);
        }
        if (config.tcpCandidates() != IceConfig.TcpCandidates.NONE) {
            kinds.add(IceConfig.Allocation.TCP);
        }
        for (LongConsumer allocate : relays.gather(s, c, base, kinds)) {
            queue.add(new RelayStep(allocate));
            s.pendingGathers++;
        }
        if (config.tcpCandidates() == IceConfig.TcpCandidates.ONLY) {
            return; // no server-reflexive candidates over UDP
        }
        if (config.relayOnly()) {
            return;
        }
        for (InetSocketAddress server : config.stunServers()) {
            if ((server.getAddress() instanceof Inet6Address) == (base.getAddress() instanceof Inet6Address)) {
                queue.add(new StunStep(new Binding(s, c, base, server, Transport.UDP)));
                s.pendingGathers++;
            }
        }
    }

    /** Starts the next queued transaction (a Binding to a STUN server or an Allocate); false if none waits. */
    boolean startNext(long now) {
        Step g = queue.poll();
        if (g == null) {
            return false;
        }
        if (g instanceof StunStep st) {
            if (st.binding().transport() == Transport.TCP) {
                agent.connectFrom(st.binding().base(), st.binding().server()); // from the base's own port
            }
            agent.sendBinding(now, st.binding());
        } else if (g instanceof RelayStep r) {
            r.allocate().accept(now);
        }
        return true;
    }

    /**
     * RFC 6544 §4.1-§4.2: a passive TCP candidate on the base and an active one (port 9, as it is signalled: its
     * connections come from the base), prioritized by direction; the base takes TCP connections for the component.
     */
    private void gatherTcp(long now, IceStream s, int c, InetSocketAddress base, int localPref) {
        s.tcpBases.put(base, c);
        int otherPref = Math.max(0, 8191 - (65535 - localPref));
        List<TcpType> types = agent.connectsFromBase() ? List.of(TcpType.ACTIVE, TcpType.PASSIVE, TcpType.SIMULTANEOUS_OPEN)
                : List.of(TcpType.ACTIVE, TcpType.PASSIVE);
        if (agent.connectsFromBase()) {
            // RFC 6544 §5.2: a server-reflexive S-O candidate from a Binding over TCP from the base's own port
            for (InetSocketAddress server : config.stunServers()) {
                if ((server.getAddress() instanceof Inet6Address) == (base.getAddress() instanceof Inet6Address)) {
                    queue.add(new StunStep(new Binding(s, c, base, server, Transport.TCP)));
                    s.pendingGathers++;
                }
            }
        }
        for (TcpType t : types) {
            InetSocketAddress address = t == TcpType.ACTIVE ? new InetSocketAddress(base.getAddress(), 9) : base;
            long priority = Candidate.priority(CandidateType.HOST, t.localPreference(CandidateType.HOST, otherPref), c);
            add(now, s, new Candidate(foundations.of("host-tcp", base, null), c, Transport.TCP, priority, address,
                    CandidateType.HOST, base, null, t.sdpName()));
        }
    }

    /** No more transactions (a restart gathers afresh, a close gathers no more). */
    void clear() {
        queue.clear();
    }

    /** §5.1.3: a candidate redundant with one there (same address and base) is dropped, unless it names a prflx one. */
    void add(long now, IceStream s, Candidate c) {
        if (config.relayOnly() && c.type() != CandidateType.RELAYED) {
            return;
        }
        for (Candidate existing : s.local) {
            if (existing.transport() == c.transport() && existing.address().equals(c.address())
                    && existing.base().equals(c.base()) && java.util.Objects.equals(existing.tcpType(), c.tcpType())) {
                if (existing.type() == CandidateType.PEER_REFLEXIVE && c.type() != CandidateType.PEER_REFLEXIVE) {
                    s.replace(existing, c, Side.LOCAL, agent.role());
                    events.add(new IceEvent.CandidateGathered(s.id, c));
                }
                return;
            }
        }
        s.local.add(c);
        if (c.type() != CandidateType.PEER_REFLEXIVE) {
            events.add(new IceEvent.CandidateGathered(s.id, c));
        }
        agent.pairUp(now, s, c);
    }

    /** §5.1.1.2: a STUN server's answer gives a server-reflexive candidate (its base's local preference). */
    void onBinding(long now, Binding g, StunClientEvent e) {
        if (e instanceof StunClientEvent.Success ok) {
            // §5.1.1.2: an RFC 3489 server answers with MAPPED-ADDRESS only; take it when XOR-MAPPED-ADDRESS is absent
            CoreAttribute.XorMappedAddress xor = ok.response().attribute(CoreAttribute.XorMappedAddress.class);
            CoreAttribute.MappedAddress plain = ok.response().attribute(CoreAttribute.MappedAddress.class);
            InetSocketAddress mapped = xor != null ? xor.address() : plain != null ? plain.address() : null;
            if (mapped != null && !mapped.equals(g.base()) && g.transport() == Transport.TCP) {
                Candidate so = g.stream().localWithAddress(Transport.TCP, g.component(), g.base(),
                        TcpType.SIMULTANEOUS_OPEN.sdpName());
                int otherPref = so == null ? 0 : (int) (so.priority() >> 8 & 0x1fff);
                add(now, g.stream(), new Candidate(foundations.of("srflx-tcp", g.base(), g.server()), g.component(),
                        Transport.TCP, Candidate.priority(CandidateType.SERVER_REFLEXIVE,
                        TcpType.SIMULTANEOUS_OPEN.localPreference(CandidateType.SERVER_REFLEXIVE, otherPref), g.component()),
                        mapped, CandidateType.SERVER_REFLEXIVE, g.base(), g.base(), TcpType.SIMULTANEOUS_OPEN.sdpName()));
            } else if (mapped != null && !mapped.equals(g.base())) {
                int localPref = (int) (g.stream().localWithAddress(Transport.UDP, g.component(), g.base()).priority() >> 8 & 0xffff);
                add(now, g.stream(), new Candidate(foundations.of("srflx", g.base(), g.server()), g.component(),
                        Transport.UDP, Candidate.priority(CandidateType.SERVER_REFLEXIVE, localPref, g.component()),
                        mapped, CandidateType.SERVER_REFLEXIVE, g.base(), g.base(), null));
            }
        }
        transactionDone(g.stream());
    }

    /** A TURN allocation succeeded: a relayed candidate (RFC 8445 §5.1.1.2; its base is itself). */
    void relayGathered(long now, IceStream s, int component, InetSocketAddress base, InetSocketAddress relayed,
            InetSocketAddress mapped, int server) {
        Candidate host = s.localWithAddress(Transport.UDP, component, base);
        int hostPref = host == null ? 65535 : (int) (host.priority() >> 8 & 0xffff);
        // §5.1.2.2: relayed candidates from several TURN servers get distinct local preferences, as multihomed
        // host candidates do: each base's rank spreads over the servers (one server: the host's preference);
        // the servers rank by how they are reached, UDP before TCP before TLS (§5.1.2.1's advice, as libwebrtc)
        int servers = Math.max(1, config.turnServers().size());
        int localPref = Math.max(0, 65535 - ((65535 - hostPref) * servers + transportRank(server)));
        if (config.turnServers().get(server).allocation() == IceConfig.Allocation.TCP) {
            relayedTcp(now, s, component, relayed, mapped, localPref);
        } else {
            add(now, s, new Candidate(foundations.of("relay", relayed, null), component, Transport.UDP,
                    Candidate.priority(CandidateType.RELAYED, localPref, component), relayed, CandidateType.RELAYED,
                    relayed, mapped, null));
        }
        transactionDone(s);
    }

    /**
     * RFC 6544 §5.2 with RFC 6062: a TCP allocation gives a passive relayed candidate (peers connect to the relayed
     * address; the server announces them) and an active one (signalled on port 9, §4.5: the server connects from the
     * relayed address at the client's Connect), prioritized by direction as host candidates are (§4.2).
     */
    private void relayedTcp(long now, IceStream s, int component, InetSocketAddress relayed, InetSocketAddress mapped,
            int localPref) {
        int otherPref = Math.max(0, 8191 - (65535 - localPref));
        for (TcpType t : List.of(TcpType.ACTIVE, TcpType.PASSIVE)) {
            InetSocketAddress address = t == TcpType.ACTIVE ? new InetSocketAddress(relayed.getAddress(), 9) : relayed;
            add(now, s, new Candidate(foundations.of("relay-tcp", relayed, null), component, Transport.TCP,
                    Candidate.priority(CandidateType.RELAYED, t.localPreference(CandidateType.RELAYED, otherPref),
                            component), address, CandidateType.RELAYED, relayed, mapped, t.sdpName()));
        }
    }

    /** The server's place among the configured ones ordered by transport (UDP, TCP, TLS), then as configured. */
    private int transportRank(int server) {
        List<IceConfig.TurnServer> all = config.turnServers();
        IceConfig.TurnTransport mine = all.get(server).transport();
        int rank = 0;
        for (int i = 0; i < all.size(); i++) {
            IceConfig.TurnTransport t = all.get(i).transport();
            if (t.ordinal() < mine.ordinal() || (t == mine && i < server)) {
                rank++;
            }
        }
        return rank;
    }

    /** A gathering transaction of the stream ended, with or without a candidate. */
    void transactionDone(IceStream s) {
        if (--s.pendingGathers == 0) {
            done(s);
        }
    }

    /** §7.2.5.3.1: a peer-reflexive local candidate learnt from a check's answer gets a foundation too. */
    String prflxFoundation(InetSocketAddress base) {
        return foundations.of("prflx", base, null);
    }

    private void done(IceStream s) {
        if (!s.gatheringComplete) {
            s.gatheringComplete = true;
            events.add(new IceEvent.GatheringComplete(s.id));
        }
    }
}
