package io.icelab.net;

import io.icelab.stun.StreamFramer;
import io.icelab.turn.TcpConnector;
import java.net.InetSocketAddress;

/**
 * TCP connections a protocol opens through a {@link SocketRuntime} (RFC 6062), without blocking, with their
 * outcome reported to it: a TURN client's data connections (STUN-framed until their ConnectionBind succeeds,
 * {@link #dataConnections}), or a TURN server's connections to peers (unframed, inside {@link RuntimeTcpRelays}).
 */
public final class RuntimeTcpConnector implements TcpConnector {
    private final SocketRuntime runtime;
    private final StreamFramer.Framing framing;

    RuntimeTcpConnector(SocketRuntime runtime, StreamFramer.Framing framing) {
        this.runtime = runtime;
        this.framing = framing;
    }

    /**
     * A TURN client's data connections opened by {@code runtime}: STUN until bound, then the peer's stream.
     *
     * @param runtime the runtime that drives the client
     * @return the connector
     */
    public static RuntimeTcpConnector dataConnections(SocketRuntime runtime) {
        return new RuntimeTcpConnector(runtime, StreamFramer.Framing.STUN);
    }

    @Override
    public void connect(InetSocketAddress from, InetSocketAddress to) {
        runtime.tcp().connectFrom(from, to, framing);
    }

    @Override
    public void reframe(InetSocketAddress local, InetSocketAddress remote, io.icelab.stun.StreamFramer.Framing framing) {
        runtime.tcp().reframe(local, remote, framing);
    }

    @Override
    public void close(InetSocketAddress local, InetSocketAddress remote) {
        runtime.tcp().close(local, remote);
    }
}
