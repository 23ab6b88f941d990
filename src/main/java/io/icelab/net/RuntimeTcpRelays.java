package io.icelab.net;

import io.icelab.stun.StreamFramer;
import io.icelab.turn.TcpRelays;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * TCP allocations (RFC 6062) for a TURN server on real sockets: each relayed address is a listening socket in a
 * port range whose accepted connections carry peers' bytes unframed; connections to peers open from it
 * (SO_REUSEPORT) without blocking; outcomes and ends reach the server through its driver.
 */
public final class RuntimeTcpRelays implements TcpRelays {
    private final SocketRuntime runtime;
    private final InetAddress relayIp;
    private final int minPort;
    private final int maxPort;
    private int next;

    /**
     * Relayed TCP addresses on {@code relayIp}, ports handed out in turn from the range.
     *
     * @param runtime the runtime that drives the server
     * @param relayIp the relayed addresses' IP
     * @param minPort the first port
     * @param maxPort the last port
     */
    public RuntimeTcpRelays(SocketRuntime runtime, InetAddress relayIp, int minPort, int maxPort) {
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
            throw new IllegalArgumentException("relay port range " + minPort + "-" + maxPort + " is not within 1-65535");
        }
        this.runtime = runtime;
        this.relayIp = relayIp;
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.next = minPort;
    }

    @Override
    public InetSocketAddress listen(int family) {
        if ((family == 2) != (relayIp instanceof Inet6Address)) {
            return null;
        }
        int span = maxPort - minPort + 1;
        for (int i = 0; i < span; i++) {
            int port = minPort + Math.floorMod(next - minPort + i, span);
            try {
                InetSocketAddress bound = runtime.tcp().listen(new InetSocketAddress(relayIp, port), StreamFramer.Framing.NONE);
                next = port + 1 > maxPort ? minPort : port + 1;
                return bound;
            } catch (IOException busy) {
                // taken: try the next port
            }
        }
        return null;
    }

    @Override
    public void connect(InetSocketAddress from, InetSocketAddress to) {
        runtime.tcp().connectFrom(from, to, StreamFramer.Framing.NONE); // a peer speaks its own stream
    }

    @Override
    public void unframe(InetSocketAddress local, InetSocketAddress remote) {
        runtime.tcp().unframe(local, remote);
    }

    @Override
    public void close(InetSocketAddress local, InetSocketAddress remote) {
        runtime.tcp().close(local, remote);
    }

    @Override
    public void release(InetSocketAddress relayed) {
        runtime.tcp().stopListening(relayed);
    }
}
