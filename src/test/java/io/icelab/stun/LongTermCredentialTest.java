package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The long-term credential mechanism end to end: our client against our server (RFC 8489 §9.2). */
class LongTermCredentialTest {
    static final long MS = 1_000_000L;
    static final long NONCE_LIFETIME = 60_000 * MS;
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.2", 5000);
    static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.10", 3478);

    static StunServer server(List<Integer> algorithms, int features) {
        NonceManager nonces = new NonceManager(new SplittableRandom(7), NONCE_LIFETIME, features);
        LongTermAuthenticator auth = new LongTermAuthenticator("example.org", StaticUsers.of("alice", "s3cret"),
                nonces, algorithms);
        return new StunServer(new StunServer.Config(SERVER, null, "test", RequestAuthenticator.longTerm(auth)));
    }

    static StunServer rfc8489Server() {
        return server(List.of(CoreAttribute.PasswordAlgorithm.SHA256, CoreAttribute.PasswordAlgorithm.MD5),
                NonceCookie.PASSWORD_ALGORITHMS | NonceCookie.USERNAME_ANONYMITY);
    }

    static StunRequest request(StunCredentials c) {
        return StunRequest.binding(LOCAL, SERVER).withCredentials(c);
    }

    static List<StunMessage> sentRequests(long now, StunClient c, StunServer s) {
        List<StunMessage> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Datagram> out = Wire.deliver(now, c, s);
            if (out.isEmpty()) {
                return requests;
            }
            out.forEach(d -> requests.add(Wire.decode(d)));
            Wire.deliver(now, s, c);
        }
        throw new AssertionError("too many rounds");
    }

    @Test
    void given401_thenRetryWithSha256Negotiated_andSuccessIntegrityChecked() {
        StunClient c = new StunClient(new SplittableRandom(1));
        // without the username-anonymity bit, so the retry names the user (with it, USERHASH: the test below)
        StunServer s = server(List.of(CoreAttribute.PasswordAlgorithm.SHA256, CoreAttribute.PasswordAlgorithm.MD5),
                NonceCookie.PASSWORD_ALGORITHMS);
        c.send(0, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        List<StunMessage> sent = sentRequests(0, c, s);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).has(CoreAttribute.MessageIntegrity.class)).isFalse();
        StunMessage retry = sent.get(1);
        assertThat(retry.transactionId()).isNotEqualTo(sent.get(0).transactionId());
        assertThat(retry.attribute(CoreAttribute.Username.class).text()).isEqualTo("alice");
        assertThat(retry.attribute(CoreAttribute.Realm.class).text()).isEqualTo("example.org");
        assertThat(NonceCookie.has(retry.attribute(CoreAttribute.Nonce.class).text(), NonceCookie.PASSWORD_ALGORITHMS))
                .isTrue();
        assertThat(retry.attribute(CoreAttribute.PasswordAlgorithm.class).algorithm())
                .isEqualTo(CoreAttribute.PasswordAlgorithm.SHA256);
        assertThat(retry.has(CoreAttribute.MessageIntegritySha256.class)).isTrue();
        StunClientEvent.Success ok = (StunClientEvent.Success) Wire.events(c).get(0);
        assertThat(ok.response().has(CoreAttribute.MessageIntegritySha256.class)).isTrue();
    }

    @Test
    void givenRfc5389Server_thenMd5KeyAndSha1Integrity() {
        StunClient c = new StunClient(new SplittableRandom(2));
        StunServer s = server(List.of(), 0);
        c.send(0, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        List<StunMessage> sent = sentRequests(0, c, s);
        assertThat(sent.get(1).has(CoreAttribute.MessageIntegrity.class)).isTrue();
        assertThat(sent.get(1).has(CoreAttribute.PasswordAlgorithm.class)).isFalse();
        assertThat(Wire.events(c).get(0)).isInstanceOf(StunClientEvent.Success.class);
    }

    @Test
    void givenWrongPassword_thenUnauthorizedAfterExactlyOneRetry() {
        StunClient c = new StunClient(new SplittableRandom(3));
        StunServer s = rfc8489Server();
        c.send(0, request(StunCredentials.LongTerm.of("alice", "wrong")));
        assertThat(sentRequests(0, c, s)).hasSize(2);
        StunClientEvent.Failure f = (StunClientEvent.Failure) Wire.events(c).get(0);
        assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.UNAUTHORIZED);
        assertThat(f.errorCode()).isEqualTo(401);
    }

    @Test
    void givenNonceExpired_then438_thenRetryWithFreshNonce_andSuccess() {
        StunClient c = new StunClient(new SplittableRandom(4));
        StunServer s = rfc8489Server();
        c.send(0, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        sentRequests(0, c, s);
        Wire.events(c);
        long later = NONCE_LIFETIME + 1000 * MS;
        c.send(later, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        List<StunMessage> sent = sentRequests(later, c, s);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).has(CoreAttribute.MessageIntegritySha256.class))
                .as("the cached nonce is used straight away").isTrue();
        assertThat(sent.get(1).attribute(CoreAttribute.Nonce.class))
                .isNotEqualTo(sent.get(0).attribute(CoreAttribute.Nonce.class));
        assertThat(Wire.events(c).get(0)).isInstanceOf(StunClientEvent.Success.class);
    }

    @Test
    void givenTheServerOffersAnonymity_thenUserhashInsteadOfUsername_andServerResolvesIt() {
        StunClient c = new StunClient(new SplittableRandom(5));
        StunServer s = rfc8489Server();
        c.send(0, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        StunMessage retry = sentRequests(0, c, s).get(1);
        assertThat(retry.has(CoreAttribute.Username.class)).isFalse();
        assertThat(retry.attribute(CoreAttribute.Userhash.class).hash())
                .isEqualTo(Bytes.wrap(StunKeys.userhash("alice", "example.org")));
        assertThat(Wire.events(c).get(0)).isInstanceOf(StunClientEvent.Success.class);
    }

    @Test
    void givenAttackerAltersPasswordAlgorithmsInASecondChallenge_thenClientDetectsBidDown() {
        StunClient c = new StunClient(new SplittableRandom(6));
        StunServer s = rfc8489Server();
        c.send(0, request(StunCredentials.LongTerm.of("alice", "s3cret")));
        Wire.deliver(0, c, s);
        Wire.deliver(0, s, c); // the genuine 401 offers [SHA-256, MD5]
        StunMessage retry = Wire.decode(c.pollTransmit(0));
        // Instead of the server, an attacker answers with a 401 whose list offers MD5 only.
        byte[] forged = StunMessageBuilder.errorFor(retry, 401, "Unauthorized")
                .add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(NonceCookie.make(NonceCookie.PASSWORD_ALGORITHMS, "x")))
                .add(new CoreAttribute.PasswordAlgorithms(List.of(CoreAttribute.PasswordAlgorithm.of(1))))
                .encode();
        c.handleDatagram(0, Datagram.udp(LOCAL, SERVER, forged));
        StunClientEvent.Failure f = (StunClientEvent.Failure) Wire.events(c).get(0);
        assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.BID_DOWN);
    }

    @Test
    void givenRequestEchoingAnAlteredList_thenServerAnswers400() {
        StunServer s = rfc8489Server();
        TransactionId id = TransactionId.random(new SplittableRandom(8));
        s.handleDatagram(0, Datagram.udp(SERVER, LOCAL, StunMessageBuilder.request(Method.BINDING, id).encode()));
        StunMessage challenge = Wire.decode(s.pollTransmit(0));
        String nonce = challenge.attribute(CoreAttribute.Nonce.class).text();
        byte[] key = StunKeys.longTermMd5("alice", "example.org", "s3cret");
        byte[] tampered = StunMessageBuilder.request(Method.BINDING, TransactionId.random(new SplittableRandom(9)))
                .add(CoreAttribute.Username.of("alice")).add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(nonce))
                .add(new CoreAttribute.PasswordAlgorithms(List.of(CoreAttribute.PasswordAlgorithm.of(1))))
                .add(CoreAttribute.PasswordAlgorithm.of(1))
                .integrity(key).encode();
        s.handleDatagram(0, Datagram.udp(SERVER, LOCAL, tampered));
        assertThat(Wire.decode(s.pollTransmit(0)).errorCode()).isEqualTo(400);
    }

    @Test
    void givenMissingRealm_thenServerAnswers400_andForgedNonce438() {
        StunServer s = rfc8489Server();
        byte[] key = StunKeys.longTermMd5("alice", "example.org", "s3cret");
        byte[] noRealm = StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 1))
                .add(CoreAttribute.Username.of("alice")).add(CoreAttribute.Nonce.of("n")).integrity(key).encode();
        s.handleDatagram(0, Datagram.udp(SERVER, LOCAL, noRealm));
        assertThat(Wire.decode(s.pollTransmit(0)).errorCode()).isEqualTo(400);
        byte[] forged = StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 2))
                .add(CoreAttribute.Username.of("alice")).add(CoreAttribute.Realm.of("example.org"))
                .add(CoreAttribute.Nonce.of(NonceCookie.make(0xc00000, "0-0000000000000000"))).integrity(key).encode();
        s.handleDatagram(0, Datagram.udp(SERVER, LOCAL, forged));
        StunMessage stale = Wire.decode(s.pollTransmit(0));
        assertThat(stale.errorCode()).isEqualTo(438);
        assertThat(stale.has(CoreAttribute.Nonce.class)).isTrue();
        assertThat(stale.has(CoreAttribute.PasswordAlgorithms.class)).isTrue();
    }
}
