package io.icelab.sim;

import io.icelab.stun.StreamFramer;
import io.icelab.turn.TcpConnector;
import io.icelab.turn.TcpRelays;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * RFC 6062 in the simulator: a TURN server's relayed TCP addresses (listening unframed on its host, ports from
 * 49152 up not bound to anything else) and its connections to peers; and, for a client, its data connections
 * (STUN-framed until bound). The host's TCP reports every connection's fate to the application.
 */
public final class SimTcpRelays implements TcpRelays {
    private final Host host;
    private final InetAddress ip;
    private SimApp<?> app;
    private int next = 49152;

    /**
     * Relays (or data connections) on {@code ip} of {@code host}, for the application given by {@link #of}.
     *
     * @param host the host
     * @param ip its address the relayed addresses take
     */
    public SimTcpRelays(Host host, InetAddress ip) {
        this.host = host;
        this.ip = ip;
    }

    /**
     * The application whose connections these are (known only once it runs on the host).
     *
     * @param a the application
     * @return this
     */
    public SimTcpRelays of(SimApp<?> a) {
        this.app = a;
        return this;
    }

    /** The application's connections through the host's TCP, opened framed as {@code framing}. */
    private final class Connections implements TcpConnector {
        private final StreamFramer.Framing framing;

        Connections(StreamFramer.Framing framing) {
            this.framing = framing;
        }

        @Override
        public void connect(InetSocketAddress from, InetSocketAddress to) {
            host.tcp().connectFrom(app, from, to, framing);
        }

        @Override
        public void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
            host.tcp().reframe(local, remote, framing);
        }

        @Override
        public void close(InetSocketAddress local, InetSocketAddress remote) {
            host.tcp().close(local, remote);
        }
    }

    /** A peer speaks its own stream: the server's connections to peers are unframed. */
    private final Connections peers = new Connections(StreamFramer.Framing.NONE);

    /**
     * A client's data connections through the same host (RFC 6062 §4.3): STUN until bound.
     *
     * @return the connector
     */
    public TcpConnector connector() {
        return new Connections(StreamFramer.Framing.STUN);
    }

    @Override
    public InetSocketAddress listen(int family) {
        if ((family == 2) != (ip instanceof Inet6Address)) {
            return null;
        }
        for (int i = 0; i < 16384; i++) {
            int port = 49152 + Math.floorMod(next - 49152 + i, 16384);
            InetSocketAddress a = new InetSocketAddress(ip, port);
            if (!host.isBound(a) && !host.tcp().listening(a)) {
                next = port + 1;
                host.tcp().listen(app, a, StreamFramer.Framing.NONE);
                return a;
            }
        }
        return null;
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
        host.tcp().stopListening(relayed);
    }
}
