package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.NonceCookie;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.Transport;
import io.icelab.stun.TurnAttribute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TURN server against an attacker (issue 13), in explicit time: each test is a finding that broke
 * or abused the server before, and fails on that code.
 */
class TurnAbuseTest {
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress CLIENT = at("192.0.2.10", 5000);
    static final long S = 1_000_000_000L;

    /** The server, a relay allocator with endless IPv4 ports, and a client that signs its requests. */
    static final class Attacker {
        final TurnServer server;
        final SplittableRandom random = new SplittableRandom(7);
        InetSocketAddress from = CLIENT;
        String nonce;
        final byte[] key = StunKeys.longTermMd5("u", "r", "p");
        long now;
        int ports = 50000;

        Attacker(TurnServer.Config config) {
            server = new TurnServer(config, new RelayAllocator() {
                public InetSocketAddress allocate(int family, RelayAllocator.Parity parity) {
                    if (family != 1) {
                        return null;
                    }
                    if (!parity.admits(ports)) {
                        ports++;
                    }
                    return at("198.51.100.1", ports++);
                }

                public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                    ports = Math.max(ports, wanted.getPort() + 1);
                    return wanted;
                }

                public void release(InetSocketAddress relayed) {
                }
            }, new SplittableRandom(1));
        }

        Attacker() {
            this(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p")));
        }

        /** Sends raw bytes; returns what the server answered (decoded), or null. */
        StunMessage raw(byte[] bytes) {
            server.handleDatagram(now, new Datagram(Transport.UDP, SERVER, from, Bytes.wrap(bytes)));
            StunMessage answer = null;
            for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
                try {
                    answer = StunDecoder.decode(d.payload());
                } catch (io.icelab.stun.StunDecodeException e) {
                    throw new AssertionError(e);
                }
                CoreAttribute.Nonce n = answer.attribute(CoreAttribute.Nonce.class);
                if (n != null) {
                    nonce = n.text();
                }
            }
            return answer;
        }

        byte[] signed(Method method, StunAttribute... attrs) {
            if (nonce == null) {
                raw(StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(random)).encode());
            }
            StunMessageBuilder b = StunMessageBuilder.request(method, TransactionId.random(random));
            for (StunAttribute a : attrs) {
                b.add(a);
            }
            return b.add(CoreAttribute.Username.of("u")).add(CoreAttribute.Realm.of("r"))
                    .add(CoreAttribute.Nonce.of(nonce)).integrity(key).fingerprint().encode();
        }

        StunMessage send(Method method, StunAttribute... attrs) {
            return raw(signed(method, attrs));
        }

        int code(StunMessage m) {
            CoreAttribute.ErrorCode e = m.attribute(CoreAttribute.ErrorCode.class);
            return e == null ? 0 : e.code();
        }
    }

    static final TurnAttribute.RequestedTransport UDP = new TurnAttribute.RequestedTransport(
            TurnAttribute.RequestedTransport.UDP);

    /** The 92-byte datagram that ended the process: a NONCE "obMatJos2AA==" (a padded cookie) and any MESSAGE-INTEGRITY. */
    @Test
    void aPaddedNonceCookie_isAnInvalidNonce_notACrash() throws Exception {
        assertThat(NonceCookie.features("obMatJos2AA==")).isEqualTo(-1);
        assertThat(NonceCookie.features("obMatJos2AAA=xyz")).isEqualTo(-1);
        assertThat(NonceCookie.features(NonceCookie.make(NonceCookie.PASSWORD_ALGORITHMS, "x")))
                .isEqualTo(NonceCookie.PASSWORD_ALGORITHMS);
        Attacker a = new Attacker();
        byte[] crafted = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(a.random)).add(UDP)
                .add(CoreAttribute.Username.of("u")).add(CoreAttribute.Realm.of("r"))
                .add(CoreAttribute.Nonce.of("obMatJos2AA==")).integrity(new byte[16]).encode();
        StunMessage answer = a.raw(crafted);
        assertThat(a.code(answer)).isEqualTo(438); // a nonce we never issued: stale, with a fresh one
        // and our client, given the same nonce in a 401, does not throw either
        StunMessage challenge = StunDecoder.decode(Bytes.wrap(StunMessageBuilder.errorFor(
                decodeRequest(crafted), 401, "Unauthorized").add(CoreAttribute.Realm.of("r"))
                .add(CoreAttribute.Nonce.of("obMatJos2AA==")).encode()));
        TurnClient client = new TurnClient(new SplittableRandom(3), TurnClient.Config.of(CLIENT, SERVER, "u", "p"));
        client.allocate(0);
        Datagram request = client.pollTransmit(0);
        byte[] reply = StunMessageBuilder.errorFor(decodeRequest(request.payload().toArray()), 401, "Unauthorized")
                .add(CoreAttribute.Realm.of("r")).add(CoreAttribute.Nonce.of("obMatJos2AA==")).encode();
        assertThat(challenge.isResponse()).isTrue();
        assertThatCode(() -> client.handleDatagram(0, new Datagram(Transport.UDP, CLIENT, SERVER, Bytes.wrap(reply))))
                .doesNotThrowAnyException();
    }

    private static StunMessage decodeRequest(byte[] b) throws io.icelab.stun.StunDecodeException {
        return StunDecoder.decode(Bytes.wrap(b));
    }

    /** RFC 8656 §9.1/§11.2: a peer of the other family than the allocation's relayed address gets 443, not 200. */
    @Test
    void aPeerOfTheOtherFamily_is443_andItsSendIndicationIsDropped() {
        Attacker a = new Attacker();
        assertThat(a.code(a.send(Method.ALLOCATE, UDP))).isZero();
        InetSocketAddress v6 = at("2001:db8::7", 7000);
        assertThat(a.code(a.send(Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(v6)))).isEqualTo(443);
        assertThat(a.code(a.send(Method.CHANNEL_BIND, new TurnAttribute.ChannelNumber(0x4000),
                new TurnAttribute.XorPeerAddress(v6)))).isEqualTo(443);
        long relayed = a.server.relayedPackets();
        a.raw(StunMessageBuilder.indication(Method.SEND, TransactionId.random(a.random))
                .add(new TurnAttribute.XorPeerAddress(v6)).add(new TurnAttribute.Data(Bytes.wrap(new byte[4]))).encode());
        assertThat(a.server.relayedPackets()).isEqualTo(relayed);
        assertThat(a.server.pollTransmit(0)).isNull();
    }

    /** EVEN-PORT reservations count against the user's quota: 10 allocations' worth, then 486. */
    @Test
    void reservations_countAgainstTheUsersQuota() {
        Attacker a = new Attacker();
        int reserved = 0;
        for (int i = 0; i < 30; i++) {
            a.from = at("192.0.2.10", 6000 + i);
            a.nonce = null;
            StunMessage r = a.send(Method.ALLOCATE, UDP, new TurnAttribute.EvenPort(true));
            if (a.code(r) == 486) {
                break;
            }
            assertThat(a.code(r)).isZero();
            reserved++;
            assertThat(a.code(a.send(Method.REFRESH, new TurnAttribute.Lifetime(0)))).isZero();
        }
        assertThat(reserved).as("allocations + reservations within the quota of 10").isEqualTo(10);
        assertThat(a.server.reservations()).isEqualTo(10);
        a.now += 31 * S; // reservations last 30 s (RFC 8656 §14.9)
        a.server.handleTimeout(a.now);
        a.from = at("192.0.2.10", 7000);
        a.nonce = null;
        assertThat(a.code(a.send(Method.ALLOCATE, UDP))).isZero();
    }

    /** One allocation holds at most Limits.permissionsPerAllocation permissions (and channels): 508 past it. */
    @Test
    void permissionsAndChannels_areCappedPerAllocation() {
        Attacker a = new Attacker(TurnServer.Config.of(List.of(SERVER), "r", StaticUsers.of("u", "p"))
                .withLimits(new TurnServer.Limits(50, 5)));
        assertThat(a.code(a.send(Method.ALLOCATE, UDP))).isZero();
        for (int i = 0; i < 50; i++) {
            assertThat(a.code(a.send(Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(
                    at("203.0.113." + (i + 1), 7000))))).isZero();
        }
        assertThat(a.code(a.send(Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(at("203.0.113.99", 7000)))))
                .isEqualTo(508);
        assertThat(a.code(a.send(Method.CREATE_PERMISSION, new TurnAttribute.XorPeerAddress(at("203.0.113.1", 7000)))))
                .as("refreshing one it has is fine").isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(a.code(a.send(Method.CHANNEL_BIND, new TurnAttribute.ChannelNumber(0x4000 + i),
                    new TurnAttribute.XorPeerAddress(at("203.0.113." + (i + 1), 7000))))).isZero();
        }
        assertThat(a.code(a.send(Method.CHANNEL_BIND, new TurnAttribute.ChannelNumber(0x4010),
                new TurnAttribute.XorPeerAddress(at("203.0.113.20", 7000))))).isEqualTo(508);
    }

    /** A signed Allocate replayed from another source port: its nonce was bound to the first, so 438. */
    @Test
    void aSignedRequestReplayedFromAnotherAddress_getsAStaleNonce() {
        Attacker a = new Attacker();
        byte[] allocate = a.signed(Method.ALLOCATE, UDP);
        assertThat(a.code(a.raw(allocate))).isZero();
        a.from = at("192.0.2.10", 5001);
        assertThat(a.code(a.raw(allocate))).isEqualTo(438);
        a.from = at("192.0.2.66", 5000);
        assertThat(a.code(a.raw(allocate))).isEqualTo(438);
        assertThat(a.server.allocations()).isEqualTo(1);
    }

    /**
     * The answer to an unauthenticated request is small: a 20-byte Allocate gets a 401 of at most 5.6 times
     * its size (no SOFTWARE until authenticated; REALM, NONCE, PASSWORD-ALGORITHMS and FINGERPRINT only).
     */
    @Test
    void anUnauthenticatedRequest_getsAMinimal401() throws Exception {
        Attacker a = new Attacker(TurnServer.Config.of(List.of(SERVER), "icelab", StaticUsers.of("u", "p")));
        byte[] request = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(a.random)).encode();
        assertThat(request).hasSize(20);
        a.server.handleDatagram(0, new Datagram(Transport.UDP, SERVER, CLIENT, Bytes.wrap(request)));
        Datagram answer = a.server.pollTransmit(0);
        assertThat(answer.payload().length()).as("401 bytes").isLessThanOrEqualTo(112);
        StunMessage m = StunDecoder.decode(answer.payload());
        assertThat(m.has(CoreAttribute.Software.class)).isFalse();
        assertThat(m.attribute(CoreAttribute.ErrorCode.class).code()).isEqualTo(401);
    }

    /** The peer deny-list from the special-purpose registries, embedded IPv4 forms judged as IPv4. */
    @ParameterizedTest
    @ValueSource(strings = {"::127.0.0.1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b:1::a00:1", "2002:7f00:1::1",
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "fec0::1", "0.1.2.3", "255.255.255.255", "240.0.0.1", "198.18.0.1",
            "198.19.255.1", "192.0.0.8", "2001:2::1", "100::1", "10.1.2.3", "::ffff:192.168.1.1", "fe80::1", "fd00::1",
            "169.254.1.1", "100.64.0.1", "127.0.0.1", "::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1"})
    void specialPurposePeers_areRefused(String ip) throws Exception {
        PeerPolicy strict = PeerPolicy.strict(List.of(SERVER.getAddress()));
        assertThat(strict.refusal(InetAddress.getByName(ip))).as(ip).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.5", "198.51.100.7", "192.0.2.1", "2001:db8::1", "64:ff9b::cb00:7105",
            "2002:cb00:7105::1", "198.51.100.1"})
    void ordinaryPeers_andTheServersOwnAddress_areAllowed(String ip) throws Exception {
        PeerPolicy strict = PeerPolicy.strict(List.of(SERVER.getAddress()));
        assertThat(strict.refusal(InetAddress.getByName(ip))).as(ip).isNull();
        assertThat(PeerPolicy.loopbackAllowed(List.of()).refusal(InetAddress.getByName("::ffff:127.0.0.1"))).isNull();
        assertThat(PeerPolicy.loopbackAllowed(List.of()).refusal(InetAddress.getByName("10.0.0.1"))).isNotNull();
    }

    @Test
    void theCookieDecoderHoldsForEveryShortTail() {
        List<String> tails = new ArrayList<>(List.of("", "A", "AA", "AAA", "AA==", "A===", "====", "AB=C", "****"));
        for (String t : tails) {
            assertThatCode(() -> NonceCookie.features(NonceCookie.PREFIX + t)).as(t).doesNotThrowAnyException();
        }
    }
}
