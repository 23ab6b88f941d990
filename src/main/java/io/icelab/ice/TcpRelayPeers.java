package io.icelab.ice;

import io.icelab.stun.Datagram;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 6544 §5.2 with RFC 6062 §4.3: the peers one relayed TCP candidate is connecting to. A check from the active
 * relayed candidate to a passive one needs a peer connection first: the TURN client sends Connect, and the check
 * waits here until the data connection is bound (the latest one per peer: a later check supersedes it, and TCP
 * does not lose what it then carries). A failed Connect drops it: the check fails by its own timeout (RFC 8489
 * §6.2.2's Ti), as any check over TCP does.
 */
final class TcpRelayPeers {
    /** Peers being connected to at once, per allocation: a Connect each (RFC 6062 allows 128 peer connections here). */
    static final int MAX_CONNECTING = 32;

    private final Map<InetSocketAddress, Datagram> waiting = new LinkedHashMap<>();

    /**
     * A datagram for a peer the relay has no connection to: held for it. Returns true when a Connect is to be sent
     * (the first datagram for that peer), false when one is under way already or too many are.
     */
    boolean hold(Datagram d) {
        boolean first = !waiting.containsKey(d.remote());
        if (first && waiting.size() >= MAX_CONNECTING) {
            return false;
        }
        waiting.put(d.remote(), d);
        return first;
    }

    /** The peer connection is up: what waited for it, or null. */
    Datagram connected(InetSocketAddress peer) {
        return waiting.remove(peer);
    }

    /** The Connect failed (or the connection closed before it was bound): what waited is dropped. */
    void failed(InetSocketAddress peer) {
        waiting.remove(peer);
    }

    /** The allocation is gone. */
    void clear() {
        waiting.clear();
    }
}
