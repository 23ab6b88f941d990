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

    /**
     * Refuses a component outside 1..256 or a priority outside 1..2^32-1 (RFC 8445 §5.1.2.1).
     *
     * @param foundation the foundation (RFC 8445 §5.1.1.3)
     * @param component the component id
     * @param transport UDP or TCP
     * @param priority the priority
     * @param address the transport address
     * @param type host, server-reflexive, peer-reflexive or relayed
     * @param base the base (RFC 8445 §5.1.1.3)
     * @param related the related address for reflexive and relayed candidates, else null
     * @param tcpType active, passive or so for ICE-TCP, else null
     */
    public Candidate {
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component id must be 1..256, got " + component);
        }
        if (priority < 1 || priority > 0xffffffffL) {
            throw new IllegalArgumentException("priority must be 1..2^32-1, got " + priority);
        }
    }

    /**
     * RFC 8445 §5.1.2.1: (2^24)·type preference + (2^8)·local preference + (256 − component id).
     *
     * @param type the candidate type
     * @param localPreference 0..65535
     * @param component the component id
     * @return the priority
     */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 65535) {
            throw new IllegalArgumentException("local preference is 16 bits: " + localPreference);
        }
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /**
     * A remote candidate as signalled: its base is unknown to us, so it is the address itself.
     *
     * @param foundation its foundation
     * @param component its component
     * @param priority its priority
     * @param address its address
     * @param type its type
     * @param related its related address, or null
     * @return the candidate
     */
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
