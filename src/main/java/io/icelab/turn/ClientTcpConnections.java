package io.icelab.turn;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 6062 §4 on the client: the peer connections of a TCP allocation. A peer connection the server announced (a
 * Connect success, §4.3, or a ConnectionAttempt, §4.4) waits for a data connection to the server; data connections
 * are matched to them in the order they open (any one can carry any CONNECTION-ID); a bound one carries its peer's
 * stream.
 */
final class ClientTcpConnections {
    /** Peer connections waiting or bound at once (RFC 8656 §21's spirit: nothing a server says grows without bound). */
    static final int MAX = 128;

    /** A peer connection the server holds for us, by its CONNECTION-ID. */
    record Waiting(int id, InetSocketAddress peer) {
    }

    private final ArrayDeque<Waiting> toOpen = new ArrayDeque<>();
    private final Map<InetSocketAddress, Waiting> binding = new LinkedHashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> peerByData = new LinkedHashMap<>();

    /** A peer connection to bind; false when too many wait or are bound already. */
    boolean announce(int id, InetSocketAddress peer) {
        if (toOpen.size() + binding.size() + peerByData.size() >= MAX) {
            return false;
        }
        toOpen.add(new Waiting(id, peer));
        return true;
    }

    /** A data connection opened: the peer connection it is to bind, or null when none waits. */
    Waiting opened(InetSocketAddress data) {
        Waiting w = toOpen.poll();
        if (w != null) {
            binding.put(data, w);
        }
        return w;
    }

    /** A data connection could not be opened: the peer connection that waited for it, or null. */
    Waiting openFailed() {
        return toOpen.poll();
    }

    /** The ConnectionBind on {@code data} was answered: the peer connection it was for (bound when it succeeded). */
    Waiting answered(InetSocketAddress data, boolean success) {
        Waiting w = binding.remove(data);
        if (w != null && success) {
            peerByData.put(data, w.peer());
        }
        return w;
    }

    /** The peer a bound data connection carries, or null. */
    InetSocketAddress peerOf(InetSocketAddress data) {
        return peerByData.get(data);
    }

    /** The bound data connection to a peer, or null. */
    InetSocketAddress dataFor(InetSocketAddress peer) {
        for (Map.Entry<InetSocketAddress, InetSocketAddress> e : peerByData.entrySet()) {
            if (e.getValue().equals(peer)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** True for a data connection being bound or bound. */
    boolean knows(InetSocketAddress data) {
        return binding.containsKey(data) || peerByData.containsKey(data);
    }

    /** A data connection closed: the peer it carried (or was binding), or null. */
    InetSocketAddress closed(InetSocketAddress data) {
        Waiting w = binding.remove(data);
        InetSocketAddress peer = peerByData.remove(data);
        return peer != null ? peer : w == null ? null : w.peer();
    }

    /** Every data connection, for closing them with the allocation; all forgotten. */
    List<InetSocketAddress> clear() {
        List<InetSocketAddress> all = new ArrayList<>(binding.keySet());
        all.addAll(peerByData.keySet());
        toOpen.clear();
        binding.clear();
        peerByData.clear();
        return all;
    }
}
