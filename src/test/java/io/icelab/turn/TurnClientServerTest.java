package io.icelab.turn;

import static io.icelab.turn.TurnWorld.CLIENT;
import static io.icelab.turn.TurnWorld.PEER;
import static io.icelab.turn.TurnWorld.S;
import static io.icelab.turn.TurnWorld.SERVER;
import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our TURN client against our TURN server (RFC 8656), in memory with explicit time. */
class TurnClientServerTest {

    static StunMessage decode(Datagram d) {
        try {
            return StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void allocate_with401Round_thenPermission_sendIndication_andDataIndicationBack() {
        TurnWorld w = new TurnWorld();
        TurnClientEvent.AllocationCreated a = w.allocate();
        assertThat(a.relayed()).isEqualTo(at("198.51.100.1", 49152));
        assertThat(a.mapped()).isEqualTo(CLIENT);
        assertThat(a.lifetimeSeconds()).isEqualTo(600);
        assertThat(w.serverEvents()).anyMatch(e -> e instanceof TurnServerEvent.Refused r && r.code() == 401)
                .anyMatch(e -> e instanceof TurnServerEvent.AllocationCreated c && c.user().equals("alice"));
        w.client.createPermission(w.now, List.of(PEER));
        w.pump();
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.PermissionCreated(PEER));
        w.client.send(w.now, PEER, "hi peer".getBytes());
        w.pump();
        assertThat(w.atPeer).hasSize(1);
        assertThat(w.atPeer.get(0).local()).isEqualTo(a.relayed());
        assertThat(w.atPeer.get(0).payload().utf8()).isEqualTo("hi peer");
        w.peerSends(PEER, a.relayed(), "hi client".getBytes());
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.DataReceived(PEER, Bytes.wrap("hi client".getBytes())));
    }

    @Test
    void permissionsAndChannels_needAnAllocation_andHasPermissionFollowsTheServersAnswer() {
        TurnWorld w = new TurnWorld();
        assertThatThrownBy(() -> w.client.createPermission(w.now, List.of(PEER))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.client.bindChannel(w.now, PEER)).isInstanceOf(IllegalStateException.class);
        w.allocate();
        assertThat(w.client.hasPermission(PEER.getAddress())).as("before CreatePermission").isFalse();
        w.client.createPermission(w.now, List.of(PEER));
        assertThat(w.client.hasPermission(PEER.getAddress())).as("asked, not yet answered").isFalse();
        w.pump();
        assertThat(w.client.hasPermission(PEER.getAddress())).as("after the success").isTrue();
        assertThat(w.client.hasPermission(at("203.0.113.6", 7000).getAddress())).as("another peer").isFalse();
    }

    @Test
    void channelBind_thenChannelDataBothWays() {
        TurnWorld w = new TurnWorld();
        InetSocketAddress relayed = w.allocate().relayed();
        int ch = w.client.bindChannel(w.now, PEER);
        w.pump();
        assertThat(ch).isEqualTo(0x4000);
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.ChannelBound(PEER, 0x4000));
        w.client.send(w.now, PEER, new byte[] {1, 2, 3});
        w.pump();
        assertThat(w.atPeer.get(0).payload().toArray()).containsExactly(1, 2, 3);
        w.peerSends(PEER, relayed, new byte[] {9, 8, 7, 6, 5});
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.DataReceived(PEER, Bytes.wrap(new byte[] {9, 8, 7, 6, 5})));
        assertThat(w.server.relayedPackets()).isEqualTo(2);
    }

    /**
     * RFC 8656 §3.1, §12.5: over TCP every answer and relayed datagram goes back on the connection, and
     * ChannelData to the client is padded to a multiple of 4; a UDP client from the same address and port
     * has a 5-tuple of its own.
     */
    @Test
    void overTcp_everythingReturnsOnTheConnection_channelDataPadded() {
        TurnWorld w = new TurnWorld();
        w.clientTransport = Transport.TCP;
        InetSocketAddress relayed = w.allocate().relayed();
        w.client.bindChannel(w.now, PEER);
        w.pump();
        w.peerSends(PEER, relayed, new byte[] {9, 8, 7, 6, 5});
        assertThat(w.clientEvents()).contains(new TurnClientEvent.DataReceived(PEER, Bytes.wrap(new byte[] {9, 8, 7, 6, 5})));
        assertThat(w.toClient).isNotEmpty().allMatch(d -> d.transport() == Transport.TCP);
        Datagram channelData = w.toClient.get(w.toClient.size() - 1);
        assertThat(channelData.payload().hex()).isEqualTo("400000050908070605000000"); // 4 + 5, padded to 12
        assertThat(w.atPeer).allMatch(d -> d.transport() == Transport.UDP);
        assertThat(w.server.allocations()).isEqualTo(1);

        w.clientTransport = Transport.UDP; // same address and port, other transport: not the TCP allocation
        TurnClient udp = new TurnClient(new java.util.SplittableRandom(5), TurnClient.Config.of(TurnWorld.CLIENT,
                TurnWorld.SERVER, "alice", "s3cret"));
        udp.allocate(w.now);
        for (int round = 0; round < 4; round++) {
            for (Datagram d; (d = udp.pollTransmit(w.now)) != null; ) {
                w.server.handleDatagram(w.now, new Datagram(Transport.UDP, d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = w.server.pollTransmit(w.now)) != null; ) {
                udp.handleDatagram(w.now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
        }
        assertThat(udp.state()).as("a UDP allocation beside the TCP one, not 437").isEqualTo(TurnClient.State.ALLOCATED);
        assertThat(w.server.allocations()).isEqualTo(2);
    }

    @Test
    void sendWithoutPermission_asksForOneFirst_andTheDataWaitsForIt() {
        TurnWorld w = new TurnWorld();
        InetSocketAddress relayed = w.allocate().relayed();
        w.client.send(w.now, PEER, new byte[] {1}); // RFC 8656 §11.1: not sent before a permission is installed
        w.pump();
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.PermissionCreated(PEER));
        assertThat(w.atPeer).singleElement().satisfies(d -> {
            assertThat(d.local()).isEqualTo(relayed);
            assertThat(d.payload().toArray()).containsExactly(1);
        });
        assertThat(w.server.droppedPackets()).isZero();
    }

    @Test
    void wrongPassword_isRefused401() {
        TurnWorld w = new TurnWorld(TurnServer.Config.of(List.of(SERVER), "example.org", StaticUsers.of("alice", "s3cret")),
                "alice", "wrong");
        w.client.allocate(w.now);
        w.pump();
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.AllocationFailed(401, "Unauthorized: integrity check failed"));
        assertThat(w.server.allocations()).isZero();
    }

    @Test
    void refreshesItselfForAnHour_thenDeleteReleasesTheRelay() {
        TurnWorld w = new TurnWorld();
        InetSocketAddress relayed = w.allocate().relayed();
        w.client.createPermission(w.now, List.of(PEER));
        w.client.bindChannel(w.now, PEER);
        w.pump();
        w.clientEvents();
        w.runUntil(3600 * S);
        assertThat(w.server.allocations()).isEqualTo(1);
        assertThat(w.clientEvents()).isEmpty();
        w.peerSends(PEER, relayed, new byte[] {7});
        assertThat(w.clientEvents()).as("permission and channel still alive after an hour").hasSize(1);
        w.client.close(w.now);
        w.pump();
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.AllocationDeleted());
        assertThat(w.server.allocations()).isZero();
        assertThat(w.released).containsExactly(relayed);
    }

    @Test
    void whenTheClientStopsRefreshing_theServerExpiresTheAllocation() {
        TurnWorld w = new TurnWorld();
        InetSocketAddress relayed = w.allocate().relayed();
        // The client vanishes: only the server's timers run.
        long end = 601 * S;
        while (w.server.pollTimeout() <= end) {
            w.now = w.server.pollTimeout();
            w.server.handleTimeout(w.now);
        }
        assertThat(w.now).isEqualTo(600 * S);
        assertThat(w.server.allocations()).isZero();
        assertThat(w.released).containsExactly(relayed);
        assertThat(w.serverEvents()).anyMatch(e -> e instanceof TurnServerEvent.AllocationDeleted d
                && d.reason().contains("expired"));
    }

    @Test
    void peerPolicy_refusesLoopbackAndPrivatePeersWith403() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        w.client.createPermission(w.now, List.of(at("127.0.0.1", 9)));
        w.client.createPermission(w.now, List.of(at("10.1.2.3", 9)));
        w.client.createPermission(w.now, List.of(at("100.64.1.1", 9)));
        w.pump();
        List<TurnClientEvent> ev = w.clientEvents();
        assertThat(ev).hasSize(3).allMatch(e -> e instanceof TurnClientEvent.PermissionFailed f && f.code() == 403);
        assertThat(((TurnClientEvent.PermissionFailed) ev.get(0)).reason()).contains("loopback");
        assertThat(((TurnClientEvent.PermissionFailed) ev.get(1)).reason()).contains("private");
    }

    @Test
    void theServersOwnIpIsPermitted_butNothingIsRelayedIntoItsListeningPort() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        w.client.createPermission(w.now, List.of(SERVER));
        w.pump();
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.PermissionCreated(SERVER));
        w.client.send(w.now, SERVER, new byte[] {1});
        w.pump();
        assertThat(w.atPeer).isEmpty();
        assertThat(w.server.droppedPackets()).isEqualTo(1);
    }

    @Test
    void quotas_perUser486_total508() {
        TurnServer.Config c = TurnServer.Config.of(List.of(SERVER), "example.org",
                new StaticUsers(Map.of("alice", "s3cret"))).withQuotas(1, 10);
        TurnWorld w = new TurnWorld(c, "alice", "s3cret");
        w.allocate();
        TurnClient second = new TurnClient(new java.util.SplittableRandom(3),
                TurnClient.Config.of(at("192.0.2.10", 5001), SERVER, "alice", "s3cret"));
        assertThat(allocateWith(w, second)).isEqualTo(486);
        TurnServer.Config tiny = TurnServer.Config.of(List.of(SERVER), "example.org",
                new StaticUsers(Map.of("alice", "s3cret"))).withQuotas(5, 1);
        TurnWorld w2 = new TurnWorld(tiny, "alice", "s3cret");
        w2.allocate();
        assertThat(allocateWith(w2, new TurnClient(new java.util.SplittableRandom(4),
                TurnClient.Config.of(at("192.0.2.10", 5001), SERVER, "alice", "s3cret")))).isEqualTo(508);
    }

    private static int allocateWith(TurnWorld w, TurnClient c) {
        c.allocate(w.now);
        for (int i = 0; i < 10; i++) {
            for (Datagram d; (d = c.pollTransmit(w.now)) != null; ) {
                w.server.handleDatagram(w.now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = w.server.pollTransmit(w.now)) != null; ) {
                c.handleDatagram(w.now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
        }
        for (TurnClientEvent e; (e = c.pollEvent()) != null; ) {
            if (e instanceof TurnClientEvent.AllocationFailed f) {
                return f.code();
            }
        }
        return 0;
    }

    /** An authenticated request as a client would send it, after one 401 round done by hand. */
    private static StunMessage ask(TurnWorld w, InetSocketAddress from, StunMessageBuilder b) {
        w.server.handleDatagram(w.now, new Datagram(Transport.UDP, SERVER, from,
                Bytes.wrap(StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(0, 1)).encode())));
        StunMessage challenge = decode(w.server.pollTransmit(w.now));
        String nonce = challenge.attribute(CoreAttribute.Nonce.class).text();
        byte[] req = b.add(CoreAttribute.Username.of("alice")).add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(nonce)).integrity(StunKeys.longTermMd5("alice", "example.org", "s3cret"))
                .encode();
        w.server.handleDatagram(w.now, new Datagram(Transport.UDP, SERVER, from, Bytes.wrap(req)));
        return decode(w.server.pollTransmit(w.now));
    }

    @Test
    void errorCodes_400_442_437_508_440() {
        TurnWorld w = new TurnWorld();
        InetSocketAddress c = at("192.0.2.20", 4000);
        assertThat(ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 1))).errorCode())
                .as("no REQUESTED-TRANSPORT").isEqualTo(400);
        assertThat(ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 2))
                .add(new TurnAttribute.RequestedTransport(6))).errorCode()).isEqualTo(442);
        assertThat(ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 3))
                .add(new TurnAttribute.RequestedTransport(17)).add(new TurnAttribute.ReservationToken(42))).errorCode())
                .as("an unknown RESERVATION-TOKEN").isEqualTo(508);
        assertThat(ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 4))
                .add(new TurnAttribute.RequestedTransport(17)).add(new TurnAttribute.RequestedAddressFamily(2))).errorCode())
                .as("the test allocator has no IPv6").isEqualTo(440);
        StunMessage ok = ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 5))
                .add(new TurnAttribute.RequestedTransport(17)));
        assertThat(ok.errorCode()).isZero();
        assertThat(ask(w, c, StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(1, 6))
                .add(new TurnAttribute.RequestedTransport(17))).errorCode()).as("a second allocation on the 5-tuple")
                .isEqualTo(437);
        assertThat(ask(w, at("192.0.2.21", 4000), StunMessageBuilder.request(Method.REFRESH, new TransactionId(1, 7)))
                .errorCode()).as("refresh without allocation").isEqualTo(437);
        assertThat(ask(w, c, StunMessageBuilder.request(Method.CHANNEL_BIND, new TransactionId(1, 8))
                .add(new TurnAttribute.ChannelNumber(0x3fff)).add(new TurnAttribute.XorPeerAddress(PEER))).errorCode())
                .isEqualTo(400);
    }

    @Test
    void evenPortWithReservation_thenTheTokenClaimsTheNextPort() {
        TurnWorld w = new TurnWorld();
        StunMessage first = ask(w, at("192.0.2.30", 4000), StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(2, 1))
                .add(new TurnAttribute.RequestedTransport(17)).add(new TurnAttribute.EvenPort(true)));
        InetSocketAddress rtp = first.attribute(TurnAttribute.XorRelayedAddress.class).address();
        assertThat(rtp.getPort() % 2).isZero();
        long token = first.attribute(TurnAttribute.ReservationToken.class).token();
        StunMessage second = ask(w, at("192.0.2.30", 4001), StunMessageBuilder.request(Method.ALLOCATE,
                new TransactionId(2, 2)).add(new TurnAttribute.RequestedTransport(17))
                .add(new TurnAttribute.ReservationToken(token)));
        assertThat(second.attribute(TurnAttribute.XorRelayedAddress.class).address().getPort()).isEqualTo(rtp.getPort() + 1);
        assertThat(ask(w, at("192.0.2.30", 4002), StunMessageBuilder.request(Method.ALLOCATE, new TransactionId(2, 3))
                .add(new TurnAttribute.RequestedTransport(17)).add(new TurnAttribute.ReservationToken(token))).errorCode())
                .as("a token is used once").isEqualTo(508);
    }

    @Test
    void aRetransmittedAllocate_getsTheSameAnswer() {
        TurnWorld w = new TurnWorld();
        w.dropToClient = d -> decode(d).is(io.icelab.stun.MessageClass.SUCCESS_RESPONSE, Method.ALLOCATE);
        w.client.allocate(w.now);
        w.pump();
        assertThat(w.clientEvents()).isEmpty();
        w.dropToClient = d -> false;
        w.runUntil(600_000_000L); // the 500 ms retransmission
        assertThat(w.clientEvents()).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
        assertThat(w.server.allocations()).isEqualTo(1);
    }

    @Test
    void channelBindResponsesDropped_theClientRetransmitsAndRecovers() {
        // The fault pion/turn runs against coturn: ChannelBind answers lost twice.
        TurnWorld w = new TurnWorld();
        w.allocate();
        int[] dropped = {0};
        w.dropToClient = d -> decode(d).method().equals(Method.CHANNEL_BIND) && dropped[0]++ < 2;
        w.client.bindChannel(w.now, PEER);
        w.pump();
        assertThat(w.clientEvents()).isEmpty();
        w.runUntil(5 * S);
        assertThat(dropped[0]).isEqualTo(3);
        assertThat(w.clientEvents()).containsExactly(new TurnClientEvent.ChannelBound(PEER, 0x4000));
        w.client.send(w.now, PEER, new byte[] {4});
        w.pump();
        assertThat(w.atPeer).hasSize(1);
    }

    @Test
    void channelRules_aBoundChannelOrPeerCannotBeRebound_differently() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        w.client.bindChannel(w.now, PEER);
        w.pump();
        InetSocketAddress other = at("203.0.113.6", 7000);
        int second = w.client.bindChannel(w.now, other);
        w.pump();
        assertThat(second).isEqualTo(0x4001);
        assertThat(w.clientEvents()).contains(new TurnClientEvent.ChannelBound(other, 0x4001));
        StunMessage clash = askBound(w, 0x4000, other);
        assertThat(clash.errorCode()).isEqualTo(400);
    }

    /** A ChannelBind on the client's own 5-tuple, authenticated with the client's current nonce. */
    private static StunMessage askBound(TurnWorld w, int channel, InetSocketAddress peer) {
        w.client.createPermission(w.now, List.of(peer)); // to learn the nonce in use from the request
        Datagram probe = w.client.pollTransmit(w.now);
        String nonce = decode(probe).attribute(CoreAttribute.Nonce.class).text();
        byte[] req = StunMessageBuilder.request(Method.CHANNEL_BIND, new TransactionId(7, 7))
                .add(new TurnAttribute.ChannelNumber(channel)).add(new TurnAttribute.XorPeerAddress(peer))
                .add(CoreAttribute.Username.of("alice")).add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(nonce))
                .add(new CoreAttribute.PasswordAlgorithms(List.of(CoreAttribute.PasswordAlgorithm.of(2),
                        CoreAttribute.PasswordAlgorithm.of(1))))
                .add(CoreAttribute.PasswordAlgorithm.of(2))
                .integritySha256(StunKeys.longTermSha256("alice", "example.org", "s3cret")).encode();
        w.server.handleDatagram(w.now, new Datagram(Transport.UDP, SERVER, CLIENT, Bytes.wrap(req)));
        return decode(w.server.pollTransmit(w.now));
    }

    @Test
    void restApiCredentials_validUntilTheirExpiry() {
        long[] unix = {1_700_000_000L};
        RestApiUsers users = new RestApiUsers("topsecret", () -> unix[0]);
        String user = (unix[0] + 3600) + ":alice";
        String password = RestApiUsers.passwordFor("topsecret", user);
        TurnWorld w = new TurnWorld(TurnServer.Config.of(List.of(SERVER), "example.org", users), user, password);
        assertThat(w.allocate().relayed()).isNotNull();
        unix[0] += 7200;
        assertThat(users.password(user, "example.org")).as("expired").isNull();
        assertThat(users.password("not-a-time:alice", "example.org")).isNull();
    }

    @Test
    void anotherUsersRequestOnTheAllocation_gets441() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        // bob, with valid credentials, uses alice's 5-tuple
        w.server.handleDatagram(w.now, new Datagram(Transport.UDP, SERVER, CLIENT,
                Bytes.wrap(StunMessageBuilder.request(Method.REFRESH, new TransactionId(5, 1)).encode())));
        String nonce = decode(w.server.pollTransmit(w.now)).attribute(CoreAttribute.Nonce.class).text();
        byte[] req = StunMessageBuilder.request(Method.REFRESH, new TransactionId(5, 2))
                .add(CoreAttribute.Username.of("bob")).add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(nonce)).integrity(StunKeys.longTermMd5("bob", "example.org", "pw")).encode();
        w.server.handleDatagram(w.now, new Datagram(Transport.UDP, SERVER, CLIENT, Bytes.wrap(req)));
        assertThat(decode(w.server.pollTransmit(w.now)).errorCode()).isEqualTo(441);
    }

    @Test
    void tryAlternate300_withoutIntegrity_isNotFollowed() {
        InetSocketAddress alternate = at("198.51.100.2", 3478);
        TurnClient c = new TurnClient(new java.util.SplittableRandom(8), TurnClient.Config.of(CLIENT, SERVER, "a", "b"));
        c.allocate(0);
        Datagram req = c.pollTransmit(0);
        assertThat(req.remote()).isEqualTo(SERVER);
        // RFC 8489 §14.8: a 300 must be integrity-protected; this one could come from anybody on the path
        byte[] moved = StunMessageBuilder.errorFor(decode(req), 300, "Try Alternate")
                .add(new CoreAttribute.AlternateServer(alternate)).encode();
        c.handleDatagram(0, new Datagram(Transport.UDP, CLIENT, SERVER, Bytes.wrap(moved)));
        assertThat(c.pollTransmit(0)).as("the unsigned 300 is not followed").isNull();
        TurnClientEvent last = null;
        for (TurnClientEvent e; (e = c.pollEvent()) != null; ) {
            last = e;
        }
        assertThat(last).isEqualTo(new TurnClientEvent.AllocationFailed(300, "Try Alternate"));
        assertThat(c.server()).isEqualTo(SERVER);
    }

    /** RFC 8656 §5: a 437 to a CreatePermission means the allocation is gone: no more refreshes, no sending. */
    @Test
    void a437ToCreatePermission_endsTheAllocation_noRefreshAfterwards() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        w.client.createPermission(w.now, List.of(PEER));
        Datagram req = w.client.pollTransmit(w.now);
        assertThat(decode(req).method()).isEqualTo(io.icelab.stun.Method.CREATE_PERMISSION);
        byte[] gone = StunMessageBuilder.errorFor(decode(req), 437, "Allocation Mismatch").encode();
        w.client.handleDatagram(w.now, new Datagram(Transport.UDP, req.local(), req.remote(), Bytes.wrap(gone)));
        assertThat(w.clientEvents()).anyMatch(e -> e instanceof TurnClientEvent.AllocationLost);
        assertThat(w.client.state()).isEqualTo(TurnClient.State.FAILED);
        w.client.handleTimeout(w.now + 700 * io.icelab.sim.SimTime.S);
        assertThat(w.client.pollTransmit(w.now + 700 * io.icelab.sim.SimTime.S)).as("no refresh of a lost allocation").isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.client.send(w.now, PEER, new byte[] {1}))
                .isInstanceOf(IllegalStateException.class);
    }

    /** RFC 8656 §11.1: data for a peer without a permission waits at most MAX_WAITING datagrams, the oldest going. */
    @Test
    void dataWaitingForAPermission_isBounded_andFlushedInOrder() {
        TurnWorld w = new TurnWorld();
        w.allocate();
        for (int i = 0; i < TurnClient.MAX_WAITING + 5; i++) {
            w.client.send(w.now, PEER, new byte[] {(byte) i});
        }
        w.pump();
        assertThat(w.atPeer).hasSize(TurnClient.MAX_WAITING);
        assertThat(w.atPeer.get(0).payload().toArray()).containsExactly(5);
        assertThat(w.atPeer.get(TurnClient.MAX_WAITING - 1).payload().toArray()).containsExactly(TurnClient.MAX_WAITING + 4);
    }

    enum Loss { REFRESH_TIMES_OUT, MISMATCH_437, DELETED }

    /**
     * RFC 8656 §5: permissions and channels belong to one allocation. Whichever way it ends, the client forgets
     * them, and data to the same peer on the next allocation first installs a permission again.
     */
    @Test
    void aNewAllocation_startsWithoutTheOldPermissionsAndChannels() {
        for (Loss loss : Loss.values()) {
            TurnWorld w = new TurnWorld();
            w.allocate();
            w.client.createPermission(w.now, List.of(PEER));
            w.client.bindChannel(w.now, PEER);
            w.pump();
            assertThat(w.client.channel(PEER)).as(loss.name()).isNotNegative();
            switch (loss) {
                case REFRESH_TIMES_OUT -> {
                    w.dropToClient = d -> true;
                    w.client.refresh(w.now, 600);
                    w.runUntil(w.now + 60 * S);
                    w.dropToClient = d -> false;
                }
                case MISMATCH_437 -> {
                    w.client.createPermission(w.now, List.of(at("203.0.113.6", 7000)));
                    Datagram req = w.client.pollTransmit(w.now);
                    byte[] gone = StunMessageBuilder.errorFor(decode(req), 437, "Allocation Mismatch").encode();
                    w.client.handleDatagram(w.now, new Datagram(Transport.UDP, req.local(), req.remote(), Bytes.wrap(gone)));
                }
                case DELETED -> {
                    w.client.close(w.now);
                    w.pump();
                }
            }
            assertThat(w.client.state()).as(loss.name()).isIn(TurnClient.State.FAILED, TurnClient.State.DELETED);
            assertThat(w.client.channel(PEER)).as(loss.name()).isEqualTo(-1);
            w.runUntil(w.now + 700 * S); // the server lets the old allocation expire
            w.clientEvents();
            w.allocate();
            w.client.send(w.now, PEER, new byte[] {9});
            StunMessage first = decode(w.client.pollTransmit(w.now));
            assertThat(first).as(loss.name()).isNotNull();
            assertThat(first.method()).as(loss.name()).isEqualTo(Method.CREATE_PERMISSION);
        }
    }
}
