package io.icelab.turn;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which peer addresses a TURN server relays to (RFC 8656 §21.1: an open relay to internal networks is an
 * attack tool). Addresses in a {@link PeerRange} are refused with 403 unless that range is allowed;
 * unspecified and multicast addresses always. An IPv6 address that carries an IPv4 one (IPv4-mapped
 * ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32) is judged as that IPv4 address too, so ::ffff:127.0.0.1 is loopback. The server's own
 * addresses are allowed, so that two clients of one server can talk relay to relay; the server never
 * relays into its own listening ports (see TurnServer).
 */
public record PeerPolicy(Set<PeerRange> allowed, List<InetAddress> serverAddresses) {

    /**
     * Copies the sets.
     *
     * @param allowed the special-purpose ranges relayed to nonetheless
     * @param serverAddresses the server's own addresses (always allowed)
     */
    public PeerPolicy {
        allowed = allowed.isEmpty() ? EnumSet.noneOf(PeerRange.class) : EnumSet.copyOf(allowed);
        serverAddresses = List.copyOf(serverAddresses);
    }

    /**
     * Nothing special allowed.
     *
     * @param serverAddresses the server's own addresses
     * @return the policy
     */
    public static PeerPolicy strict(List<InetAddress> serverAddresses) {
        return new PeerPolicy(Set.of(), serverAddresses);
    }

    /**
     * Loopback (and nothing else special) allowed: for tests on one machine.
     *
     * @param serverAddresses the server's own addresses
     * @return the policy
     */
    public static PeerPolicy loopbackAllowed(List<InetAddress> serverAddresses) {
        return new PeerPolicy(Set.of(PeerRange.LOOPBACK), serverAddresses);
    }

    /**
     * Null when allowed, else why not.
     *
     * @param peer the peer's IP address
     * @return null, or the reason for the 403
     */
    public String refusal(InetAddress peer) {
        if (serverAddresses.contains(peer)) {
            return null; // relay to relay on this server
        }
        if (peer.isAnyLocalAddress() || peer.isMulticastAddress()) {
            return "unspecified or multicast peer";
        }
        InetAddress embedded = embeddedIpv4(peer);
        if (embedded != null) {
            if (serverAddresses.contains(embedded)) {
                return null;
            }
            String why = refusal(embedded);
            return why == null ? null : why + " (embedded in " + peer.getHostAddress() + ")";
        }
        PeerRange range = range(peer);
        return range == null || allowed.contains(range) ? null : range + " peer";
    }

    /**
     * The special-purpose range {@code a} lies in, or null for an ordinary (global) address.
     *
     * @param a an IP address
     * @return its range, or null
     */
    public static PeerRange range(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            int z = b[2] & 0xff;
            if (x == 127) {
                return PeerRange.LOOPBACK;
            }
            if (x == 10 || (x == 172 && y >= 16 && y <= 31) || (x == 192 && y == 168) || (x == 100 && y >= 64 && y <= 127)) {
                return PeerRange.PRIVATE;
            }
            if (x == 169 && y == 254) {
                return PeerRange.LINK_LOCAL;
            }
            if (x == 0 || (x == 192 && y == 0 && z == 0) || (x == 198 && (y == 18 || y == 19)) || x >= 240) {
                return PeerRange.SPECIAL; // this network, IETF protocol assignments, benchmarking, reserved, broadcast
            }
            return null;
        }
        if (a.isLoopbackAddress()) {
            return PeerRange.LOOPBACK;
        }
        int w0 = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        if ((b[0] & 0xfe) == 0xfc) {
            return PeerRange.PRIVATE;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return PeerRange.LINK_LOCAL;
        }
        int w1 = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int w2 = (b[4] & 0xff) << 8 | (b[5] & 0xff);
        boolean discard = w0 == 0x0100 && w1 == 0 && w2 == 0 && b[6] == 0 && b[7] == 0;
        if ((w0 & 0xffc0) == 0xfec0 || (w0 == 0x2001 && w1 == 0x0002 && w2 == 0) || discard) {
            return PeerRange.SPECIAL; // site-local, benchmarking, discard-only
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries by one of the standard embeddings, or null. */
    static InetAddress embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        boolean zero80 = allZero(b, 0, 10);
        try {
            if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return v4(b, 12, false); // IPv4-mapped
            }
            if (zero80 && b[10] == 0 && b[11] == 0 && !a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
                return v4(b, 12, false); // IPv4-compatible (deprecated)
            }
            if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && (allZero(b, 4, 12) || (b[4] == 0 && b[5] == 1))) {
                return v4(b, 12, false); // NAT64 well-known prefix, and the local-use 64:ff9b:1::/48
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return v4(b, 2, false); // 6to4
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                return v4(b, 12, true); // Teredo: the client's address, inverted
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
        return null;
    }

    private static InetAddress v4(byte[] b, int at, boolean inverted) throws UnknownHostException {
        byte[] v = new byte[4];
        for (int i = 0; i < 4; i++) {
            v[i] = (byte) (inverted ? ~b[at + i] : b[at + i]);
        }
        return InetAddress.getByAddress(v);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
