package io.icelab.turn;

import io.icelab.stun.StreamFramer;
import java.net.InetSocketAddress;

/**
 * What a TURN server with TCP allocations (RFC 6062) asks of its driver. The driver reports back through
 * {@link io.icelab.stun.SansIo#handleConnection}: a connection it opened for {@link #connect} or accepted on an
 * address from {@link #listen} as OPENED or FAILED, any connection's end as CLOSED. Bytes on a peer connection
 * are {@link io.icelab.stun.Transport#TCP} datagrams between the relayed address and the peer, as they arrive.
 */
public interface TcpRelays extends TcpConnector {
    /** No TCP relaying: Allocate with REQUESTED-TRANSPORT TCP is answered 442. */
    TcpRelays NONE = new TcpRelays() {
        @Override
        public InetSocketAddress listen(int family) {
            return null;
        }

        @Override
        public void connect(InetSocketAddress from, InetSocketAddress to) {
            throw new IllegalStateException("no TCP relaying");
        }

        @Override
        public void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
            throw new IllegalStateException("no TCP relaying");
        }

        @Override
        public void close(InetSocketAddress local, InetSocketAddress remote) {
        }

        @Override
        public void release(InetSocketAddress relayed) {
        }
    };

    /**
     * A relayed transport address that accepts peers' connections (RFC 6062 §5.1); their bytes come unframed.
     *
     * @param family 1 IPv4, 2 IPv6
     * @return the address, or null when none can be had (the Allocate is refused)
     */
    InetSocketAddress listen(int family);

    /**
     * Opens a connection from the relayed address to a peer (RFC 6062 §5.2), unframed: peers speak their own
     * stream. {@link #reframe} serves a data connection after its ConnectionBind (§5.4).
     *
     * @param from the allocation's relayed address, the connection's source
     * @param to the peer
     */
    @Override
    void connect(InetSocketAddress from, InetSocketAddress to);

    /**
     * The allocation is gone: stop accepting on its relayed address.
     *
     * @param relayed the address from {@link #listen}
     */
    void release(InetSocketAddress relayed);
}
