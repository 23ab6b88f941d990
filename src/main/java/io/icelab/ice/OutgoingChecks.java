package io.icelab.ice;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.RetransmitSchedule;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * RFC 8445 §6.1.4.2 and §7.2.4–§7.2.5: which check goes in the next Ta slot (a triggered one, else the best
 * Waiting pair, else a Frozen one), the Binding request it sends, and what its result does to the pair: a 487
 * switches the role (§7.2.5.1), a success makes a valid pair (with a peer-reflexive local candidate when the
 * mapped address is new, §7.2.5.3.1) and unfreezes its foundation, and a nominating success selects it.
 */
final class OutgoingChecks {
    private final IceConfig config;
    private final List<IceStream> streams;
    private final Transactions<Pending> stun;
    private final Roles roles;
    private final LocalCredentials credentials;
    private final CheckPacing pacing;
    private final Selection selection;
    private final Function<InetSocketAddress, String> prflxFoundation;
    private final Collection<IceEvent> events;
    /** Opens a TCP connection from a base's own port (RFC 6544 simultaneous open); one already open stays. */
    private final java.util.function.BiConsumer<InetSocketAddress, InetSocketAddress> connectFrom;

    OutgoingChecks(IceConfig config, List<IceStream> streams, Transactions<Pending> stun, Roles roles,
            LocalCredentials credentials, CheckPacing pacing, Selection selection,
            Function<InetSocketAddress, String> prflxFoundation, Collection<IceEvent> events,
            java.util.function.BiConsumer<InetSocketAddress, InetSocketAddress> connectFrom) {
        this.connectFrom = connectFrom;
        this.config = config;
        this.streams = streams;
        this.stun = stun;
        this.roles = roles;
        this.credentials = credentials;
        this.pacing = pacing;
        this.selection = selection;
        this.prflxFoundation = prflxFoundation;
        this.events = events;
    }

    /** §6.1.4.2: one check per Ta: a triggered check first, else the best Waiting pair, else unfreeze one. */
    boolean sendNext(long now) {
        for (IceStream s : streams) {
            CandidatePair t = s.hasRemoteCredentials() ? s.triggered.poll() : null;
            if (t != null) {
                check(now, s, t);
                return true;
            }
        }
        return sendFirstIn(now, PairState.WAITING) || sendFirstIn(now, PairState.FROZEN);
    }

    private boolean sendFirstIn(long now, PairState state) {
        for (IceStream s : streams) {
            if (!s.hasRemoteCredentials()) {
                continue;
            }
            for (CandidatePair p : s.checklist) {
                if (p.state == state) {
                    check(now, s, p);
                    return true;
                }
            }
        }
        return false;
    }

    /** §7.2.4: the Binding request of a check, with PRIORITY, the role attribute and USE-CANDIDATE when nominating. */
    private void check(long now, IceStream s, CandidatePair p) {
        if (p.waitsForPeer()) {
            // RFC 6544 §7.1: a passive candidate opens no connection; its pairs are checked over the connections
            // the peer's active candidates open, which arrive as peer-reflexive remotes (§7.2.1). A signalled
            // active remote (port 9) is never connected from, so its pair has nothing to send on
            s.setState(p, PairState.FAILED, events);
            selection.update(now, s);
            return;
        }
        if (p.local.transport() == Transport.TCP && TcpType.SIMULTANEOUS_OPEN.sdpName().equals(p.local.tcpType())) {
            // RFC 6544 §7.1: both sides open toward each other from their S-O candidates' own ports (again after a
            // restart or a closed connection; while one is open the driver keeps it and says FAILED)
            connectFrom.accept(p.base(), p.remote.address());
        }
        boolean nominating = roles.controlling()
                && (p.nominating || (config.nomination() == IceConfig.Nomination.AGGRESSIVE && !s.remoteLite));
        long prflxPriority = Candidate.priority(CandidateType.PEER_REFLEXIVE, (int) (p.local.priority() >> 8 & 0xffff),
                p.component());
        List<StunAttribute> attrs = new ArrayList<>();
        attrs.add(new IceAttribute.Priority(prflxPriority));
        attrs.add(roles.attribute());
        if (nominating) {
            attrs.add(new IceAttribute.UseCandidate());
        }
        StunRequest req = new StunRequest(p.local.transport(), p.base(), p.remote.address(), Method.BINDING, attrs,
                credentials.outgoing(s), true);
        Pending.UseCandidate flag = nominating ? Pending.UseCandidate.PRESENT : Pending.UseCandidate.ABSENT;
        stun.send(now, req, RetransmitSchedule.DEFAULT.withRto(rto(s)),
                new Pending.Check(s, p, flag, prflxPriority, roles.role()));
        s.setState(p, PairState.IN_PROGRESS, events);
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

    /** §7.2.5: the result of a connectivity check. */
    void onResult(long now, Pending.Check c, StunClientEvent e) {
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
                onFailure(now, c, f); // §8.1.2, §7.3.1.4: the lack of an answer to a cancelled check is no failure
            }
            return;
        }
        StunClientEvent.Success ok = (StunClientEvent.Success) e;
        // §7.2.5.2.1: the response must come from where the request went, to where it came from
        if (!ok.source().equals(p.remote.address()) || !ok.local().equals(p.base())) {
            s.setState(p, PairState.FAILED, events);
            selection.update(now, s);
            return;
        }
        CandidatePair validPair = onSuccess(now, c, ok);
        // §7.2.5.3.4 / §8.1.2: nomination
        if (removed) {
            return;
        }
        if (c.nomination() == Pending.UseCandidate.PRESENT
                || (!roles.controlling() && (p.nominatedByPeer || validPair.nominatedByPeer))) {
            selection.nominate(now, s, validPair);
        }
        selection.update(now, s);
    }

    /** §7.2.5.2: a 487 switches the role and checks the pair again (§7.2.5.1); any other failure fails the pair. */
    private void onFailure(long now, Pending.Check c, StunClientEvent.Failure f) {
        IceStream s = c.stream();
        CandidatePair p = c.pair();
        if (f.errorCode() == 487) {
            // §7.2.5.1: switch away from the role the request carried (a crossing request may have
            // switched us already), then check the pair again
            roles.change(c.sentAs() == Role.CONTROLLING ? Role.CONTROLLED : Role.CONTROLLING, "487 Role Conflict");
            roles.redrawTieBreaker();
            s.setState(p, PairState.WAITING, events);
            s.triggered.add(p);
            pacing.wake(now);
        } else {
            s.setState(p, PairState.FAILED, events);
        }
        selection.update(now, s);
    }

    /**
     * §7.2.5.3: the pair succeeded; its foundation's Frozen pairs go to Waiting, and the valid pair (with a
     * peer-reflexive local candidate if the mapped address is new, §7.2.5.3.1) joins the valid list.
     */
    private CandidatePair onSuccess(long now, Pending.Check c, StunClientEvent.Success ok) {
        IceStream s = c.stream();
        CandidatePair p = c.pair();
        CoreAttribute.XorMappedAddress x = ok.response().attribute(CoreAttribute.XorMappedAddress.class);
        InetSocketAddress mapped = x == null ? p.base() : x.address();
        // RFC 6544 §7.2.2: over TCP the mapped address is the connection's (an active candidate's port is any
        // port), so the valid pair is the pair checked, and no peer-reflexive candidate is learnt
        Candidate local = p.local.transport() == Transport.TCP ? p.local
                : s.localWithAddress(p.local.transport(), p.component(), mapped);
        if (local == null) {
            // §7.2.5.3.1: a peer-reflexive local candidate, with the priority the request carried
            local = new Candidate(prflxFoundation.apply(p.base()), p.component(), Transport.UDP, c.prflxPriority(),
                    mapped, CandidateType.PEER_REFLEXIVE, p.base(), p.base(), null);
            s.local.add(local);
        }
        s.setState(p, PairState.SUCCEEDED, events);
        for (CandidatePair q : s.unfreeze(p.foundation())) {
            events.add(new IceEvent.PairStateChanged(s.id, q.named(), PairState.WAITING));
        }
        CandidatePair validPair = s.validPair(p.local.transport(), local.base(), p.remote.address());
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

    /**
     * §7.3.1.4: a check arrived on a pair whose own check is in progress: that transaction is cancelled (as
     * §8.1.2 defines it) and the pair goes back to Waiting in the triggered-check queue for a new one.
     */
    void retrigger(long now, IceStream s, CandidatePair p) {
        stun.stopRetransmitting(x -> x instanceof Pending.Check c && c.pair() == p);
        trigger(now, s, p);
    }

    /** §7.3.1.4: the pair goes Waiting into the triggered-check queue (once) and takes the next free Ta slot. */
    void trigger(long now, IceStream s, CandidatePair p) {
        s.setState(p, PairState.WAITING, events);
        if (!s.triggered.contains(p)) {
            s.triggered.add(p);
        }
        pacing.wake(now);
    }
}
