package io.icelab.net;

import io.icelab.turn.RelayAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Relayed addresses for a TURN server on real sockets: binds a UDP socket per allocation in a port range. */
public final class RuntimeRelayAllocator implements RelayAllocator {
    private final SocketRuntime runtime;
    private final RelayPorts ports;

    /**
     * Relayed sockets on {@code relayIp}, ports handed out in turn from the range.
     *
     * @param runtime binds the sockets
     * @param relayIp the relayed addresses' IP
     * @param minPort the first port
     * @param maxPort the last port
     */
    public RuntimeRelayAllocator(SocketRuntime runtime, InetAddress relayIp, int minPort, int maxPort) {
        this.runtime = runtime;
        this.ports = new RelayPorts(relayIp, minPort, maxPort);
    }

    @Override
    public InetSocketAddress allocate(int family, Parity parity) {
        return ports.serves(family) ? ports.take(parity::admits, runtime::bind) : null;
    }

    @Override
    public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
        if (!ports.contains(wanted.getPort())) {
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
