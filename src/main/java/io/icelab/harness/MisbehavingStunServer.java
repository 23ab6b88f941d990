package io.icelab.harness;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.MessageClass;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.UnknownAttribute;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.random.RandomGenerator;

/**
 * A STUN server that answers every Binding request with one chosen flaw, to see what a client does with
 * answers it must not accept (RFC 8489 §6.3.3, §6.3.4, §9.1.4).
 */
final class MisbehavingStunServer implements SansIo<Void> {
    enum Flaw {
        /** A success carrying a comprehension-required attribute nobody knows (0x7F02). */
        UNKNOWN_ATTRIBUTE,
        /** A success whose transaction id matches no request. */
        OTHER_TRANSACTION_ID,
        /** A success signed with a short-term password other than the client's. */
        WRONG_INTEGRITY,
        /** An error response with the code given, to every request. */
        ERROR,
        /** A success signed with the right short-term password, but with MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.4). */
        SHA256_INTEGRITY,
        /** RFC 8489 §9.2.5: a 401 whose nonce cookie has the password-algorithms bit, without PASSWORD-ALGORITHMS. */
        COOKIE_WITHOUT_ALGORITHMS,
        /** A 401 whose PASSWORD-ALGORITHMS lists only an algorithm nobody knows (0x7777). */
        UNKNOWN_ALGORITHM,
        /** A success whose NONCE has the password-algorithms bit but no PASSWORD-ALGORITHMS beside it. */
        SUCCESS_WITH_BARE_COOKIE,
        /** A plain 401, then an unsigned 400 to every signed request (RFC 8489 §9.2.5: to be discarded). */
        UNSIGNED_400,
        /** A plain 401, then a success signed with a wrong long-term key. */
        WRONG_LONG_TERM_INTEGRITY,
        /** A 300 with ALTERNATE-SERVER and no integrity, to every request. */
        UNSIGNED_REDIRECT,
        /** An RFC 3489 server's answer: MAPPED-ADDRESS only, no XOR-MAPPED-ADDRESS, no FINGERPRINT. */
        RFC3489_ANSWER,
        /**
         * A TURN server for user "ice" / "relay-pass" (realm icelab, MD5) that grants every Allocate and
         * CreatePermission, then pushes data nobody asked for: a Data indication from 198.51.100.66
         * after the Allocate, one from each permitted peer after a CreatePermission, and ChannelData ahead of a
         * ChannelBind's answer (RFC 8656 §11.4, §12).
         */
        FORGED_DATA
    }

    private final Flaw flaw;
    private int code;
    private String password = "";
    private java.net.InetSocketAddress alternate;

    /** An RFC 3489 STUN server (RFC 8445 §5.1.1.2): MAPPED-ADDRESS in its answers, nothing newer. */
    static MisbehavingStunServer rfc3489(RandomGenerator random) {
        return new MisbehavingStunServer(Flaw.RFC3489_ANSWER, random);
    }

    /** Answers every request with an unsigned 300 pointing at {@code to}. */
    static MisbehavingStunServer unsignedRedirect(java.net.InetSocketAddress to, RandomGenerator random) {
        MisbehavingStunServer s = new MisbehavingStunServer(Flaw.UNSIGNED_REDIRECT, random);
        s.alternate = to;
        return s;
    }

    /** A server whose answers are signed with {@code password} (for {@link Flaw#SHA256_INTEGRITY}). */
    static MisbehavingStunServer signing(Flaw flaw, String password, RandomGenerator random) {
        MisbehavingStunServer s = new MisbehavingStunServer(flaw, random);
        s.password = password;
        return s;
    }

    /** A server that answers every request with error {@code code} (a TURN server refusing every Allocate). */
    static MisbehavingStunServer error(int code, RandomGenerator random) {
        MisbehavingStunServer s = new MisbehavingStunServer(Flaw.ERROR, random);
        s.code = code;
        return s;
    }
    private final RandomGenerator random;
    private final Queue<Datagram> transmits = new ArrayDeque<>();

    MisbehavingStunServer(Flaw flaw, RandomGenerator random) {
        this.flaw = flaw;
        this.random = random;
    }

    private void forgedData(Datagram d, StunMessage request, boolean signed) {
        byte[] key = StunKeys.longTermMd5("ice", "icelab", "relay-pass");
        if (!signed) {
            transmits.add(Datagram.udp(d.local(), d.remote(), StunMessageBuilder.errorFor(request, 401, "Unauthenticated")
                    .add(CoreAttribute.Realm.of("icelab")).add(CoreAttribute.Nonce.of("plain-n0nce")).fingerprint().encode()));
            return;
        }
        java.net.InetSocketAddress relayed = new java.net.InetSocketAddress(d.local().getAddress(), 49152);
        StunMessageBuilder ok = StunMessageBuilder.successFor(request);
        java.util.List<java.net.InetSocketAddress> from = new java.util.ArrayList<>();
        if (request.method().equals(io.icelab.stun.Method.ALLOCATE)) {
            ok.add(new io.icelab.stun.TurnAttribute.XorRelayedAddress(relayed)).add(new io.icelab.stun.TurnAttribute.Lifetime(600))
                    .add(new CoreAttribute.XorMappedAddress(d.remote()));
            from.add(new java.net.InetSocketAddress(io.icelab.stun.IpLiteral.parse("198.51.100.66"), 7000));
        } else if (request.method().equals(io.icelab.stun.Method.CREATE_PERMISSION)) {
            request.attributes(io.icelab.stun.TurnAttribute.XorPeerAddress.class).forEach(a -> from.add(a.address()));
        } else if (request.method().equals(io.icelab.stun.Method.CHANNEL_BIND)) {
            // the peer's data overtakes the ChannelBind success (RFC 8656 §12: over UDP it can)
            int channel = request.attribute(io.icelab.stun.TurnAttribute.ChannelNumber.class).channel();
            transmits.add(Datagram.udp(d.local(), d.remote(), new io.icelab.turn.ChannelData(channel,
                    Bytes.wrap("before the ChannelBind answer".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .encode(io.icelab.stun.Transport.UDP)));
        }
        transmits.add(Datagram.udp(d.local(), d.remote(), ok.integrity(key).fingerprint().encode()));
        for (java.net.InetSocketAddress peer : from) {
            String text = "from " + io.icelab.stun.TransportAddresses.format(peer);
            transmits.add(Datagram.udp(d.local(), d.remote(), StunMessageBuilder.indication(io.icelab.stun.Method.DATA,
                    TransactionId.random(random)).add(new io.icelab.stun.TurnAttribute.XorPeerAddress(peer))
                    .add(new io.icelab.stun.TurnAttribute.Data(Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .fingerprint().encode()));
        }
    }

    @Override
    public void handleDatagram(long now, Datagram d) {
        StunMessage request;
        try {
            request = StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            return;
        }
        if (!request.isRequest()) {
            return;
        }
        CoreAttribute.XorMappedAddress mapped = new CoreAttribute.XorMappedAddress(d.remote());
        boolean signed = request.hasIntegrity();
        if (flaw == Flaw.FORGED_DATA) {
            forgedData(d, request, signed);
            return;
        }
        String bareCookie = io.icelab.stun.NonceCookie.make(io.icelab.stun.NonceCookie.PASSWORD_ALGORITHMS, "n0nce");
        StunMessageBuilder challenge = StunMessageBuilder.errorFor(request, 401, "Unauthenticated")
                .add(CoreAttribute.Realm.of("icelab")).add(CoreAttribute.Nonce.of("plain-n0nce"));
        StunMessageBuilder b = switch (flaw) {
            case UNKNOWN_ATTRIBUTE -> StunMessageBuilder.successFor(request).add(mapped)
                    .add(new UnknownAttribute(0x7F02, Bytes.EMPTY));
            case OTHER_TRANSACTION_ID -> StunMessageBuilder.of(MessageClass.SUCCESS_RESPONSE, request.method(),
                    TransactionId.random(random)).add(mapped);
            case WRONG_INTEGRITY -> StunMessageBuilder.successFor(request).add(mapped)
                    .integrity(StunKeys.shortTerm("not-the-clients-password"));
            case ERROR -> StunMessageBuilder.errorFor(request, code, "refused by a test server");
            case SHA256_INTEGRITY -> StunMessageBuilder.successFor(request).add(mapped)
                    .integritySha256(StunKeys.shortTerm(password));
            case COOKIE_WITHOUT_ALGORITHMS -> StunMessageBuilder.errorFor(request, 401, "Unauthenticated")
                    .add(CoreAttribute.Realm.of("icelab")).add(CoreAttribute.Nonce.of(bareCookie));
            case UNKNOWN_ALGORITHM -> StunMessageBuilder.errorFor(request, 401, "Unauthenticated")
                    .add(CoreAttribute.Realm.of("icelab")).add(CoreAttribute.Nonce.of(bareCookie))
                    .add(new CoreAttribute.PasswordAlgorithms(java.util.List.of(
                            new CoreAttribute.PasswordAlgorithm(0x7777, Bytes.EMPTY))));
            case SUCCESS_WITH_BARE_COOKIE -> StunMessageBuilder.successFor(request).add(mapped)
                    .add(CoreAttribute.Nonce.of(bareCookie));
            case UNSIGNED_400 -> signed ? StunMessageBuilder.errorFor(request, 400, "Bad Request") : challenge;
            case RFC3489_ANSWER -> StunMessageBuilder.successFor(request).add(new CoreAttribute.MappedAddress(d.remote()));
            case FORGED_DATA -> throw new IllegalStateException("answered by forgedData");
            case UNSIGNED_REDIRECT -> StunMessageBuilder.errorFor(request, 300, "Try Alternate")
                    .add(new CoreAttribute.AlternateServer(alternate));
            case WRONG_LONG_TERM_INTEGRITY -> signed ? StunMessageBuilder.successFor(request).add(mapped)
                    .integrity(StunKeys.longTermMd5("alice", "icelab", "not-the-password")) : challenge;
        };
        transmits.add(Datagram.udp(d.local(), d.remote(), flaw == Flaw.RFC3489_ANSWER ? b.encode() : b.fingerprint().encode()));
    }

    @Override
    public Datagram pollTransmit(long now) {
        return transmits.poll();
    }

    @Override
    public Void pollEvent() {
        return null;
    }
}
