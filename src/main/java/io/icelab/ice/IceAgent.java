package io.icelab.ice;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.Integrity;
import io.icelab.stun.Method;
import io.icelab.stun.PacketKind;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunRequest;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An ICE agent (RFC 8445), sans-IO: gathering, checklists paced by Ta, triggered checks, peer-reflexive
 * candidates, regular and aggressive nomination, role conflicts, ICE-lite, trickle (RFC 8838), consent
 * freshness (RFC 7675) and restart. The application gives it its sockets' addresses, the peer's
 * credentials and candidates, and moves datagrams; randomness comes from the injected generator.
 */
public final class IceAgent implements SansIo<IceEvent> {
    private final IceConfig config;
    private final RandomGenerator random;
    private final List<IceStream> streams = new ArrayList<>();
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<IceEvent> events = new ArrayDeque<>();
    private final Transactions<Pending> stun;
    private final Roles roles;
    private final LocalCredentials credentials;
    private final CheckPacing pacing;
    /** A paced transaction was started by the last timeout and has not left yet (§14.2, {@link #leaving}). */
    private boolean pacedSendPending;
    private final Relays relays;
    private final Gathering gathering;
    private final ConsentFreshness consent;
    private final Selection selection;
    private final OutgoingChecks checks;
    private final IncomingChecks incoming;
    private long droppedData;
    private boolean closed;
    private final io.icelab.turn.TcpConnector connector;

    /**
     * An agent with no streams yet; its ufrag, password and tie-breaker come from {@code random} (RFC 8445 §5.3,
     * §7.1.1).
     *
     * @param config roles, servers, timers and policies
     * @param random the source of every random choice (a {@code SecureRandom} on a real network, a seeded
     *     generator in tests and the simulator)
     */
    public IceAgent(IceConfig config, RandomGenerator random) {
        this(config, random, io.icelab.turn.TcpConnector.NONE);
    }

    /**
     * An agent that can also open TCP connections: the data connections of TCP allocations (RFC 6062, relayed TCP
     * candidates), and, where {@code connector} opens from listening ports, connections from a base's own port (RFC
     * 6544 simultaneous-open candidates and their server-reflexive form, gathered with a Binding over TCP).
     *
     * @param config roles, servers, timers and policies
     * @param random the source of every random choice
     * @param connector opens a connection from a base to a peer or a STUN server
     */
    public IceAgent(IceConfig config, RandomGenerator random, io.icelab.turn.TcpConnector connector) {
        this.connector = connector;
        this.config = config;
        this.random = random;
        this.stun = new Transactions<>(new StunClient(random));
        this.roles = new Roles(config.role(), random, streams, events);
        this.credentials = new LocalCredentials(random);
        this.pacing = new CheckPacing(config.taNanos());
        this.relays = new Relays(config, random, connector, new RelayOutcomes());
        this.gathering = new Gathering(config, new GatheringNeeds(), relays, events);
        this.consent = new ConsentFreshness(config, random, stun, roles, credentials, transmits, events);
        this.selection = new Selection(config, new Nomination(config, roles), stun, pacing, relays, consent, credentials,
                events);
        this.checks = new OutgoingChecks(config, streams, stun, roles, credentials, pacing, selection,
                gathering::prflxFoundation, events, connector::connect);
        this.incoming = new IncomingChecks(config, streams, roles, credentials, new Integrity(), checks, selection,
                transmits, events);
    }

    /** What gathering needs of the agent: pairing, the role, the shared pace and the STUN client. */
    private final class GatheringNeeds implements Gathering.Agent {
        @Override
        public void pairUp(long now, IceStream s, Candidate local) {
            IceAgent.this.pairUp(now, s, local, Side.LOCAL);
        }

        @Override
        public Role role() {
            return roles.role();
        }

        @Override
        public void wake(long now) {
            pacing.wake(now);
        }

        @Override
        public void sendBinding(long now, Gathering.Binding b) {
            stun.send(now, new StunRequest(b.transport(), b.base(), b.server(), Method.BINDING, List.of(), null, true),
                    new Pending.Gather(b));
        }

        @Override
        public void connectFrom(InetSocketAddress base, InetSocketAddress remote) {
            connector.connect(base, remote);
        }

        @Override
        public boolean connectsFromBase() {
            return connector.opensFromListeningPorts();
        }
    }

    /** Where the TURN relays' outcomes go: gathering, and the agent's own input for relayed data. */
    private final class RelayOutcomes implements Relays.Listener {
        @Override
        public void gathered(long now, IceStream s, int component, InetSocketAddress base, InetSocketAddress relayed,
                InetSocketAddress mapped, int server) {
            gathering.relayGathered(now, s, component, base, relayed, mapped, server);
        }

        @Override
        public void failed(IceStream s) {
            gathering.transactionDone(s);
        }

        @Override
        public void received(long now, Datagram d) {
            handleDatagram(now, d);
        }
    }

    // ---------------------------------------------------------------- API

    /**
     * Uses these local credentials instead of the random ones (RFC 8445 §5.3: ufrag at least 4 and pwd
     * at least 22 ice-chars) — to answer with fixed credentials, or to replay a captured session.
     *
     * @param localUfrag 4 or more ice-chars
     * @param localPwd 22 or more ice-chars
     */
    public void setLocalCredentials(String localUfrag, String localPwd) {
        credentials.set(localUfrag, localPwd);
    }

    /**
     * The ufrag to signal ({@code a=ice-ufrag}, RFC 8839 §5.4); new after {@link #restart}.
     *
     * @return the local username fragment
     */
    public String localUfrag() {
        return credentials.ufrag();
    }

    /**
     * The password to signal ({@code a=ice-pwd}); new after {@link #restart}.
     *
     * @return the local password
     */
    public String localPwd() {
        return credentials.pwd();
    }

    /**
     * The current role; it may change after a role conflict (RFC 8445 §7.3.1.1).
     *
     * @return controlling or controlled
     */
    public Role role() {
        return roles.role();
    }

    /**
     * Replaces the random tie-breaker (RFC 8445 §7.3.1.1 compares them unsigned), for a test or a probe that must
     * decide a role conflict one way: the largest value always wins it, 0 always loses it (or ties).
     *
     * @param tieBreaker the 64-bit value sent in ICE-CONTROLLING or ICE-CONTROLLED
     */
    public void setTieBreaker(long tieBreaker) {
        roles.setTieBreaker(tieBreaker);
    }

    /**
     * The tie-breaker sent in ICE-CONTROLLING or ICE-CONTROLLED (RFC 8445 §7.1.1).
     *
     * @return a random 64-bit number
     */
    public long tieBreaker() {
        return roles.tieBreaker();
    }

    /**
     * Whether this is an ICE-lite agent (RFC 8445 §2.5), which signals {@code a=ice-lite}.
     *
     * @return true for a lite agent
     */
    public boolean isLite() {
        return config.lite();
    }

    /**
     * Adds a data stream.
     *
     * @param bases {@code bases.get(c - 1)} are the local socket addresses of component c
     * @return the stream's id, 1 for the first
     */
    public int addStream(List<List<InetSocketAddress>> bases) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("a stream has at least one component");
        }
        IceStream s = new IceStream(streams.size() + 1, bases);
        streams.add(s);
        return s.id;
    }

    private IceStream stream(int id) {
        if (id < 1 || id > streams.size()) {
            throw new IllegalArgumentException("no stream " + id);
        }
        return streams.get(id - 1);
    }

    /**
     * RFC 8445 §5.1.1: host candidates now, server-reflexive and relayed ones as the STUN and TURN servers
     * answer, each reported as {@link IceEvent.CandidateGathered}, then {@link IceEvent.GatheringComplete}.
     *
     * @param now the current time in nanoseconds
     */
    public void gather(long now) {
        gathering.gather(now, streams);
    }

    /**
     * The peer's ufrag and password for a stream (from its SDP or signalling).
     *
     * @param streamId the stream
     * @param remoteUfrag the peer's {@code a=ice-ufrag}
     * @param remotePwd the peer's {@code a=ice-pwd}
     */
    public void setRemoteCredentials(int streamId, String remoteUfrag, String remotePwd) {
        IceStream s = stream(streamId);
        s.remoteUfrag = remoteUfrag;
        s.remotePwd = remotePwd;
        if (!s.checklist.isEmpty()) {
            pacing.wakeAfterLast();
        }
    }

    /**
     * The peer is an ICE-lite agent: we must control and nominate regularly (RFC 8445 §6.1.1).
     *
     * @param streamId the stream
     * @param lite whether the peer signalled {@code a=ice-lite}
     */
    public void setRemoteLite(int streamId, boolean lite) {
        stream(streamId).remoteLite = lite;
        if (lite && config.lite()) {
            throw new IllegalStateException("two lite agents cannot run ICE with each other");
        }
        if (lite && !roles.controlling()) {
            roles.change(Role.CONTROLLING, "the peer is ICE-lite");
        }
    }

    /**
     * A remote candidate, at any time (RFC 8838 §11): it is paired with the local candidates at once.
     *
     * @param now the current time in nanoseconds
     * @param streamId the stream
     * @param c the candidate, e.g. from {@link IceSdp#parseCandidate}
     */
    public void addRemoteCandidate(long now, int streamId, Candidate c) {
        IceStream s = stream(streamId);
        if (c.component() > s.components || s.remoteEnd) {
            return; // RFC 8838 §14: after the peer's end-of-candidates, new candidates are ignored
        }
        if (s.addRemote(c, roles.role())) {
            pairUp(now, s, c, Side.REMOTE);
        }
    }

    /**
     * Whether the peer's end-of-candidates for this stream arrived (in the current ICE generation).
     *
     * @param streamId the stream
     * @return true after {@link #endOfRemoteCandidates}
     */
    public boolean remoteEndOfCandidates(int streamId) {
        return stream(streamId).remoteEnd;
    }

    /**
     * RFC 8838 §13: the peer has signalled all its candidates; a checklist whose pairs all failed may now fail.
     *
     * @param now the current time in nanoseconds
     * @param streamId the stream
     */
    public void endOfRemoteCandidates(long now, int streamId) {
        IceStream s = stream(streamId);
        s.remoteEnd = true;
        selection.update(now, s);
    }

    private void pairUp(long now, IceStream s, Candidate c, Side side) {
        if (config.lite()) {
            return; // §2.5: a lite agent keeps no checklist
        }
        List<CandidatePair> added = s.formPairs(c, side, roles.role(), config.maxPairs());
        s.reportDropped(events);
        if (c.transport() == io.icelab.stun.Transport.TCP) {
            relays.permitTcpPeers(now, s);
        }
        for (CandidatePair p : added) {
            events.add(new IceEvent.PairStateChanged(s.id, p.named(), p.state));
            relays.paired(now, p);
        }
        if (!added.isEmpty()) {
            pacing.wake(now);
        }
    }

    /**
     * Sends application data on the selected pair; false when there is none, consent was lost, or another
     * component of the stream failed (RFC 8445 §12.1).
     *
     * @param streamId the stream
     * @param component the component, 1 for the first
     * @param data the payload (copied)
     * @return whether it was queued for sending
     */
    public boolean send(int streamId, int component, byte[] data) {
        CandidatePair p = stream(streamId).sendingPair(component, config);
        if (p == null) {
            return false;
        }
        transmits.add(new Datagram(p.local.transport(), p.base(), p.remote.address(), Bytes.wrap(data.clone())));
        return true;
    }

    /**
     * The selected pair of a component.
     *
     * @param streamId the stream
     * @param component the component, 1 for the first
     * @return its local and remote candidates, or null before one is selected
     */
    public Candidate[] selectedPair(int streamId, int component) {
        CandidatePair p = stream(streamId).at(component - 1).selected;
        return p == null ? null : new Candidate[] {p.local, p.remote};
    }

    /**
     * A component's state, as {@link IceEvent.ComponentStateChanged} last reported it.
     *
     * @param streamId the stream
     * @param component the component, 1 for the first
     * @return its state
     */
    public ComponentState componentState(int streamId, int component) {
        return stream(streamId).at(component - 1).state;
    }

    /**
     * RFC 8445 §9: new local credentials and fresh checklists; media keeps flowing on the old selected
     * pairs until new ones are selected. The application signals the new ufrag/pwd and candidates.
     *
     * @param now the current time in nanoseconds
     */
    public void restart(long now) {
        credentials.restart(random);
        for (IceStream s : streams) {
            s.restart();
        }
        stun.forget(p -> p instanceof Pending.Check || p instanceof Pending.Gather);
        gathering.clear();
        // Gather afresh: after a network change (the usual reason for a restart) old candidates are stale.
        gather(now);
    }



    /**
     * Ends the ICE session: TURN allocations are deleted (RFC 8656 §8, LIFETIME 0) and no more checks,
     * consent checks or keepalives are started. Datagrams still queued may be polled and sent.
     *
     * @param now the current time in nanoseconds
     */
    public void close(long now) {
        relays.close(now);
        for (IceStream s : streams) {
            s.close();
        }
        stun.cancel(p -> true);
        gathering.clear();
        closed = true;
    }

    /**
     * Non-STUN datagrams dropped because they did not come over a validated pair.
     *
     * @return how many so far
     */
    public long droppedData() {
        return droppedData;
    }

    // ---------------------------------------------------------------- sans-IO verbs

    /**
     * A TCP connection of the agent's changed: one to a TURN server reached over TCP or TLS tells its client.
     *
     * @param now the current time in nanoseconds
     * @param e which connection, and what became of it
     */
    @Override
    public void handleConnection(long now, io.icelab.stun.ConnectionEvent e) {
        relays.connection(now, e);
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        if (relays.fromServer(now, d)) {
            return;
        }
        Bytes p = d.payload();
        if (p.length() > 0 && PacketKind.classify((byte) p.get(0)) == PacketKind.STUN) {
            StunMessage m;
            try {
                m = StunDecoder.decode(p);
            } catch (StunDecodeException e) {
                return;
            }
            if (m.isResponse()) {
                stun.handleDecoded(now, d, m);
                drainClient(now);
            } else if (m.isRequest() && m.method().equals(Method.BINDING)) {
                incoming.onRequest(now, d, m);
            }
            return;
        }
        for (IceStream s : streams) {
            int c = s.dataComponent(d);
            if (c > 0) {
                events.add(new IceEvent.DataReceived(s.id, c, p));
                return;
            }
        }
        droppedData++;
    }

    @Override
    public Datagram pollTransmit(long now) {
        while (true) {
            Datagram d = transmits.poll();
            if (d == null) {
                d = stun.pollTransmit(now);
                if (d == null) {
                    d = relays.pollTransmit(now);
                    if (d != null) {
                        leaving(now);
                    }
                    return d;
                }
                leaving(now);
            }
            if (!relays.isRelayed(d.local())) {
                return d;
            }
            relays.send(now, d); // from a relayed candidate: through the TURN server
        }
    }

    /** §14.2: a request leaves; if it is the paced transaction started last, its slot counts from now. */
    private void leaving(long now) {
        if (pacedSendPending) {
            pacedSendPending = false;
            pacing.sent(now);
        }
    }

    @Override
    public long pollTimeout() {
        long t = Math.min(Math.min(stun.pollTimeout(), pacing.nextAt()), relays.pollTimeout());
        for (IceStream s : streams) {
            for (int c = 0; c < s.components; c++) {
                t = Math.min(t, Math.min(consent.deadline(s.at(c)), selection.nominationDeadline(s, c)));
            }
        }
        return t;
    }

    @Override
    public void handleTimeout(long now) {
        stun.handleTimeout(now);
        drainClient(now);
        relays.handleTimeout(now);
        if (pacing.due(now)) {
            // RFC 8445 §14.1: gathering and checks share one pace, a new transaction every Ta.
            if (gathering.startNext(now) || checks.sendNext(now)) {
                pacing.used(now);
                pacedSendPending = true;
            } else {
                pacing.idle();
            }
        }
        if (closed) {
            return;
        }
        for (IceStream s : streams) {
            consent.run(now, s);
            selection.update(now, s);
        }
    }

    @Override
    public IceEvent pollEvent() {
        return events.poll();
    }

    private void drainClient(long now) {
        stun.drain((what, e) -> {
            if (what instanceof Pending.Gather g) {
                gathering.onBinding(now, g.binding(), e);
            } else if (what instanceof Pending.Check c) {
                checks.onResult(now, c, e);
            } else if (what instanceof Pending.Consent c) {
                consent.onResult(now, c.stream(), c.pair(), e);
            }
        });
    }
}
