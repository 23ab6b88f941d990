package io.icelab.ice;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.Method;
import io.icelab.stun.PacketKind;
import io.icelab.stun.RetransmitSchedule;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunCredentials;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunRequest;
import io.icelab.stun.Transport;
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
    final IceConfig config;
    final RandomGenerator random;
    private final Transactions<Pending> stun;
    final Integrity integrity = new Integrity();
    final List<IceStream> streams = new ArrayList<>();
    final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    final ArrayDeque<IceEvent> events = new ArrayDeque<>();
    final Roles roles;
    final LocalCredentials credentials;
    private final CheckPacing pacing;
    private long droppedData;
    private boolean closed;

    /** Why a STUN transaction of ours is running. */
    private sealed interface Pending {
    }

    private record Gather(Gathering.Binding binding) implements Pending {
    }

    private record Check(IceStream stream, CandidatePair pair, boolean useCandidate, long prflxPriority, Role sentAs)
            implements Pending {
    }

    private record Consent(IceStream stream, CandidatePair pair) implements Pending {
    }


    private final IncomingChecks incoming = new IncomingChecks(this);
    private final Relays relays = new Relays(this);
    private final ConsentFreshness consentFreshness = new ConsentFreshness(this);
    private final Gathering gathering;
    private final Nomination nomination;

    /**
     * An agent with no streams yet; its ufrag, password and tie-breaker come from {@code random} (RFC 8445 §5.3,
     * §7.1.1).
     *
     * @param config roles, servers, timers and policies
     * @param random the source of every random choice (a {@code SecureRandom} on a real network, a seeded
     *     generator in tests and the simulator)
     */
    public IceAgent(IceConfig config, RandomGenerator random) {
        this.config = config;
        this.random = random;
        this.stun = new Transactions<>(new StunClient(random));
        this.roles = new Roles(config.role(), random);
        this.credentials = new LocalCredentials(random);
        this.pacing = new CheckPacing(config.taNanos());
        this.nomination = new Nomination(config, roles);
        this.gathering = new Gathering(config, new Gathering.Agent() {
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
                wakeChecks(now);
            }

            @Override
            public void sendBinding(long now, Gathering.Binding b) {
                stun.send(now, StunRequest.binding(b.base(), b.server()), new Gather(b));
            }
        }, relays, events);
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
            switchRole(Role.CONTROLLING, "the peer is ICE-lite");
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
        Candidate known = s.remoteWithAddress(c.component(), c.address());
        if (known != null) {
            if (known.type() == CandidateType.PEER_REFLEXIVE && c.type() != CandidateType.PEER_REFLEXIVE) {
                s.replace(known, c, Side.REMOTE, roles.role());
            }
            return;
        }
        s.remote.add(c);
        pairUp(now, s, c, Side.REMOTE);
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
        updateStates(now, s);
    }

    private void pairUp(long now, IceStream s, Candidate c, Side side) {
        if (config.lite()) {
            return; // §2.5: a lite agent keeps no checklist
        }
        List<CandidatePair> added = s.formPairs(c, side, roles.role(), config.maxPairs());
        reportDropped(s);
        for (CandidatePair p : added) {
            events.add(new IceEvent.PairStateChanged(s.id, p.named(), p.state));
            relays.paired(now, p);
        }
        if (!added.isEmpty()) {
            wakeChecks(now);
        }
    }

    /** RFC 8838 §10: tells the application which pairs a full checklist gave up. */
    void reportDropped(IceStream s) {
        for (CandidatePair p : s.dropped) {
            events.add(new IceEvent.PairDropped(s.id, p.named(), p.state, p.priority));
        }
        s.dropped.clear();
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
        IceStream s = stream(streamId);
        CandidatePair p = s.at(component - 1).selected;
        if (p == null || s.at(component - 1).consentLost) {
            return false;
        }
        for (int c = 0; c < s.components; c++) {
            if (s.at(c).state == ComponentState.FAILED || config.lite() && s.at(c).selected == null) {
                // §12.1: without a selected pair for every component, no data on any of them; §12.1.1: a lite
                // agent waits for a pair of every component before it sends at all
                return false;
            }
        }
        transmits.add(new Datagram(Transport.UDP, p.base(), p.remote.address(), Bytes.wrap(data.clone())));
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
            s.remote.clear();
            s.checklist.clear();
            s.valid.clear();
            s.triggered.clear();
            s.remoteUfrag = null;
            s.remotePwd = null;
            s.remoteEnd = false;
            for (int c = 0; c < s.components; c++) {
                s.at(c).firstValidAt = -1;
                s.at(c).restarted = true;
            }
            s.local.clear();
            s.gatheringComplete = false;
            s.pendingGathers = 0;
        }
        stun.forget(p -> p instanceof Check || p instanceof Gather);
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
            s.checklist.clear();
            s.triggered.clear();
            for (int c = 0; c < s.components; c++) {
                s.at(c).nextConsent = Long.MAX_VALUE;
                s.at(c).consentLost = true;
            }
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
            int c = s.componentOfBase(d.local());
            if (c > 0 && (s.validPair(d.local(), d.remote()) != null || isSelected(s, c, d))) {
                events.add(new IceEvent.DataReceived(s.id, c, p));
                return;
            }
        }
        droppedData++;
    }

    private static boolean isSelected(IceStream s, int c, Datagram d) {
        CandidatePair sel = s.at(c - 1).selected;
        return sel != null && sel.sameEndpoints(d.local(), d.remote());
    }

    @Override
    public Datagram pollTransmit(long now) {
        while (true) {
            Datagram d = transmits.poll();
            if (d == null) {
                d = stun.pollTransmit(now);
            }
            if (d == null) {
                return relays.pollTransmit(now);
            }
            if (!relays.isRelayed(d.local())) {
                return d;
            }
            relays.send(now, d); // from a relayed candidate: through the TURN server
        }
    }

    @Override
    public long pollTimeout() {
        long t = Math.min(Math.min(stun.pollTimeout(), pacing.nextAt()), relays.pollTimeout());
        for (IceStream s : streams) {
            for (int c = 0; c < s.components; c++) {
                if (!config.lite()) {
                    t = Math.min(t, s.at(c).nextConsent); // a lite agent runs no consent or keepalive timer (it spun on one)
                }
                if (s.at(c).selected != null && !s.at(c).consentLost && config.consent() && !config.lite()) {
                    t = Math.min(t, s.at(c).lastConsent + config.consentTimeoutNanos());
                }
                t = Math.min(t, nomination.deadline(s, c));
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
            if (gathering.startNext(now) || sendNextCheck(now)) {
                pacing.used(now);
            } else {
                pacing.idle();
            }
        }
        if (closed) {
            return;
        }
        for (IceStream s : streams) {
            consentFreshness.run(now, s);
            updateStates(now, s);
        }
    }

    @Override
    public IceEvent pollEvent() {
        return events.poll();
    }

    // ---------------------------------------------------------------- checks (RFC 8445 §6.1.4, §7.2)

    /** Checks (ordinary and triggered) are paced: at most one every Ta (§6.1.4.2, §14.2). */
    void wakeChecks(long now) {
        pacing.wake(now);
    }

    /** §6.1.4.2: one check per Ta: a triggered check first, else the best Waiting pair, else unfreeze one. */
    private boolean sendNextCheck(long now) {
        for (IceStream s : streams) {
            if (!s.hasRemoteCredentials()) {
                continue;
            }
            CandidatePair t = s.triggered.poll();
            if (t != null) {
                check(now, s, t);
                return true;
            }
        }
        for (IceStream s : streams) {
            if (!s.hasRemoteCredentials()) {
                continue;
            }
            for (CandidatePair p : s.checklist) {
                if (p.state == PairState.WAITING) {
                    check(now, s, p);
                    return true;
                }
            }
        }
        for (IceStream s : streams) {
            if (!s.hasRemoteCredentials()) {
                continue;
            }
            for (CandidatePair p : s.checklist) {
                if (p.state == PairState.FROZEN) {
                    check(now, s, p);
                    return true;
                }
            }
        }
        return false;
    }

    private void check(long now, IceStream s, CandidatePair p) {
        boolean useCandidate = roles.controlling()
                && (p.nominating || (config.nomination() == IceConfig.Nomination.AGGRESSIVE && !s.remoteLite));
        long prflxPriority = Candidate.priority(CandidateType.PEER_REFLEXIVE, (int) (p.local.priority() >> 8 & 0xffff),
                p.component());
        List<StunAttribute> attrs = new ArrayList<>();
        attrs.add(new IceAttribute.Priority(prflxPriority));
        attrs.add(roles.attribute());
        if (useCandidate) {
            attrs.add(new IceAttribute.UseCandidate());
        }
        StunRequest req = new StunRequest(Transport.UDP, p.base(), p.remote.address(), Method.BINDING, attrs,
                new StunCredentials.ShortTerm(s.remoteUfrag + ":" + credentials.ufrag(), s.remotePwd), true);
        stun.send(now, req, RetransmitSchedule.DEFAULT.withRto(rto(s)), new Check(s, p, useCandidate, prflxPriority,
                roles.role()));
        setState(s, p, PairState.IN_PROGRESS);
    }

    /** §14.3: the RTO counts the stream's Waiting and In-Progress pairs. */
    private long rto(IceStream s) {
        int n = 0;
        for (CandidatePair p : s.checklist) {
            if (p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS) {
                n++;
            }
        }
        return pacing.rto(n);
    }

    private void drainClient(long now) {
        stun.drain((what, e) -> {
            if (what instanceof Gather g) {
                gathering.onBinding(now, g.binding(), e);
            } else if (what instanceof Check c) {
                onCheckResult(now, c, e);
            } else if (what instanceof Consent c) {
                consentFreshness.onResult(now, c.stream(), c.pair(), e);
            }
        });
    }

    /** §7.2.5: the result of a connectivity check. */
    private void onCheckResult(long now, Check c, StunClientEvent e) {
        IceStream s = c.stream();
        CandidatePair p = c.pair();
        // §8.1.2: a check cancelled because its component was nominated still waits for its answer; a success
        // makes a valid pair (data may use it, §12.2) but nominates nothing
        boolean removed = !s.checklist.contains(p) && !s.valid.contains(p);
        if (removed && !(s.nominated(p.component()) && s.remote.contains(p.remote))) {
            return; // restarted meanwhile
        }
        if (e instanceof StunClientEvent.Failure f) {
            if (f.reason() != StunClientEvent.Failure.Reason.CANCELLED && !removed) {
                onCheckFailed(now, c, f); // §8.1.2, §7.3.1.4: the lack of an answer to a cancelled check is no failure
            }
            return;
        }
        StunClientEvent.Success ok = (StunClientEvent.Success) e;
        // §7.2.5.2.1: the response must come from where the request went, to where it came from
        if (!ok.source().equals(p.remote.address()) || !ok.local().equals(p.base())) {
            setState(s, p, PairState.FAILED);
            updateStates(now, s);
            return;
        }
        CandidatePair validPair = onCheckSucceeded(now, c, ok);
        // §7.2.5.3.4 / §8.1.2: nomination
        if (removed) {
            return;
        }
        if (c.useCandidate() || (!roles.controlling() && (p.nominatedByPeer || validPair.nominatedByPeer))) {
            nominate(now, s, validPair);
        }
        updateStates(now, s);
    }

    /** §7.2.5.2: a 487 switches the role and checks the pair again (§7.2.5.1); any other failure fails the pair. */
    private void onCheckFailed(long now, Check c, StunClientEvent.Failure f) {
        IceStream s = c.stream();
        CandidatePair p = c.pair();
        if (f.errorCode() == 487) {
            // §7.2.5.1: switch away from the role the request carried (a crossing request may have
            // switched us already), then check the pair again
            switchRole(c.sentAs() == Role.CONTROLLING ? Role.CONTROLLED : Role.CONTROLLING, "487 Role Conflict");
            roles.redrawTieBreaker(random);
            setState(s, p, PairState.WAITING);
            s.triggered.add(p);
            wakeChecks(now);
        } else {
            setState(s, p, PairState.FAILED);
        }
        updateStates(now, s);
    }

    /**
     * §7.2.5.3: the pair succeeded; its foundation's Frozen pairs go to Waiting, and the valid pair (with a
     * peer-reflexive local candidate if the mapped address is new, §7.2.5.3.1) joins the valid list.
     */
    private CandidatePair onCheckSucceeded(long now, Check c, StunClientEvent.Success ok) {
        IceStream s = c.stream();
        CandidatePair p = c.pair();
        CoreAttribute.XorMappedAddress x = ok.response().attribute(CoreAttribute.XorMappedAddress.class);
        InetSocketAddress mapped = x == null ? p.base() : x.address();
        Candidate local = s.localWithAddress(p.component(), mapped);
        if (local == null) {
            // §7.2.5.3.1: a peer-reflexive local candidate, with the priority the request carried
            local = new Candidate(gathering.prflxFoundation(p.base()), p.component(), Transport.UDP, c.prflxPriority(),
                    mapped, CandidateType.PEER_REFLEXIVE, p.base(), p.base(), null);
            s.local.add(local);
        }
        setState(s, p, PairState.SUCCEEDED);
        for (CandidatePair q : s.unfreeze(p.foundation())) {
            events.add(new IceEvent.PairStateChanged(s.id, q.named(), PairState.WAITING));
        }
        CandidatePair validPair = s.validPair(local.base(), p.remote.address());
        if (validPair == null || validPair.local != local) {
            validPair = local == p.local ? p : new CandidatePair(local, p.remote, roles.role());
            validPair.state = PairState.SUCCEEDED;
            validPair.valid = true;
            s.valid.add(validPair);
        }
        if (s.at(p.component() - 1).firstValidAt < 0) {
            s.at(p.component() - 1).firstValidAt = now;
        }
        return validPair;
    }

    void setState(IceStream s, CandidatePair p, PairState st) {
        if (p.state != st) {
            p.state = st;
            events.add(new IceEvent.PairStateChanged(s.id, p.named(), st));
        }
    }

    void switchRole(Role to, String why) {
        if (!roles.switchTo(to)) {
            return;
        }
        for (IceStream s : streams) {
            s.recompute(to);
        }
        events.add(new IceEvent.RoleChanged(to, why));
    }

    /** The pair becomes the component's selected pair (a later nomination replaces an earlier one). */
    void nominate(long now, IceStream s, CandidatePair p) {
        p.nominated = true;
        int c = p.component() - 1;
        CandidatePair old = s.at(c).selected;
        if (old != null && old.sameEndpoints(p.base(), p.remote.address()) && !s.at(c).consentLost && !s.at(c).restarted) {
            return;
        }
        boolean first = old == null || s.at(c).restarted;
        s.at(c).restarted = false;
        s.at(c).selected = p;
        if (first) {
            stopOtherChecks(s, p.component());
        }
        relays.selected(now, p);
        s.at(c).consentLost = false;
        s.at(c).lastConsent = now;
        s.at(c).nextConsent = config.consent() ? now + consentFreshness.interval() : Long.MAX_VALUE;
        events.add(new IceEvent.SelectedPairChanged(s.id, p.component(), p.local, p.remote));
        s.at(c).transition(ComponentState.CONNECTED, "pair " + p + " nominated", events);
        credentials.forgetPrevious();
    }

    /**
     * §8.1.2: once a component has a nominated pair, its other pairs leave the checklist and the triggered-check
     * queue, and their in-progress checks are cancelled: no retransmission, and no failure if no answer comes.
     * The valid list stays (data is accepted on any valid pair, §12.2) and checks are still answered.
     */
    private void stopOtherChecks(IceStream s, int component) {
        s.triggered.removeIf(q -> q.component() == component);
        s.checklist.removeIf(q -> q.component() == component);
        stopRetransmitting(c -> c.stream() == s && c.pair().component() == component);
    }

    /** Cancels the running checks {@code which} selects, as §8.1.2 defines cancelling. */
    private void stopRetransmitting(java.util.function.Predicate<Check> which) {
        stun.stopRetransmitting(p -> p instanceof Check c && which.test(c));
    }

    /**
     * §7.3.1.4: a check arrived on a pair whose own check is in progress: that transaction is cancelled (as
     * §8.1.2 defines it) and the pair goes back to Waiting in the triggered-check queue for a new one.
     */
    void retrigger(long now, IceStream s, CandidatePair p) {
        stopRetransmitting(c -> c.pair() == p);
        setState(s, p, PairState.WAITING);
        if (!s.triggered.contains(p)) {
            s.triggered.add(p);
        }
        wakeChecks(now);
    }

    /** Controlling side, regular nomination (§8.1.1), and failure detection (§6.1.2.1, RFC 8838 §8). */
    private void updateStates(long now, IceStream s) {
        for (int c = 1; c <= s.components; c++) {
            CandidatePair best = nomination.toNominate(now, s, c);
            if (best != null) {
                // §8.1.1: the nominating check goes first, from the triggered-check queue
                best.nominating = true;
                if (!s.checklist.contains(best)) {
                    s.insert(best);
                }
                s.triggered.add(best);
                wakeChecks(now);
            }
            if (!config.lite() && s.at(c - 1).selected == null && s.at(c - 1).state == ComponentState.CHECKING && s.allFailed(c)
                    && s.remoteEnd && s.gatheringComplete && s.triggered.isEmpty()) {
                s.at(c - 1).transition(ComponentState.FAILED, "every pair failed after end-of-candidates", events);
            }
        }
    }

    /** Sends an RFC 7675 consent check on a selected pair (a Binding request like a connectivity check). */
    void sendConsent(long now, IceStream s, CandidatePair p) {
        List<StunAttribute> attrs = List.of(new IceAttribute.Priority(p.local.priority()),
                roles.attribute());
        StunRequest req = new StunRequest(Transport.UDP, p.base(), p.remote.address(), Method.BINDING, attrs,
                new StunCredentials.ShortTerm(s.remoteUfrag + ":" + credentials.ufrag(), s.remotePwd), true);
        stun.send(now, req, new Consent(s, p));
    }

    /**
     * RFC 7675 §5.1: once consent is lost, the pair's credentials are not used on its 5-tuple again, so the
     * consent checks still outstanding are dropped: no retransmission and no result.
     */
    void dropConsentChecks(IceStream s, int component) {
        stun.cancel(p -> p instanceof Consent c && c.stream() == s && c.pair().component() == component);
    }

    /** A Binding indication on the pair (RFC 8445 §11): no answer expected. */
    void sendKeepalive(CandidatePair p) {
        byte[] b = io.icelab.stun.StunMessageBuilder.indication(Method.BINDING, io.icelab.stun.TransactionId.random(random))
                .fingerprint().encode();
        transmits.add(new Datagram(Transport.UDP, p.base(), p.remote.address(), Bytes.wrap(b)));
    }

    /** A TURN allocation succeeded (see {@link Gathering#relayGathered}). */
    void relayGathered(long now, IceStream s, int component, InetSocketAddress base, InetSocketAddress relayed,
            InetSocketAddress mapped, int server) {
        gathering.relayGathered(now, s, component, base, relayed, mapped, server);
    }

    /** A TURN allocation failed: one gathering transaction fewer. */
    void relayDone(IceStream s) {
        gathering.transactionDone(s);
    }
}
