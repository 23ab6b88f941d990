package io.icelab.turn;

import io.icelab.stun.SansIo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A TURN client's channels (RFC 8656 §12): numbers handed out in turn from 0x4000, a binding refreshed every
 * 540 s (before its 600 s), data taken on a number whose ChannelBind is still on its way, and a number that was
 * bound to a peer not given to another one within 5 minutes after its binding ended (§12).
 */
final class ClientChannels {
    static final long CHANNEL_REFRESH = 540 * TurnClient.S;
    static final long CHANNEL_LIFETIME = 600 * TurnClient.S;
    static final long CHANNEL_QUARANTINE = 300 * TurnClient.S;

    record Channel(int number, InetSocketAddress peer, long refreshAt, long expires) {
    }

    private final Map<InetSocketAddress, Channel> bound = new LinkedHashMap<>();
    /** Channel numbers whose ChannelBind is on its way: their data is taken already (RFC 8656 §12). */
    private final Map<Integer, InetSocketAddress> pending = new LinkedHashMap<>();
    private final Map<Integer, Channel> quarantine = new LinkedHashMap<>();
    private int next = ChannelData.MIN_CHANNEL;

    /** The number for a ChannelBind to the peer: its bound one, else the next free one; marked as on its way. */
    int numberFor(long now, InetSocketAddress peer) {
        Channel existing = bound.get(peer);
        int number = existing != null ? existing.number() : free(now, peer);
        pending.put(number, peer);
        return number;
    }

    private int free(long now, InetSocketAddress peer) {
        for (int i = 0; i <= ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL; i++) {
            int n = next;
            next = next == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : next + 1;
            Channel q = quarantine.get(n);
            boolean inUse = false;
            for (Channel c : bound.values()) {
                inUse |= c.number() == n;
            }
            if (!inUse && (q == null || q.expires() <= now || q.peer().equals(peer))) {
                return n;
            }
        }
        throw new IllegalStateException("all 4096 channel numbers are in use");
    }

    /** The channel bound to the peer, or null. */
    Channel of(InetSocketAddress peer) {
        return bound.get(peer);
    }

    /**
     * The peer whose data arrives on channel {@code number}: one whose ChannelBind is on its way, else a bound one
     * whose peer is {@code permitted} (§12.6); null when none.
     */
    InetSocketAddress peerOf(int number, Predicate<InetSocketAddress> permitted) {
        InetSocketAddress onItsWay = pending.get(number);
        if (onItsWay != null) {
            return onItsWay;
        }
        for (Channel c : bound.values()) {
            if (c.number() == number && permitted.test(c.peer())) {
                return c.peer();
            }
        }
        return null;
    }

    /** The ChannelBind's answer came: the number is no longer on its way. */
    void answered(int number) {
        pending.remove(number);
    }

    /** A success: the channel is bound (or refreshed); true when it is new. */
    boolean bound(long now, InetSocketAddress peer, int number) {
        boolean fresh = !bound.containsKey(peer);
        bound.put(peer, new Channel(number, peer, now + CHANNEL_REFRESH, now + CHANNEL_LIFETIME));
        return fresh;
    }

    /** Refused: an old binding of the peer ends, and its number waits out the quarantine. */
    void refused(long now, InetSocketAddress peer) {
        Channel old = bound.remove(peer);
        if (old != null) {
            quarantine.put(old.number(), new Channel(old.number(), old.peer(), 0, now + CHANNEL_QUARANTINE));
        }
    }

    /** The channels due for their refresh; each is asked once (until its answer reschedules it). */
    List<Channel> due(long now) {
        List<Channel> due = new ArrayList<>();
        for (Channel c : new ArrayList<>(bound.values())) {
            if (now >= c.refreshAt()) {
                bound.put(c.peer(), new Channel(c.number(), c.peer(), SansIo.NO_DEADLINE, c.expires()));
                due.add(c);
            }
        }
        return due;
    }

    long nextRefresh() {
        long t = SansIo.NO_DEADLINE;
        for (Channel c : bound.values()) {
            t = Math.min(t, c.refreshAt());
        }
        return t;
    }

    /** The allocation is gone: so are its channels (the quarantine stays, it is about numbers). */
    void clear() {
        bound.clear();
        pending.clear();
    }
}
