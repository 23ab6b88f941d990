package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.ConnectionEvent;
import io.icelab.stun.Datagram;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RFC 6062 with icelab's client and server together in explicit time, their TCP connections played by this test:
 * a Connect to a peer and a peer connecting in, each bound to a data connection of its own, bytes both ways, and
 * a peer's close reaching the client.
 */
class TurnTcpClientServerTest {
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress CONTROL = at("192.0.2.10", 40000);
    static final InetSocketAddress PEER = at("203.0.113.5", 7000);
    static final InetSocketAddress RELAYED = at("198.51.100.1", 50000);

    final List<String> peerReceived = new ArrayList<>();
    final List<TurnClientEvent> clientEvents = new ArrayList<>();
    final List<InetSocketAddress> peerConnections = new ArrayList<>();
    int nextDataPort = 40100;
    long now;
    TurnServer server;
    TurnClient client;

    TurnTcpClientServerTest() {
        server = new TurnServer(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p"))
                .withPeers(PeerPolicy.loopbackAllowed(List.of(SERVER.getAddress()))), TurnWorld.endlessPorts(),
                new TcpRelays() {
                    public InetSocketAddress listen(int family) {
                        return RELAYED;
                    }

                    public void connect(InetSocketAddress from, InetSocketAddress to) {
                        peerConnections.add(to); // the peer accepts at once
                        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.OPENED, from, to));
                    }

                    public void reframe(InetSocketAddress local, InetSocketAddress remote,
                io.icelab.stun.StreamFramer.Framing framing) {
                    }

                    public void close(InetSocketAddress local, InetSocketAddress remote) {
                        if (!remote.equals(PEER)) {
                            client.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.CLOSED, remote, local));
                        }
                    }

                    public void release(InetSocketAddress relayed) {
                    }
                }, new SplittableRandom(1));
        client = new TurnClient(new SplittableRandom(2), TurnClient.Config.of(CONTROL, SERVER, "u", "p").withTcpAllocation(),
                new TcpConnector() {
                    public void connect(InetSocketAddress from, InetSocketAddress to) {
                        InetSocketAddress data = new InetSocketAddress(from.getAddress(), nextDataPort++);
                        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.OPENED, to, data));
                        client.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.OPENED, data, to));
                    }

                    public void reframe(InetSocketAddress local, InetSocketAddress remote,
                            io.icelab.stun.StreamFramer.Framing framing) {
                    }

                    public void close(InetSocketAddress local, InetSocketAddress remote) {
                    }
                });
    }

    /** Moves datagrams between client, server and peer until quiet. */
    void pump() {
        for (int i = 0; i < 100; i++) {
            boolean moved = false;
            for (Datagram d; (d = client.pollTransmit(now)) != null; moved = true) {
                server.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = server.pollTransmit(now)) != null; moved = true) {
                if (d.remote().equals(PEER)) {
                    peerReceived.add(d.payload().utf8());
                } else {
                    client.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
                }
            }
            for (TurnClientEvent e; (e = client.pollEvent()) != null; moved = true) {
                clientEvents.add(e);
            }
            if (!moved) {
                return;
            }
        }
    }

    void peerSays(String text) {
        server.handleDatagram(now, new Datagram(Transport.TCP, RELAYED, PEER, Bytes.wrap(text.getBytes())));
        pump();
    }

    void allocate() {
        client.allocate(now);
        pump();
        assertThat(client.state()).isEqualTo(TurnClient.State.ALLOCATED);
        assertThat(client.relayedAddress()).isEqualTo(RELAYED);
    }

    @Test
    void connect_bindsADataConnection_andBytesFlowBothWays() {
        allocate();
        client.connect(now, PEER);
        pump();
        assertThat(peerConnections).containsExactly(PEER);
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TurnClientEvent.PeerConnected.class,
                c -> assertThat(c.peer()).isEqualTo(PEER)));
        client.send(now, PEER, "hello peer".getBytes());
        pump();
        assertThat(peerReceived).containsExactly("hello peer");
        peerSays("hello client");
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TurnClientEvent.DataReceived.class,
                d -> assertThat(d.data().utf8()).isEqualTo("hello client")));
        // the peer closes: the server closes the data connection, and the client hears of it
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.CLOSED, RELAYED, PEER));
        pump();
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isEqualTo(new TurnClientEvent.PeerConnectionClosed(PEER)));
    }

    @Test
    void aPeerConnectingIn_isAccepted_afterAPermission() {
        allocate();
        client.createPermission(now, List.of(PEER));
        pump();
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.OPENED, RELAYED, PEER));
        pump();
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TurnClientEvent.PeerConnected.class,
                c -> assertThat(c.peer()).isEqualTo(PEER)));
        peerSays("knock knock");
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TurnClientEvent.DataReceived.class,
                d -> assertThat(d.data().utf8()).isEqualTo("knock knock")));
        client.send(now, PEER, "who is there".getBytes());
        pump();
        assertThat(peerReceived).containsExactly("who is there");
    }

    @Test
    void connectTwice_isRefused446_andReportedForThePeer() {
        allocate();
        client.connect(now, PEER);
        pump();
        client.connect(now, PEER);
        pump();
        assertThat(clientEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                TurnClientEvent.PeerConnectionFailed.class, f -> assertThat(f.code()).isEqualTo(446)));
    }
}
