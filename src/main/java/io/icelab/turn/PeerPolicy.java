package io.icelab.turn;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which peer addresses a TURN server relays to (RFC 8656 §21.1: an open relay to internal networks is
 * an attack tool). Loopback, private, shared (CGN), link-local, unspecified and multicast addresses are
 * refused with 403 unless explicitly allowed. The server's own IP is allowed, so that two clients of
 * one server can talk relay to relay; the server never relays into its own listening ports.
 */
public record PeerPolicy(boolean allowLoopback, boolean allowPrivate, List<InetAddress> serverAddresses) {

    public PeerPolicy {
        serverAddresses = List.copyOf(serverAddresses);
    }

    public static PeerPolicy strict(List<InetAddress> serverAddresses) {
        return new PeerPolicy(false, false, serverAddresses);
    }

    /** Null when allowed, else why not. */
    public String refusal(InetAddress peer) {
        if (peer.isAnyLocalAddress() || peer.isMulticastAddress()) {
            return "unspecified or multicast peer";
        }
        if (peer.isLoopbackAddress()) {
            return allowLoopback ? null : "loopback peer";
        }
        if (serverAddresses.contains(peer)) {
            return null; // relay to relay on this server; see TurnServer.relay for the loop guard
        }
        if (peer.isLinkLocalAddress()) {
            return allowPrivate ? null : "link-local peer";
        }
        if (isPrivate(peer)) {
            return allowPrivate ? null : "private peer";
        }
        return null;
    }

    /** RFC 1918, RFC 6598 shared space (100.64/10) and RFC 4193 unique local (fc00::/7). */
    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            return x == 10 || (x == 172 && y >= 16 && y <= 31) || (x == 192 && y == 168) || (x == 100 && y >= 64 && y <= 127);
        }
        return (b[0] & 0xfe) == 0xfc;
    }
}
