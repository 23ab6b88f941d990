package io.icelab.turn;

import io.icelab.stun.ConnectionEvent;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;

/**
 * RFC 6062 §4 on the client: what a TCP allocation does beyond RFC 8656. A Connect success (§4.3) or a
 * ConnectionAttempt (§4.4) opens a data connection to the server through the {@link TcpConnector}; once it is
 * up, a ConnectionBind goes on it (the client's transaction, through {@link Binder}); once that succeeds the
 * connection carries the peer's stream.
 */
final class ClientTcpAllocation {
    /** Sends a ConnectionBind for {@code id} on the data connection {@code data} (the client's transaction). */
    @FunctionalInterface
    interface Binder {
        void bind(long now, InetSocketAddress data, int id);
    }

    private final TcpConnector connector;
    private final java.util.function.Supplier<InetSocketAddress> server;
    private final InetSocketAddress local;
    private final io.icelab.stun.StreamFramer.Framing peerFraming;
    private final java.util.function.Consumer<TurnClientEvent> events;
    private final Binder binder;
    private final ClientTcpConnections table = new ClientTcpConnections();

    ClientTcpAllocation(TcpConnector connector, java.util.function.Supplier<InetSocketAddress> server,
            InetSocketAddress local, io.icelab.stun.StreamFramer.Framing peerFraming,
            java.util.function.Consumer<TurnClientEvent> events, Binder binder) {
        this.connector = connector;
        this.server = server;
        this.local = local;
        this.peerFraming = peerFraming;
        this.events = events;
        this.binder = binder;
    }

    /** §4.3: the Connect's answer; a success opens a data connection for its CONNECTION-ID. */
    void connectAnswered(InetSocketAddress peer, StunClientEvent e, java.util.function.Function<StunClientEvent.Failure,
            String> reason) {
        TurnAttribute.ConnectionId id = e instanceof StunClientEvent.Success ok
                ? ok.response().attribute(TurnAttribute.ConnectionId.class) : null;
        if (id == null) {
            StunClientEvent.Failure f = e instanceof StunClientEvent.Failure x ? x : null;
            events.accept(new TurnClientEvent.PeerConnectionFailed(peer, f == null ? 0 : f.errorCode(),
                    f == null ? "Connect success without CONNECTION-ID" : reason.apply(f)));
            return;
        }
        open(id.id(), peer);
    }

    /** §4.4: a peer connected to the relayed address; accepted by binding a data connection to it. */
    void connectionAttempt(StunMessage m) {
        TurnAttribute.ConnectionId id = m.attribute(TurnAttribute.ConnectionId.class);
        TurnAttribute.XorPeerAddress peer = m.attribute(TurnAttribute.XorPeerAddress.class);
        if (id != null && peer != null) {
            open(id.id(), peer.address());
        }
    }

    private void open(int id, InetSocketAddress peer) {
        if (!table.announce(id, peer)) {
            events.accept(new TurnClientEvent.PeerConnectionFailed(peer, 0, "too many peer connections"));
            return;
        }
        connector.connect(new InetSocketAddress(local.getAddress(), 0), server.get());
    }

    /** §4.3: the ConnectionBind's answer: the data connection now carries the peer's stream, or is closed. */
    void bindAnswered(InetSocketAddress data, StunClientEvent e, java.util.function.Function<StunClientEvent.Failure,
            String> reason) {
        ClientTcpConnections.Waiting w = table.answered(data, e instanceof StunClientEvent.Success);
        if (w == null) {
            return;
        }
        if (e instanceof StunClientEvent.Failure f) {
            connector.close(data, server.get());
            events.accept(new TurnClientEvent.PeerConnectionFailed(w.peer(), f.errorCode(), reason.apply(f)));
            return;
        }
        connector.reframe(data, server.get(), peerFraming);
        events.accept(new TurnClientEvent.PeerConnected(w.peer(), data));
    }

    /** A data connection opened (its ConnectionBind goes on it), failed or closed. */
    void connection(long now, ConnectionEvent e) {
        switch (e.kind()) {
            case OPENED -> {
                ClientTcpConnections.Waiting w = table.opened(e.local());
                if (w != null) {
                    binder.bind(now, e.local(), w.id());
                }
            }
            case FAILED -> {
                ClientTcpConnections.Waiting w = table.openFailed();
                if (w != null) {
                    events.accept(new TurnClientEvent.PeerConnectionFailed(w.peer(), 0, "no data connection to the server"));
                }
            }
            case CLOSED -> {
                InetSocketAddress peer = table.closed(e.local());
                if (peer != null) {
                    events.accept(new TurnClientEvent.PeerConnectionClosed(peer));
                }
            }
        }
    }

    /** The bound data connection to a peer, or null. */
    InetSocketAddress dataFor(InetSocketAddress peer) {
        return table.dataFor(peer);
    }

    /** The peer a bound data connection carries, or null. */
    InetSocketAddress peerOf(InetSocketAddress data) {
        return table.peerOf(data);
    }

    /** True for a data connection being bound or bound. */
    boolean knows(InetSocketAddress data) {
        return table.knows(data);
    }

    /** The allocation is gone: its data connections end with it. */
    void closeAll() {
        for (InetSocketAddress data : table.clear()) {
            connector.close(data, server.get());
        }
    }
}
