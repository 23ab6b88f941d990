package io.icelab.net;

import io.icelab.stun.StreamFramer;
import io.icelab.turn.TcpRelays;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * TCP allocations (RFC 6062) for a TURN server on real sockets: each relayed address is a listening socket in a
 * port range whose accepted connections carry peers' bytes unframed; connections to peers open from it
 * (SO_REUSEPORT) without blocking; outcomes and ends reach the server through its driver.
 */
public final class RuntimeTcpRelays implements TcpRelays {
    private final SocketRuntime runtime;
    private final RelayPorts ports;
    private final RuntimeTcpConnector peers;

    /**
     * Relayed TCP addresses on {@code relayIp}, ports handed out in turn from the range.
     *
     * @param runtime the runtime that drives the server
     * @param relayIp the relayed addresses' IP
     * @param minPort the first port
     * @param maxPort the last port
     */
    public RuntimeTcpRelays(SocketRuntime runtime, InetAddress relayIp, int minPort, int maxPort) {
        this.runtime = runtime;
        this.ports = new RelayPorts(relayIp, minPort, maxPort);
        this.peers = new RuntimeTcpConnector(runtime, StreamFramer.Framing.NONE); // a peer speaks its own stream
    }

    @Override
    public InetSocketAddress listen(int family) {
        return ports.serves(family) ? ports.take(port -> true,
                a -> runtime.tcp().listen(a, StreamFramer.Framing.NONE)) : null;
    }

    @Override
    public void connect(InetSocketAddress from, InetSocketAddress to) {
        peers.connect(from, to);
    }

    @Override
    public void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
        peers.reframe(local, remote, framing);
    }

    @Override
    public void close(InetSocketAddress local, InetSocketAddress remote) {
        peers.close(local, remote);
    }

    @Override
    public void release(InetSocketAddress relayed) {
        runtime.tcp().stopListening(relayed);
    }
}
