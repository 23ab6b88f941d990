package io.icelab.ice;

import io.icelab.stun.Datagram;
import io.icelab.stun.Transport;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One data stream: its components' bases, candidates, checklist (RFC 8445 §6.1.2) and selection. */
final class IceStream {
    final int id;
    final int components;
    final List<List<InetSocketAddress>> bases;
    /** Relayed addresses (which are their own bases) and their components. */
    final java.util.Map<InetSocketAddress, Integer> relayBases = new java.util.LinkedHashMap<>();
    /** The bases of TCP host candidates (RFC 6544) and their components. */
    final java.util.Map<InetSocketAddress, Integer> tcpBases = new java.util.LinkedHashMap<>();
    final List<Candidate> local = new ArrayList<>();
    final List<Candidate> remote = new ArrayList<>();
    final List<CandidatePair> checklist = new ArrayList<>();
    final List<CandidatePair> valid = new ArrayList<>();
    final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
    private final Component[] parts;
    String remoteUfrag;
    String remotePwd;
    boolean remoteLite;
    boolean remoteEnd;
    boolean gatheringComplete;
    int pendingGathers;

    IceStream(int id, List<List<InetSocketAddress>> bases) {
        this.id = id;
        this.components = bases.size();
        this.bases = List.copyOf(bases);
        parts = new Component[components];
        for (int c = 0; c < components; c++) {
            parts[c] = new Component(id, c + 1);
        }
    }

    /** Component {@code index + 1} (0-based, as loops over the components count). */
    Component at(int index) {
        return parts[index];
    }

    /** The one place a pair's state changes; a change is reported as {@link IceEvent.PairStateChanged}. */
    void setState(CandidatePair p, PairState st, Collection<IceEvent> events) {
        if (p.state != st) {
            p.state = st;
            events.add(new IceEvent.PairStateChanged(id, p.named(), st));
        }
    }

    /**
     * A signalled remote candidate: true when its address is new (it is to be paired); one learnt as peer-reflexive
     * (§7.3.1.3) is replaced by it, keeping its pairs.
     */
    boolean addRemote(Candidate c, Role role) {
        Candidate known = remoteWithAddress(c.transport(), c.component(), c.address());
        if (known == null) {
            remote.add(c);
            return true;
        }
        if (known.type() == CandidateType.PEER_REFLEXIVE && c.type() != CandidateType.PEER_REFLEXIVE) {
            replace(known, c, Side.REMOTE, role);
        }
        return false;
    }

    /** RFC 8838 §10: tells the application which pairs a full checklist gave up. */
    void reportDropped(Collection<IceEvent> events) {
        for (CandidatePair p : dropped) {
            events.add(new IceEvent.PairDropped(id, p.named(), p.state, p.priority));
        }
        dropped.clear();
    }

    /**
     * RFC 8445 §9: the peer's credentials and candidates, the checklist and the local candidates are forgotten;
     * selected pairs stay (media keeps flowing) until the new generation nominates.
     */
    void restart() {
        remote.clear();
        checklist.clear();
        valid.clear();
        triggered.clear();
        remoteUfrag = null;
        remotePwd = null;
        remoteEnd = false;
        for (Component k : parts) {
            k.firstValidAt = -1;
            k.restarted = true;
        }
        local.clear();
        gatheringComplete = false;
        pendingGathers = 0;
    }

    /** The session ends: no more checks, and no consent (so no sending) on any component. */
    void close() {
        checklist.clear();
        triggered.clear();
        for (Component k : parts) {
            k.nextConsent = Long.MAX_VALUE;
            k.consentLost = true;
        }
    }

    /**
     * The component a non-STUN datagram belongs to when it came over a valid or the selected pair (RFC 8445
     * §12.2), else 0.
     */
    int dataComponent(Datagram d) {
        int c = componentOfBase(d.transport(), d.local());
        if (c == 0) {
            return 0;
        }
        CandidatePair sel = at(c - 1).selected;
        boolean selected = sel != null && sel.sameEndpoints(d.transport(), d.local(), d.remote());
        return validPair(d.transport(), d.local(), d.remote()) != null || selected ? c : 0;
    }

    /**
     * The pair data of the component goes on (RFC 8445 §12.1): its selected pair, unless consent was lost, another
     * component failed or — for a lite agent (§12.1.1) — not every component has a selected pair yet; else null.
     */
    CandidatePair sendingPair(int component, IceConfig config) {
        CandidatePair p = at(component - 1).selected;
        if (p == null || at(component - 1).consentLost) {
            return null;
        }
        for (Component k : parts) {
            if (k.state == ComponentState.FAILED || config.lite() && k.selected == null) {
                return null;
            }
        }
        return p;
    }

    /** The component has its nominated pair of the current ICE generation (not one kept over a restart). */
    boolean nominated(int component) {
        return at(component - 1).selected != null && !at(component - 1).restarted;
    }

    boolean hasRemoteCredentials() {
        return remoteUfrag != null && remotePwd != null;
    }

    Candidate localWithAddress(Transport transport, int component, InetSocketAddress address) {
        for (Candidate c : local) {
            if (c.transport() == transport && c.component() == component && c.address().equals(address)) {
                return c;
            }
        }
        return null;
    }

    /** RFC 6544: the local candidate at that address with that tcptype (a passive and an S-O one share a base). */
    Candidate localWithAddress(Transport transport, int component, InetSocketAddress address, String tcpType) {
        for (Candidate c : local) {
            if (c.transport() == transport && c.component() == component && c.address().equals(address)
                    && java.util.Objects.equals(c.tcpType(), tcpType)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The local candidate on {@code base} a check with {@code remote} belongs to: over TCP the one whose direction
     * pairs with the remote's (RFC 6544 §6.2: passive for an active remote, S-O for an S-O one).
     */
    Candidate localFor(Transport transport, int component, InetSocketAddress base, Candidate remote) {
        if (transport != Transport.TCP || remote == null) {
            return localWithAddress(transport, component, base);
        }
        TcpType r = TcpType.parse(remote.tcpType());
        for (Candidate c : local) {
            TcpType l = TcpType.parse(c.tcpType());
            if (c.transport() == transport && c.component() == component && c.address().equals(base)
                    && l != null && r != null && l.pairsWith(r)) {
                return c;
            }
        }
        return null;
    }

    Candidate remoteWithAddress(Transport transport, int component, InetSocketAddress address) {
        for (Candidate c : remote) {
            if (c.transport() == transport && c.component() == component && c.address().equals(address)) {
                return c;
            }
        }
        return null;
    }

    /** The component of a local base address over this transport, or 0 when it is not ours. */
    int componentOfBase(Transport transport, InetSocketAddress base) {
        if (transport == Transport.TCP) {
            return tcpBases.getOrDefault(base, 0);
        }
        Integer relayed = relayBases.get(base);
        if (relayed != null) {
            return relayed;
        }
        for (int i = 0; i < bases.size(); i++) {
            if (bases.get(i).contains(base)) {
                return i + 1;
            }
        }
        return 0;
    }

    CandidatePair pair(Transport transport, InetSocketAddress base, InetSocketAddress remoteAddress) {
        for (CandidatePair p : checklist) {
            if (p.sameEndpoints(transport, base, remoteAddress)) {
                return p;
            }
        }
        return null;
    }

    CandidatePair validPair(Transport transport, InetSocketAddress base, InetSocketAddress remoteAddress) {
        for (CandidatePair p : valid) {
            if (p.sameEndpoints(transport, base, remoteAddress)) {
                return p;
            }
        }
        return null;
    }

    /**
     * RFC 8445 §6.1.2.2-§6.1.2.5: pairs a new candidate with the other side's of the same component and
     * family; a server-reflexive local candidate is replaced by its base (pruning), duplicates dropped,
     * and the list kept within {@code maxPairs} by dropping Failed pairs first, then the lowest-priority pairs
     * still to check (RFC 8838 §10).
     * Returns the pairs added.
     */
    List<CandidatePair> formPairs(Candidate added, Side side, Role role, int maxPairs) {
        List<CandidatePair> out = new ArrayList<>();
        if (nominated(added.component())) {
            return out; // RFC 8445 §8.1.2: a nominated component's checklist is done until a restart
        }
        boolean isLocal = side == Side.LOCAL;
        for (Candidate other : isLocal ? remote : local) {
            Candidate l = isLocal ? added : other;
            Candidate r = isLocal ? other : added;
            if (l.component() != r.component() || l.transport() != r.transport()
                    || (l.address().getAddress() instanceof Inet6Address) != (r.address().getAddress() instanceof Inet6Address)
                    || !tcpTypesPair(l, r)) {
                continue;
            }
            if (l.type() == CandidateType.SERVER_REFLEXIVE || l.type() == CandidateType.PEER_REFLEXIVE) {
                Candidate host = localWithAddress(l.transport(), l.component(), l.base(), l.tcpType());
                if (host == null) {
                    continue;
                }
                l = host;
            }
            if (pair(l.transport(), l.base(), r.address()) != null) {
                continue;
            }
            CandidatePair p = new CandidatePair(l, r, role);
            p.state = foundationActive(p.foundation()) ? PairState.FROZEN : PairState.WAITING;
            insert(p);
            out.add(p);
        }
        while (checklist.size() > maxPairs) {
            CandidatePair drop = toDrop(Long.MAX_VALUE);
            if (drop == null) {
                break;
            }
            drop(drop);
            out.remove(drop);
        }
        return out;
    }

    /** RFC 6544 §6.2: a TCP pair needs directions that make a connection (UDP pairs always qualify). */
    private static boolean tcpTypesPair(Candidate local, Candidate remote) {
        if (local.transport() != Transport.TCP) {
            return true;
        }
        TcpType l = TcpType.parse(local.tcpType());
        TcpType r = TcpType.parse(remote.tcpType());
        return l != null && r != null && l.pairsWith(r);
    }

    /** Pairs dropped to keep the checklist within its limit, for the agent to report (RFC 8838 §10). */
    final List<CandidatePair> dropped = new ArrayList<>();

    /**
     * RFC 8445 §7.3.1.4 with RFC 8838 §10: puts the pair a check arrived on into the checklist, Waiting, making
     * room when it is full (a Failed pair first, else a lower-priority one still to check); null when nothing can
     * go (every pair is being checked or succeeded).
     */
    CandidatePair insertWithRoom(Candidate local, Candidate remote, Role role, int maxPairs) {
        CandidatePair p = new CandidatePair(local, remote, role);
        if (checklist.size() >= maxPairs) {
            CandidatePair drop = toDrop(p.priority);
            if (drop == null) {
                return null;
            }
            drop(drop);
        }
        p.state = PairState.WAITING;
        insert(p);
        return p;
    }

    /**
     * RFC 8838 §10/§11: the pair to drop to make room: the lowest-priority Failed pair, else the lowest-priority
     * one still to check if its priority is at most {@code atMost}; null when none may go.
     */
    private CandidatePair toDrop(long atMost) {
        CandidatePair drop = lowest(PairState.FAILED);
        if (drop == null) {
            drop = lowest(PairState.FROZEN, PairState.WAITING);
            if (drop != null && drop.priority > atMost) {
                drop = null;
            }
        }
        return drop;
    }

    /** Takes {@code p} out of the checklist and the triggered-check queue, for the agent to report. */
    private void drop(CandidatePair p) {
        checklist.remove(p);
        triggered.remove(p);
        dropped.add(p);
    }

    private CandidatePair lowest(PairState... states) {
        CandidatePair lowest = null;
        for (CandidatePair p : checklist) {
            if (java.util.Arrays.asList(states).contains(p.state) && (lowest == null || p.priority < lowest.priority)) {
                lowest = p;
            }
        }
        return lowest;
    }

    /**
     * §6.1.2.6: a pair starts Waiting unless a pair of the same foundation is already Waiting or In-Progress; a pair
     * that is never checked from this side (a passive TCP candidate's with a signalled active one, RFC 6544 §7.1)
     * holds no foundation back, or the active pair sharing its foundation would wait frozen behind it.
     */
    private boolean foundationActive(String foundation) {
        for (CandidatePair p : checklist) {
            if (p.foundation().equals(foundation) && !p.waitsForPeer()
                    && (p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS)) {
                return true;
            }
        }
        return false;
    }

    void insert(CandidatePair p) {
        int i = 0;
        while (i < checklist.size() && checklist.get(i).priority >= p.priority) {
            i++;
        }
        checklist.add(i, p);
    }

    /**
     * A signalled (or gathered) candidate arrives for an address first learned as peer-reflexive:
     * the signalled one takes its place in the lists and in every pair, which keep their state.
     */
    void replace(Candidate old, Candidate now, Side side, Role role) {
        boolean isLocal = side == Side.LOCAL;
        List<Candidate> list = isLocal ? local : remote;
        list.set(list.indexOf(old), now);
        for (List<CandidatePair> pairs : List.of(checklist, valid)) {
            for (CandidatePair p : pairs) {
                if (isLocal && p.local == old) {
                    p.local = now;
                } else if (!isLocal && p.remote == old) {
                    p.remote = now;
                }
            }
        }
        recompute(role);
    }

    /** §7.3.1.1 / §7.2.5.1: after a role change every pair priority is recomputed and the list re-sorted. */
    void recompute(Role role) {
        List<CandidatePair> all = new ArrayList<>(checklist);
        checklist.clear();
        for (CandidatePair p : all) {
            p.recompute(role);
            insert(p);
        }
        for (CandidatePair p : valid) {
            p.recompute(role);
        }
    }

    /** §7.2.5.3.3: a success unfreezes the pairs of the same foundation; returns them (now Waiting). */
    List<CandidatePair> unfreeze(String foundation) {
        List<CandidatePair> out = new ArrayList<>();
        for (CandidatePair p : checklist) {
            if (p.state == PairState.FROZEN && p.foundation().equals(foundation)) {
                p.state = PairState.WAITING;
                out.add(p);
            }
        }
        return out;
    }

    /** The best valid pair of a component, or null. */
    CandidatePair bestValid(int component) {
        CandidatePair best = null;
        for (CandidatePair p : valid) {
            if (p.component() == component && (best == null || p.priority > best.priority)) {
                best = p;
            }
        }
        return best;
    }

    /** True while a pair better than {@code priority} may still succeed for this component. */
    boolean betterPending(int component, long priority) {
        for (CandidatePair p : checklist) {
            if (p.component() == component && p.priority > priority
                    && (p.state == PairState.WAITING || p.state == PairState.FROZEN || p.state == PairState.IN_PROGRESS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * §6.1.2.1: every pair of the component failed, or it has none and no valid pair either (a full checklist
     * left it none, RFC 8838 §10): it cannot produce a selected pair.
     */
    boolean allFailed(int component) {
        for (CandidatePair p : checklist) {
            if (p.component() == component && p.state != PairState.FAILED) {
                return false;
            }
        }
        for (CandidatePair p : valid) {
            if (p.component() == component) {
                return false;
            }
        }
        return true;
    }
}
