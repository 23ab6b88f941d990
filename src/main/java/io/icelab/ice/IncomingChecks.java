package io.icelab.ice;

import io.icelab.stun.AttributeType;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.MessageClass;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.StunWriter;
import io.icelab.stun.Transport;
import java.util.Collection;
import java.util.List;
import java.util.Queue;

/**
 * RFC 8445 §7.3: answering the peer's connectivity checks — authentication, role conflicts
 * (§7.3.1.1), peer-reflexive remote candidates (§7.3.1.3), triggered checks (§7.3.1.4) and
 * nomination by the peer (§7.3.1.5), and the lite agent's selection (§2.5).
 */
final class IncomingChecks {
    private final IceConfig config;
    private final List<IceStream> streams;
    private final Roles roles;
    private final LocalCredentials credentials;
    private final Integrity integrity;
    private final OutgoingChecks checks;
    private final Selection selection;
    private final Queue<Datagram> transmits;
    private final Collection<IceEvent> events;
    private final StunWriter writer = new StunWriter();

    IncomingChecks(IceConfig config, List<IceStream> streams, Roles roles, LocalCredentials credentials,
            Integrity integrity, OutgoingChecks checks, Selection selection, Queue<Datagram> transmits,
            Collection<IceEvent> events) {
        this.config = config;
        this.streams = streams;
        this.roles = roles;
        this.credentials = credentials;
        this.integrity = integrity;
        this.checks = checks;
        this.selection = selection;
        this.transmits = transmits;
        this.events = events;
    }


    void onRequest(long now, Datagram d, StunMessage m) {
        IceStream s = null;
        int component = 0;
        for (IceStream x : streams) {
            component = x.componentOfBase(d.transport(), d.local());
            if (component > 0) {
                s = x;
                break;
            }
        }
        if (s == null) {
            return;
        }
        CandidatePair lost = s.at(component - 1).consentLost && !s.at(component - 1).restarted ? s.at(component - 1).selected : null;
        if (lost != null && lost.local.base().equals(d.local()) && lost.remote.address().equals(d.remote())) {
            return; // RFC 7675 §5.1: after consent is lost these credentials are not used on this 5-tuple again
        }
        IceAttribute.Priority prio = answer(d, m);
        if (prio == null) {
            return;
        }
        boolean useCandidate = m.has(IceAttribute.UseCandidate.class);
        Candidate remote = remoteCandidate(s, component, d, prio);
        if (config.lite()) {
            liteNomination(now, s, component, d, remote, useCandidate);
            return;
        }
        triggered(now, s, d, useCandidate);
    }

    /**
     * §7.3.1.1-§7.3.1.2: authenticates the check and answers it (a success with XOR-MAPPED-ADDRESS, or 400, 401,
     * 487); the check's PRIORITY when it was answered with a success, else null.
     */
    private IceAttribute.Priority answer(Datagram d, StunMessage m) {
        String password = authenticate(m);
        if (password == null) {
            respondError(d, m, m.has(CoreAttribute.Username.class) ? 401 : 400, "Unauthorized", null);
            return null;
        }
        IceAttribute.Priority prio = m.attribute(IceAttribute.Priority.class);
        IceAttribute.IceControlling controlling = m.attribute(IceAttribute.IceControlling.class);
        IceAttribute.IceControlled controlled = m.attribute(IceAttribute.IceControlled.class);
        if (prio == null || (controlling == null) == (controlled == null)) {
            respondError(d, m, 400, "Bad Request: PRIORITY and one of ICE-CONTROLLING/ICE-CONTROLLED", password);
            return null;
        }
        if (prio.priority() == 0) {
            // §5.1.2: a priority is a positive integer; 0 cannot be a peer-reflexive candidate's (found by fuzzing)
            respondError(d, m, 400, "Bad Request: PRIORITY 0", password);
            return null;
        }
        // §7.3.1.1 role conflict
        switch (roles.onRequest(controlling, controlled)) {
            case ANSWER_487 -> {
                respondError(d, m, 487, "Role Conflict", password);
                return null;
            }
            case SWITCH_TO_CONTROLLED -> roles.change(Role.CONTROLLED, "peer is controlling with a larger tie-breaker");
            case SWITCH_TO_CONTROLLING -> roles.change(Role.CONTROLLING, "peer is controlled with a smaller tie-breaker");
            case NONE -> {
                // no conflict
            }
        }
        byte[] out = writer.startResponse(m, MessageClass.SUCCESS_RESPONSE)
                .xorAddress(AttributeType.XOR_MAPPED_ADDRESS, d.remote())
                .integrity(integrity, key(password)).fingerprint().toArray();
        transmits.add(new Datagram(d.transport(), d.local(), d.remote(), Bytes.wrap(out)));
        return prio;
    }

    /** §7.3.1.3: the check's source as a remote candidate; an unknown one is learnt as peer-reflexive. */
    private Candidate remoteCandidate(IceStream s, int component, Datagram d, IceAttribute.Priority prio) {
        Candidate remote = s.remoteWithAddress(d.transport(), component, d.remote());
        if (remote != null) {
            return remote;
        }
        remote = d.transport() == Transport.TCP
                // RFC 6544 §7.2.1: a check that arrives over TCP comes from the peer's active candidate
                ? new Candidate("p" + (s.remote.size() + 1), component, Transport.TCP, prio.priority(), d.remote(),
                        CandidateType.PEER_REFLEXIVE, d.remote(), null, TcpType.ACTIVE.sdpName())
                : Candidate.remote("p" + (s.remote.size() + 1), component, prio.priority(), d.remote(),
                        CandidateType.PEER_REFLEXIVE, null);
        s.remote.add(remote);
        if (!config.lite()) {
            for (CandidatePair p : s.formPairs(remote, Side.REMOTE, roles.role(), config.maxPairs())) {
                events.add(new IceEvent.PairStateChanged(s.id, p.named(), p.state));
            }
            s.reportDropped(events);
        }
        return remote;
    }

    /** §2.5: a lite agent selects the pair the controlling peer nominates. */
    private void liteNomination(long now, IceStream s, int component, Datagram d, Candidate remote,
            boolean useCandidate) {
        if (!useCandidate) {
            return;
        }
        Candidate local = s.localFor(d.transport(), component, d.local(), remote);
        if (local != null) {
            CandidatePair p = new CandidatePair(local, remote, roles.role());
            p.state = PairState.SUCCEEDED;
            p.valid = true;
            s.valid.add(p);
            selection.nominate(now, s, p);
        }
    }

    /** §7.3.1.4 triggered checks and §7.3.1.5 nomination on the controlled side. */
    private void triggered(long now, IceStream s, Datagram d, boolean useCandidate) {
        CandidatePair p = s.pair(d.transport(), d.local(), d.remote());
        int component = s.componentOfBase(d.transport(), d.local());
        if (p == null && !s.nominated(component)) {
            // §7.3.1.4: a pair not on the checklist (a full list dropped it, RFC 8838 §10) is inserted Waiting and
            // checked from the triggered queue, a Failed or lower-priority pair making room for it
            Candidate remote = s.remoteWithAddress(d.transport(), component, d.remote());
            Candidate local = s.localFor(d.transport(), component, d.local(), remote);
            if (local != null && remote != null) {
                p = s.insertWithRoom(local, remote, roles.role(), config.maxPairs());
                s.reportDropped(events);
                if (p != null) {
                    events.add(new IceEvent.PairStateChanged(s.id, p.named(), p.state));
                }
            }
        }
        if (p == null) {
            // §8.1.2: after nomination the component's pairs left the checklist; a later nomination of a
            // valid pair still counts (the controlling agent decides), but no check is triggered
            if (useCandidate && !roles.controlling()) {
                CandidatePair v = s.validPair(d.transport(), d.local(), d.remote());
                if (v != null) {
                    v.nominatedByPeer = true;
                    selection.nominate(now, s, v);
                } else {
                    renominated(now, s, d);
                }
            }
            return;
        }
        if (useCandidate && !roles.controlling()) {
            p.nominatedByPeer = true;
            CandidatePair v = s.validPair(d.transport(), d.local(), d.remote());
            if (v != null) {
                v.nominatedByPeer = true;
            }
            if (p.state == PairState.SUCCEEDED && v != null) {
                selection.nominate(now, s, v);
                return;
            }
        }
        if (p.state == PairState.IN_PROGRESS) {
            checks.retrigger(now, s, p);
        } else if (p.state == PairState.WAITING || p.state == PairState.FROZEN || p.state == PairState.FAILED) {
            checks.trigger(now, s, p);
        }
    }

    /**
     * §7.3.1.5: the controlling agent nominates a pair this agent has not validated (it renominates after
     * §8.1.2 emptied the checklist): the pair is checked now and selected when its check succeeds.
     */
    private void renominated(long now, IceStream s, Datagram d) {
        int component = s.componentOfBase(d.transport(), d.local());
        Candidate remote = s.remoteWithAddress(d.transport(), component, d.remote());
        Candidate local = s.localFor(d.transport(), component, d.local(), remote);
        if (local == null || remote == null || s.checklist.size() >= config.maxPairs()) {
            return; // the pair limit (§6.1.2.5) holds here too: formPairs is bypassed
        }
        CandidatePair p = new CandidatePair(local, remote, roles.role());
        p.nominatedByPeer = true;
        p.state = PairState.WAITING;
        s.insert(p);
        checks.trigger(now, s, p);
    }

    /** The password the request's MESSAGE-INTEGRITY verifies with (current or pre-restart), or null. */
    private String authenticate(StunMessage m) {
        CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
        if (u == null || !m.has(CoreAttribute.MessageIntegrity.class)) {
            return null;
        }
        for (String password : credentials.passwordsFor(u.text())) {
            if (integrity.verify(m, key(password)) == Integrity.Status.VALID) {
                return password;
            }
        }
        return null;
    }

    private byte[] key(String password) {
        return credentials.key(password);
    }

    private void respondError(Datagram d, StunMessage m, int code, String reason, String password) {
        StunMessageBuilder b = StunMessageBuilder.errorFor(m, code, reason);
        if (password != null) {
            b.integrity(key(password));
        }
        transmits.add(new Datagram(d.transport(), d.local(), d.remote(),
                Bytes.wrap(b.fingerprint().encode(integrity))));
    }
}
