package io.icelab.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The relayed addresses' IP and port range of a TURN server on real sockets, handed out in turn: the next free
 * port after the last one given, wrapping around. Used for UDP relays and TCP relays alike.
 */
final class RelayPorts {
    /** Binds (or listens on) one address; fails when it is taken. */
    @FunctionalInterface
    interface Opener {
        InetSocketAddress open(InetSocketAddress address) throws IOException;
    }

    private final InetAddress ip;
    private final int minPort;
    private final int maxPort;
    private int next;

    RelayPorts(InetAddress ip, int minPort, int maxPort) {
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("relay port range " + minPort + "-" + maxPort + " is not within 1-65535");
        }
        this.ip = ip;
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.next = minPort;
    }

    InetAddress ip() {
        return ip;
    }

    /** True when {@code family} (1 IPv4, 2 IPv6) is the relay IP's. */
    boolean serves(int family) {
        return (family == 2) == (ip instanceof Inet6Address);
    }

    boolean contains(int port) {
        return port >= minPort && port <= maxPort;
    }

    /** The first port from the next one on that {@code admits} and {@code opener} can open; null when none. */
    InetSocketAddress take(java.util.function.IntPredicate admits, Opener opener) {
        int span = maxPort - minPort + 1;
        for (int i = 0; i < span; i++) {
            int port = minPort + Math.floorMod(next - minPort + i, span);
            if (!admits.test(port)) {
                continue;
            }
            try {
                InetSocketAddress opened = opener.open(new InetSocketAddress(ip, port));
                next = port + 1 > maxPort ? minPort : port + 1;
                return opened;
            } catch (IOException taken) {
                // taken by someone else: try the next port
            }
        }
        return null;
    }
}
