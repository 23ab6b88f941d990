package io.icelab.net;

import io.icelab.turn.RelayAllocator;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Relayed addresses for a TURN server on real sockets: binds a UDP socket per allocation in a port range. */
public final class RuntimeRelayAllocator implements RelayAllocator {
    private final SocketRuntime runtime;
    private final InetAddress relayIp;
    private final int minPort;
    private final int maxPort;
    private int next;

    /**
     * Relayed sockets on {@code relayIp}, ports handed out in turn from the range.
     *
     * @param runtime binds the sockets
     * @param relayIp the relayed addresses' IP
     * @param minPort the first port
     * @param maxPort the last port
     */
    public RuntimeRelayAllocator(SocketRuntime runtime, InetAddress relayIp, int minPort, int maxPort) {
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
    public InetSocketAddress allocate(int family, Parity parity) {
        if ((family == 2) != (relayIp instanceof Inet6Address)) {
            return null;
        }
        int span = maxPort - minPort + 1;
        for (int i = 0; i < span; i++) {
            int port = minPort + Math.floorMod(next - minPort + i, span);
            if (!parity.admits(port)) {
                continue;
            }
            try {
                InetSocketAddress bound = runtime.bind(new InetSocketAddress(relayIp, port));
                next = port + 1 > maxPort ? minPort : port + 1;
                return bound;
            } catch (IOException busy) {
                // taken by someone else: try the next port
            }
        }
        return null;
    }

    @Override
    public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
        if (wanted.getPort() < minPort || wanted.getPort() > maxPort) {
            return null;
        }
        try {
            return runtime.bind(wanted);
        } catch (IOException busy) {
            return null;
        }
    }

    @Override
    public void release(InetSocketAddress relayed) {
        runtime.unbind(relayed);
    }
}
