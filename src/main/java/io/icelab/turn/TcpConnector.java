package io.icelab.turn;

import io.icelab.stun.StreamFramer;
import java.net.InetSocketAddress;

/**
 * What a TURN client with a TCP allocation (RFC 6062 §4) asks of its driver: a new connection to the server for
 * each peer connection (its data connection), and that connection's bytes reframed once it is bound. The driver
 * reports OPENED, FAILED and CLOSED through {@link io.icelab.stun.SansIo#handleConnection}.
 */
public interface TcpConnector {
    /** No connections: a client with a UDP allocation. */
    TcpConnector NONE = new TcpConnector() {
        @Override
        public void connect(InetSocketAddress from, InetSocketAddress to) {
            throw new IllegalStateException("no TCP connections: the client was made without a TcpConnector");
        }

        @Override
        public void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
        }

        @Override
        public void close(InetSocketAddress local, InetSocketAddress remote) {
        }
    };

    /**
     * Whether {@link #connect} can open from a port a listener holds too, so that two sides opening toward each
     * other meet in TCP's simultaneous open (RFC 6544 §7.1's S-O candidates). An ICE agent gathers S-O candidates
     * only when it can; a TURN client's data connections open from any port and need no such thing.
     *
     * @return true when connections open from a listening port
     */
    default boolean opensFromListeningPorts() {
        return false;
    }

    /**
     * Opens a connection, framed as STUN until {@link #reframe}; port 0 in {@code from} asks for any port of its
     * IP, and the connection is then known (and reported) by the address it got.
     *
     * @param from the local address (port 0: any)
     * @param to where to
     */
    void connect(InetSocketAddress from, InetSocketAddress to);

    /**
     * From now on the connection carries the application's stream, not STUN (RFC 6062 §4.3: after ConnectionBind),
     * framed as the application's stream is: {@link StreamFramer.Framing#NONE} for bytes as they come, RFC 4571 for
     * ICE-TCP's (RFC 6544 §3, a relayed TCP candidate's checks and data). The bytes read past the ConnectionBind
     * response are framed the new way.
     *
     * @param local this side's address of the connection
     * @param remote the other side's
     * @param framing the stream's framing from now on
     */
    void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing);

    /**
     * Closes a connection (no CLOSED report follows).
     *
     * @param local this side's address of the connection
     * @param remote the other side's
     */
    void close(InetSocketAddress local, InetSocketAddress remote);
}
