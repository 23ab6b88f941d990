package io.icelab.net;

import io.icelab.stun.StreamFramer;
import io.icelab.turn.TcpConnector;
import java.net.InetSocketAddress;

/**
 * A TURN client's data connections (RFC 6062 §4.3) on real sockets: opened to the server without blocking,
 * STUN-framed until the ConnectionBind succeeds, then carrying the peer's stream as it is.
 */
public final class RuntimeTcpConnector implements TcpConnector {
    private final SocketRuntime runtime;

    /**
     * Data connections opened by {@code runtime}.
     *
     * @param runtime the runtime that drives the client
     */
    public RuntimeTcpConnector(SocketRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void connect(InetSocketAddress from, InetSocketAddress to) {
        runtime.tcp().connectFrom(from, to, StreamFramer.Framing.STUN);
    }

    @Override
    public void unframe(InetSocketAddress local, InetSocketAddress remote) {
        runtime.tcp().unframe(local, remote);
    }

    @Override
    public void close(InetSocketAddress local, InetSocketAddress remote) {
        runtime.tcp().close(local, remote);
    }
}
