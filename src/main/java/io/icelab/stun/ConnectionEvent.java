package io.icelab.stun;

import java.net.InetSocketAddress;

/**
 * What became of one of a protocol's TCP connections, as its driver reports it through
 * {@link SansIo#handleConnection}: a connection it asked for opened or failed, a peer connected to an address it
 * listens on, or either side closed. The connection is the one its TCP datagrams travel between {@code local} and
 * {@code remote}.
 *
 * @param kind what happened
 * @param local the protocol's address of the connection
 * @param remote the other end
 */
public record ConnectionEvent(Kind kind, InetSocketAddress local, InetSocketAddress remote) {
    /** What happened to the connection. */
    public enum Kind {
        /** Established: accepted from a peer, or opened as the protocol asked. */
        OPENED,
        /** A connection the protocol asked for could not be opened (refused, unreachable, timed out). */
        FAILED,
        /** Closed by either side, or reset. */
        CLOSED
    }
}
