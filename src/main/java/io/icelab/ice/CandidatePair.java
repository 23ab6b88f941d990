package io.icelab.ice;

import java.net.InetSocketAddress;

/** A pair on a checklist or the valid list (RFC 8445 §6.1.2), with its check and nomination state. */
final class CandidatePair {
    Candidate local;
    Candidate remote;
    long priority;
    PairState state = PairState.FROZEN;
    /** The controlled side received USE-CANDIDATE for this pair (§7.3.1.5). */
    boolean nominatedByPeer;
    /** The pair is nominated: selected for media. */
    boolean nominated;
    /** The controlling side is nominating it: the next check carries USE-CANDIDATE. */
    boolean nominating;
    /** A valid pair (§7.2.5.3.2). */
    boolean valid;
    long checkHandle = -1;

    CandidatePair(Candidate local, Candidate remote, Role role) {
        this.local = local;
        this.remote = remote;
        recompute(role);
    }

    void recompute(Role role) {
        priority = role == Role.CONTROLLING ? PairPriority.of(local.priority(), remote.priority())
                : PairPriority.of(remote.priority(), local.priority());
    }

    String foundation() {
        return local.foundation() + ":" + remote.foundation();
    }

    int component() {
        return local.component();
    }

    /**
     * RFC 6544 §7.1: a passive TCP candidate opens no connection, so its pair with a signalled (not peer-reflexive)
     * remote candidate is never checked from this side: it waits for the peer's active candidate to connect, which
     * arrives as a peer-reflexive remote of a pair of its own.
     */
    boolean waitsForPeer() {
        return local.transport() == io.icelab.stun.Transport.TCP && TcpType.PASSIVE.sdpName().equals(local.tcpType())
                && remote.type() != CandidateType.PEER_REFLEXIVE;
    }

    InetSocketAddress base() {
        return local.base();
    }

    /** Whether the pair joins these two addresses over this transport (a UDP and a TCP pair may share both). */
    boolean sameEndpoints(io.icelab.stun.Transport transport, InetSocketAddress base, InetSocketAddress remoteAddress) {
        return local.transport() == transport && local.base().equals(base) && remote.address().equals(remoteAddress);
    }

    @Override
    public String toString() {
        return named().toString();
    }

    /** The pair as events name it. */
    IceEvent.Pair named() {
        return new IceEvent.Pair(local, remote);
    }
}
