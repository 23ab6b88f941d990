package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.ConnectionEvent;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RFC 6062 on the sans-IO server in explicit time: TCP allocations, Connect (success, 446, 447, 403), a peer
 * connecting (ConnectionAttempt, or closed without a permission), ConnectionBind (400 for an unknown id or on a
 * control connection, 441 for another user), 30 s to bind, bytes both ways once bound and held before, and
 * connections closed in pairs and with the allocation.
 */
class TurnTcpAllocationTest {
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress CONTROL = at("192.0.2.10", 40000);
    static final InetSocketAddress DATA = at("192.0.2.10", 40001);
    static final InetSocketAddress RELAYED = at("198.51.100.1", 50000);
    static final InetSocketAddress PEER = at("203.0.113.5", 7000);
    static final long S = 1_000_000_000L;
    static final TurnAttribute.RequestedTransport TCP = new TurnAttribute.RequestedTransport(
            TurnAttribute.RequestedTransport.TCP);

    /** What the server asked of its driver, in order, as text. */
    static final class Recorder implements TcpRelays {
        final List<String> calls = new ArrayList<>();

        public InetSocketAddress listen(int family) {
            calls.add("listen " + family);
            return RELAYED;
        }

        public void connect(InetSocketAddress relayed, InetSocketAddress peer) {
            calls.add("connect " + relayed + " " + peer);
        }

        public void reframe(InetSocketAddress local, InetSocketAddress remote,
                io.icelab.stun.StreamFramer.Framing framing) {
            calls.add("unframe " + local + " " + remote);
        }

        public void close(InetSocketAddress local, InetSocketAddress remote) {
            calls.add("close " + local + " " + remote);
        }

        public void release(InetSocketAddress relayed) {
            calls.add("release " + relayed);
        }
    }

    final Recorder relays = new Recorder();
    final TurnServer server = new TurnServer(TurnServer.Config.of(List.of(SERVER), "r",
            new StaticUsers(java.util.Map.of("u", "p", "v", "q"))), TurnWorld.endlessPorts(), relays, new SplittableRandom(3));
    final SplittableRandom random = new SplittableRandom(9);
    final List<Datagram> out = new ArrayList<>();
    long now;
    String nonce;
    final java.util.Map<String, String> nonces = new java.util.HashMap<>();

    List<StunMessage> feed(Transport t, InetSocketAddress from, byte[] bytes) {
        server.handleDatagram(now, new Datagram(t, SERVER, from, Bytes.wrap(bytes)));
        return drain();
    }

    List<StunMessage> drain() {
        List<StunMessage> answers = new ArrayList<>();
        for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
            out.add(d);
            if (d.local().equals(SERVER)) {
                try {
                    StunMessage m = StunDecoder.decode(d.payload());
                    answers.add(m);
                    CoreAttribute.Nonce n = m.attribute(CoreAttribute.Nonce.class);
                    if (n != null) {
                        nonce = n.text();
                    }
                } catch (io.icelab.stun.StunDecodeException e) {
                    // relayed bytes on a data connection, not STUN
                }
            }
        }
        return answers;
    }

    /** A signed request from {@code from} over {@code t}, with the nonce the server gave that source (RFC 8489 §9.2). */
    byte[] signed(Transport t, InetSocketAddress from, String user, String pass, Method method, StunAttribute... attrs) {
        String key = t + " " + from;
        if (!nonces.containsKey(key)) {
            nonce = null;
            feed(t, from, StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(random)).encode());
            nonces.put(key, nonce);
        }
        nonce = nonces.get(key);
        StunMessageBuilder b = StunMessageBuilder.request(method, TransactionId.random(random));
        for (StunAttribute a : attrs) {
            b.add(a);
        }
        return b.add(CoreAttribute.Username.of(user)).add(CoreAttribute.Realm.of("r")).add(CoreAttribute.Nonce.of(nonce))
                .integrity(StunKeys.longTermMd5(user, "r", pass)).fingerprint().encode();
    }

    StunMessage request(Transport t, InetSocketAddress from, Method method, StunAttribute... attrs) {
        List<StunMessage> a = feed(t, from, signed(t, from, "u", "p", method, attrs));
        return a.isEmpty() ? null : a.get(a.size() - 1);
    }

    static int code(StunMessage m) {
        CoreAttribute.ErrorCode e = m.attribute(CoreAttribute.ErrorCode.class);
        return e == null ? 0 : e.code();
    }

    void opened(InetSocketAddress local, InetSocketAddress remote) {
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.OPENED, local, remote));
    }

    StunMessage allocateTcp() {
        StunMessage ok = request(Transport.TCP, CONTROL, Method.ALLOCATE, TCP);
        assertThat(ok.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).as(String.valueOf(ok)).isTrue();
        assertThat(ok.attribute(TurnAttribute.XorRelayedAddress.class).address()).isEqualTo(RELAYED);
        return ok;
    }

    /** Connect to PEER, the driver reports it opened: the success with its CONNECTION-ID. */
    int connectToPeer() {
        assertThat(request(Transport.TCP, CONTROL, Method.CONNECT, new TurnAttribute.XorPeerAddress(PEER)))
                .as("no answer before the connection's outcome").isNull();
        assertThat(relays.calls).contains("connect " + RELAYED + " " + PEER);
        opened(RELAYED, PEER);
        List<StunMessage> a = drain();
        assertThat(a).hasSize(1);
        assertThat(a.get(0).messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).isTrue();
        return a.get(0).attribute(TurnAttribute.ConnectionId.class).id();
    }

    /** §5.4: a ConnectionBind on a new connection, with the nonce the control connection was given. */
    StunMessage bind(InetSocketAddress from, int id) {
        return bindAs("u", "p", from, id);
    }

    StunMessage bindOwnNonce(InetSocketAddress from, int id) {
        return request(Transport.TCP, from, Method.CONNECTION_BIND, new TurnAttribute.ConnectionId(id));
    }

    StunMessage bindAs(String user, String pass, InetSocketAddress from, int id) {
        byte[] m = signed(Transport.TCP, CONTROL, user, pass, Method.CONNECTION_BIND, new TurnAttribute.ConnectionId(id));
        List<StunMessage> a = feed(Transport.TCP, from, m);
        return a.isEmpty() ? null : a.get(a.size() - 1);
    }

    @Test
    void tcpAllocation_overUdp_is400_andWithEvenPort_is400_andWithoutTcpRelays_is442() {
        assertThat(code(request(Transport.UDP, CONTROL, Method.ALLOCATE, TCP))).isEqualTo(400);
        assertThat(code(request(Transport.TCP, CONTROL, Method.ALLOCATE, TCP, new TurnAttribute.EvenPort(false))))
                .isEqualTo(400);
        TurnServer plain = new TurnServer(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p")),
                TurnWorld.endlessPorts(), new SplittableRandom(3));
        plain.handleDatagram(now, new Datagram(Transport.TCP, SERVER, CONTROL,
                Bytes.wrap(StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(random)).encode())));
        String plainNonce = decode(plain.pollTransmit(now)).attribute(CoreAttribute.Nonce.class).text();
        plain.handleDatagram(now, new Datagram(Transport.TCP, SERVER, CONTROL, Bytes.wrap(StunMessageBuilder
                .request(Method.ALLOCATE, TransactionId.random(random)).add(TCP).add(CoreAttribute.Username.of("u"))
                .add(CoreAttribute.Realm.of("r")).add(CoreAttribute.Nonce.of(plainNonce))
                .integrity(StunKeys.longTermMd5("u", "r", "p")).fingerprint().encode())));
        StunMessage m = decode(plain.pollTransmit(now));
        assertThat(code(m)).isEqualTo(442);
    }

    @Test
    void connect_opensFromTheRelayedAddress_answersWithAConnectionId_andBytesFlowOnceBound() {
        allocateTcp();
        int id = connectToPeer();
        // the peer speaks first: held until the data connection is bound
        server.handleDatagram(now, new Datagram(Transport.TCP, RELAYED, PEER, Bytes.wrap("early".getBytes())));
        assertThat(drain()).isEmpty();
        out.clear();
        StunMessage ok = bind(DATA, id);
        assertThat(ok.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).as(String.valueOf(ok)).isTrue();
        assertThat(relays.calls).contains("unframe " + SERVER + " " + DATA);
        assertThat(out).anyMatch(d -> d.remote().equals(DATA) && d.payload().utf8().equals("early"));
        out.clear();
        server.handleDatagram(now, new Datagram(Transport.TCP, SERVER, DATA, Bytes.wrap("to the peer".getBytes())));
        drain();
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.local()).isEqualTo(RELAYED);
            assertThat(d.remote()).isEqualTo(PEER);
            assertThat(d.payload().utf8()).isEqualTo("to the peer");
        });
        out.clear();
        server.handleDatagram(now, new Datagram(Transport.TCP, RELAYED, PEER, Bytes.wrap("back".getBytes(StandardCharsets.UTF_8))));
        drain();
        assertThat(out).singleElement().satisfies(d -> assertThat(d.remote()).isEqualTo(DATA));
        // §5.5: the peer closes: so is the data connection
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.CLOSED, RELAYED, PEER));
        assertThat(relays.calls).contains("close " + SERVER + " " + DATA);
        assertThat(server.peerConnections()).isZero();
    }

    @Test
    void connect_twiceToOnePeer_is446_andAFailedConnection_is447() {
        allocateTcp();
        assertThat(request(Transport.TCP, CONTROL, Method.CONNECT, new TurnAttribute.XorPeerAddress(PEER))).isNull();
        assertThat(code(request(Transport.TCP, CONTROL, Method.CONNECT, new TurnAttribute.XorPeerAddress(PEER))))
                .isEqualTo(446);
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.FAILED, RELAYED, PEER));
        List<StunMessage> a = drain();
        assertThat(a).singleElement().satisfies(m -> assertThat(code(m)).isEqualTo(447));
        // and one that never opens is answered 447 after 30 s
        InetSocketAddress other = at("203.0.113.6", 7000);
        assertThat(request(Transport.TCP, CONTROL, Method.CONNECT, new TurnAttribute.XorPeerAddress(other))).isNull();
        now += TcpAllocations.CONNECT_TIMEOUT - 1;
        server.handleTimeout(now);
        assertThat(drain()).isEmpty();
        now += 1;
        assertThat(server.pollTimeout()).isLessThanOrEqualTo(now);
        server.handleTimeout(now);
        assertThat(drain()).singleElement().satisfies(m -> assertThat(code(m)).isEqualTo(447));
        assertThat(relays.calls).contains("close " + RELAYED + " " + other);
    }

    @Test
    void connect_toAForbiddenPeer_is403_andOnAUdpAllocation_is400_andChannelBindOnTcp_is400() {
        allocateTcp();
        assertThat(code(request(Transport.TCP, CONTROL, Method.CONNECT,
                new TurnAttribute.XorPeerAddress(at("127.0.0.1", 80))))).isEqualTo(403);
        assertThat(code(request(Transport.TCP, CONTROL, Method.CHANNEL_BIND, new TurnAttribute.ChannelNumber(0x4000),
                new TurnAttribute.XorPeerAddress(PEER)))).isEqualTo(400);
        InetSocketAddress udpClient = at("192.0.2.11", 5000);
        assertThat(request(Transport.UDP, udpClient, Method.ALLOCATE,
                new TurnAttribute.RequestedTransport(TurnAttribute.RequestedTransport.UDP)).messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).isTrue();
        assertThat(code(request(Transport.UDP, udpClient, Method.CONNECT, new TurnAttribute.XorPeerAddress(PEER))))
                .isEqualTo(400);
    }

    @Test
    void aPeerConnecting_withAPermission_isAnnounced_andWithoutOne_isClosed() {
        opened(SERVER, CONTROL); // a client reaching the server itself is none of the relay's business
        assertThat(relays.calls).isEmpty();
        allocateTcp();
        opened(RELAYED, PEER);
        assertThat(relays.calls).contains("close " + RELAYED + " " + PEER);
        assertThat(drain()).isEmpty();
        assertThat(request(Transport.TCP, CONTROL, Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(PEER))
                .messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).isTrue();
        opened(RELAYED, PEER);
        List<StunMessage> a = drain();
        assertThat(a).singleElement().satisfies(m -> {
            assertThat(m.method()).isEqualTo(Method.CONNECTION_ATTEMPT);
            assertThat(m.isIndication()).isTrue();
            assertThat(m.attribute(TurnAttribute.XorPeerAddress.class).address()).isEqualTo(PEER);
        });
        int id = a.get(0).attribute(TurnAttribute.ConnectionId.class).id();
        assertThat(bind(DATA, id).messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).isTrue();
    }

    @Test
    void connectionBind_unknownId_onTheControlConnection_byAnotherUser_andTooLate_areRefused() {
        allocateTcp();
        int id = connectToPeer();
        // an unknown CONNECTION-ID names no allocation: the data connection's own nonce, then 400
        assertThat(code(bindOwnNonce(DATA, id + 1))).isEqualTo(400);
        assertThat(code(bind(CONTROL, id))).as("the control connection holds the allocation").isEqualTo(400);
        assertThat(code(bindAs("v", "q", at("192.0.2.10", 40002), id))).isEqualTo(441);
        // the nonce of the data connection's own source is not the one its allocation was given
        assertThat(code(feed(Transport.TCP, DATA, signed(Transport.TCP, DATA, "u", "p", Method.CONNECTION_BIND,
                new TurnAttribute.ConnectionId(id))).get(0))).isEqualTo(438);
        // §5.2: 30 s without a ConnectionBind closes the peer connection
        now += TcpAllocations.BIND_TIMEOUT;
        server.handleTimeout(now);
        assertThat(relays.calls).contains("close " + RELAYED + " " + PEER);
        assertThat(server.peerConnections()).isZero();
        assertThat(code(bindOwnNonce(DATA, id))).isEqualTo(400);
    }

    @Test
    void aPeerSendingMoreThanIsHeldBeforeTheBind_isClosed() {
        allocateTcp();
        connectToPeer();
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i <= TcpAllocations.MAX_UNBOUND_BYTES / chunk.length; i++) {
            server.handleDatagram(now, new Datagram(Transport.TCP, RELAYED, PEER, Bytes.wrap(chunk)));
        }
        assertThat(relays.calls).contains("close " + RELAYED + " " + PEER);
        assertThat(server.peerConnections()).isZero();
    }

    @Test
    void theControlConnectionClosing_deletesTheAllocation_andClosesItsConnections() {
        allocateTcp();
        int id = connectToPeer();
        assertThat(bind(DATA, id).messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).isTrue();
        server.handleConnection(now, new ConnectionEvent(ConnectionEvent.Kind.CLOSED, SERVER, CONTROL));
        assertThat(server.allocations()).isZero();
        assertThat(relays.calls).contains("close " + RELAYED + " " + PEER, "close " + SERVER + " " + DATA,
                "release " + RELAYED);
    }

    static StunMessage decode(Datagram d) {
        try {
            return StunDecoder.decode(d.payload());
        } catch (io.icelab.stun.StunDecodeException e) {
            throw new AssertionError(e);
        }
    }
}
