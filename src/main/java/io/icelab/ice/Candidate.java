package io.icelab.ice;

import io.icelab.stun.Transport;
import io.icelab.stun.TransportAddresses;
import java.net.InetSocketAddress;

/**
 * An ICE candidate (RFC 8445 §5.1): a transport address with its type, priority, foundation and base.
 * {@code related} is the base (srflx, prflx) or the mapped address (relay); null for host candidates.
 * {@code tcpType} is kept for ICE-TCP (RFC 6544) and null for UDP.
 */
public record Candidate(String foundation, int component, Transport transport, long priority,
        InetSocketAddress address, CandidateType type, InetSocketAddress base, InetSocketAddress related,
        String tcpType) {

    public Candidate {
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component id must be 1..256, got " + component);
        }
        if (priority < 1 || priority > 0xffffffffL) {
            throw new IllegalArgumentException("priority must be 1..2^32-1, got " + priority);
        }
    }

    /** RFC 8445 §5.1.2.1: (2^24)·type preference + (2^8)·local preference + (256 − component id). */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 65535) {
            throw new IllegalArgumentException("local preference is 16 bits: " + localPreference);
        }
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** A remote candidate as signalled: its base is unknown to us, so it is the address itself. */
    public static Candidate remote(String foundation, int component, long priority, InetSocketAddress address,
            CandidateType type, InetSocketAddress related) {
        return new Candidate(foundation, component, Transport.UDP, priority, address, type, address, related, null);
    }

    @Override
    public String toString() {
        return type.sdpName() + " " + TransportAddresses.format(address) + " c" + component + " f" + foundation
                + " p" + priority;
    }
}
