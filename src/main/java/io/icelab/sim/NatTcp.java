package io.icelab.sim;

import io.icelab.sim.tcp.TcpSegment;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 5382 for one NAT's TCP mappings: which connections are established (a SYN seen each way, REQ-5's long idle
 * timeout) and which are transitory (before that, after a FIN each way or a RST: the short one), and the outbound
 * SYNs REQ-4 asks about when an unsolicited inbound SYN waits its 6 seconds. The tables are bounded.
 */
final class NatTcp {
    /** REQ-4: an unsolicited SYN is not answered for at least this long. */
    static final long UNSOLICITED_SYN_HOLD = 6 * SimTime.S;
    private static final int MAX_TRACKED = 65_536;

    private record Key(InetSocketAddress external, InetSocketAddress remote) {
    }

    /** What the NAT saw of one connection. */
    private static final class Seen {
        boolean synOut;
        boolean synIn;
        boolean finOut;
        boolean finIn;
        long lastOutboundSyn = Long.MIN_VALUE;

        boolean established() {
            return synOut && synIn && !(finOut && finIn);
        }
    }

    private final NatConfig.TcpPolicy policy;
    private final Map<Key, Seen> seen = new LinkedHashMap<>();

    NatTcp(NatConfig.TcpPolicy policy) {
        this.policy = policy;
    }

    /** A segment the NAT translated outbound on {@code m} towards {@code remote}. */
    void outbound(long now, NatTable.Mapping m, InetSocketAddress remote, TcpSegment seg) {
        Seen s = track(m.external, remote, seg);
        if (seg.has(TcpSegment.SYN)) {
            s.synOut = true;
            s.lastOutboundSyn = now;
        }
        s.finOut |= seg.has(TcpSegment.FIN);
        lifetime(m, s);
    }

    /** A segment the NAT let in on {@code m} from {@code remote}. */
    void inbound(NatTable.Mapping m, InetSocketAddress remote, TcpSegment seg) {
        Seen s = track(m.external, remote, seg);
        s.synIn |= seg.has(TcpSegment.SYN);
        s.finIn |= seg.has(TcpSegment.FIN);
        lifetime(m, s);
    }

    /** REQ-4: whether an outbound SYN from {@code external} to {@code remote} was translated at or after {@code since}. */
    boolean outboundSynSince(InetSocketAddress external, InetSocketAddress remote, long since) {
        Seen s = seen.get(new Key(external, remote));
        return s != null && s.lastOutboundSyn >= since;
    }

    private Seen track(InetSocketAddress external, InetSocketAddress remote, TcpSegment seg) {
        Key k = new Key(external, remote);
        Seen s = seen.get(k);
        if (s == null || seg.has(TcpSegment.RST) || seg.has(TcpSegment.SYN) && !seg.has(TcpSegment.ACK) && s.finOut
                && s.finIn) {
            // a RST ends the connection (§5: transitory); a new SYN after both FINs starts another
            long lastSyn = s == null ? Long.MIN_VALUE : s.lastOutboundSyn;
            s = new Seen();
            s.lastOutboundSyn = lastSyn;
            if (seen.size() >= MAX_TRACKED) {
                Iterator<Key> oldest = seen.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            seen.put(k, s);
        }
        return s;
    }

    /** REQ-5: the mapping lives as long as its connection's state allows when idle. */
    private void lifetime(NatTable.Mapping m, Seen s) {
        m.lifetime = s.established() ? policy.establishedNanos() : policy.transitoryNanos();
    }
}
