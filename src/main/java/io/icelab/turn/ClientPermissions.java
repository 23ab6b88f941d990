package io.icelab.turn;

import io.icelab.stun.SansIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TURN client's permissions (RFC 8656 §9): per peer IP, when it is refreshed (every 240 s, before the server's
 * 300 s run out), and the data that waits for a permission being installed (§11.1, at most
 * {@link #MAX_WAITING} datagrams per IP, the oldest dropped).
 */
final class ClientPermissions {
    static final long PERMISSION_REFRESH = 240 * TurnClient.S;
    static final int MAX_WAITING = 32;

    /** Data held back until a permission for its peer is installed (RFC 8656 §11.1). */
    record Waiting(InetSocketAddress peer, byte[] data) {
    }

    private final Map<InetAddress, Long> refreshAt = new LinkedHashMap<>();
    private final Map<InetAddress, InetSocketAddress> peers = new LinkedHashMap<>();
    private final Map<InetAddress, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();

    boolean has(InetAddress peer) {
        return refreshAt.containsKey(peer);
    }

    /**
     * §11.1: data for a peer without a permission waits (copied); true when it is the first to wait, so the caller
     * asks for the permission now.
     */
    boolean hold(InetSocketAddress peer, byte[] data) {
        ArrayDeque<Waiting> q = waiting.get(peer.getAddress());
        boolean first = q == null;
        if (first) {
            q = new ArrayDeque<>();
            waiting.put(peer.getAddress(), q);
        }
        if (q.size() == MAX_WAITING) {
            q.poll();
        }
        q.add(new Waiting(peer, data.clone()));
        return first;
    }

    /** A CreatePermission success: the permission is (re)installed; true when it is new. */
    boolean installed(long now, InetSocketAddress peer) {
        boolean fresh = !refreshAt.containsKey(peer.getAddress());
        refreshAt.put(peer.getAddress(), now + PERMISSION_REFRESH);
        peers.put(peer.getAddress(), peer);
        return fresh;
    }

    /** §12: a channel binding installs the permission too (unless there is one already). */
    void installedByChannel(long now, InetSocketAddress peer) {
        refreshAt.putIfAbsent(peer.getAddress(), now + PERMISSION_REFRESH);
        peers.putIfAbsent(peer.getAddress(), peer);
    }

    /** The data that waited for the peer's permission, to send now it is installed (empty when none). */
    List<Waiting> release(InetAddress peer) {
        ArrayDeque<Waiting> q = waiting.remove(peer);
        return q == null ? List.of() : new ArrayList<>(q);
    }

    /** Refused: no permission, and the waiting data is not sent. */
    void refused(InetAddress peer) {
        refreshAt.remove(peer);
        waiting.remove(peer);
    }

    /** The peers whose permission is due for its refresh; each is asked once (until its answer reschedules it). */
    List<InetSocketAddress> due(long now) {
        List<InetSocketAddress> due = new ArrayList<>();
        for (Map.Entry<InetAddress, Long> p : refreshAt.entrySet()) {
            if (now >= p.getValue()) {
                due.add(peers.get(p.getKey()));
                p.setValue(SansIo.NO_DEADLINE);
            }
        }
        return due;
    }

    long nextRefresh() {
        long t = SansIo.NO_DEADLINE;
        for (long at : refreshAt.values()) {
            t = Math.min(t, at);
        }
        return t;
    }

    /** The allocation is gone: so are its permissions and the data waiting for them. */
    void clear() {
        refreshAt.clear();
        peers.clear();
        waiting.clear();
    }
}
