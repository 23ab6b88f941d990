package io.icelab.replay;

import io.icelab.stun.AttributeType;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.Method;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunAttribute;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunServer;
import io.icelab.stun.Transport;
import io.icelab.turn.RelayAllocator;
import io.icelab.turn.TurnServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plays the client side of a capture against icelab's own servers and ICE agent and compares their
 * answers with the captured ones, semantically: class, error code, and which attributes are present.
 * Replayed are unauthenticated Binding requests (icelab's STUN server), Allocate requests (its TURN
 * server; authenticated ones with the TURN credentials) and ICE connectivity checks whose ufrags the
 * ICE credentials name (an icelab agent with the receiver's credentials answers).
 */
public final class StackReplay {
    /** One replayed request: where, what, and the differences (empty when icelab answered alike). */
    public record Result(int frame, String request, String captured, String icelab, List<String> differences) {
        public boolean same() {
            return differences.isEmpty();
        }
    }

    private StackReplay() {
    }

    public static List<Result> replay(CaptureAnalysis a) {
        return replay(a, Credentials.NONE);
    }

    /**
     * With TURN credentials, authenticated Allocate requests are replayed too: icelab's server (realm and
     * user as captured) first answers an unauthenticated copy with its own NONCE, then the captured
     * request, re-signed with that NONCE and the credentials, gets icelab's real answer.
     */
    public static List<Result> replay(CaptureAnalysis a, Credentials credentials) {
        Map<String, CapturedMessage> requests = new TreeMap<>();
        List<Result> out = new ArrayList<>();
        for (CapturedMessage cm : a.messages()) {
            if (!(cm.content() instanceof CapturedMessage.Stun s) || s.message().isClassic()) {
                continue;
            }
            StunMessage m = s.message();
            String key = m.transactionId() + " ";
            if (m.isRequest()) {
                requests.putIfAbsent(key + cm.source(), cm);
                continue;
            }
            if (m.isIndication()) {
                continue;
            }
            CapturedMessage req = requests.remove(key + cm.destination());
            if (req == null) {
                continue;
            }
            StunMessage request = ((CapturedMessage.Stun) req.content()).message();
            boolean authenticated = request.hasIntegrity() || request.has(CoreAttribute.Username.class);
            StunMessage ours = null;
            if (authenticated) {
                ours = request.method().equals(Method.ALLOCATE) ? authenticatedAllocate(req, request, credentials)
                        : request.method().equals(Method.BINDING) ? iceCheck(req, request, credentials) : null;
                if (ours != null) {
                    out.add(compare(req.frame(), request, m, ours));
                }
                continue;
            }
            if (request.method().equals(Method.BINDING)) {
                // a server that advertised OTHER-ADDRESS ran RFC 5780: replay against one configured alike,
                // its alternate being whichever of OTHER-ADDRESS and the answer's origin is not the request's
                // destination (a changed-address answer names the primary as its "other")
                InetSocketAddress alternate = null;
                if (m.has(io.icelab.stun.NatBehaviorAttribute.OtherAddress.class)) {
                    for (InetSocketAddress x : List.of(
                            m.attribute(io.icelab.stun.NatBehaviorAttribute.OtherAddress.class).address(),
                            cm.source())) {
                        if (alternate == null && !x.equals(req.destination())
                                && x.getAddress().getClass().equals(req.destination().getAddress().getClass())) {
                            alternate = x;
                        }
                    }
                }
                ours = answer(new StunServer(alternate != null ? StunServer.Config.rfc5780(req.destination(), alternate)
                        : StunServer.Config.basic(req.destination())), req);
            } else if (request.method().equals(Method.ALLOCATE)) {
                ours = answer(new TurnServer(TurnServer.Config.of(List.of(req.destination()), "icelab",
                        StaticUsers.of("nobody", "x")), NO_RELAYS, new SplittableRandom(1)), req);
            }
            if (ours != null) {
                out.add(compare(req.frame(), request, m, ours));
            }
        }
        return out;
    }

    private static StunMessage authenticatedAllocate(CapturedMessage req, StunMessage request, Credentials credentials) {
        CoreAttribute.Username u = request.attribute(CoreAttribute.Username.class);
        CoreAttribute.Realm realm = request.attribute(CoreAttribute.Realm.class);
        byte[] key = credentials.keyFor(request);
        if (u == null || realm == null || key == null) {
            return null;
        }
        String password = credentials.turnUsers().stream().filter(t -> t.user().equals(u.value().utf8())
                && t.realm().equals(realm.value().utf8())).findFirst().orElseThrow().password();
        InetSocketAddress relay = new InetSocketAddress(req.destination().getAddress(), 49152);
        TurnServer server = new TurnServer(TurnServer.Config.of(List.of(req.destination()), realm.value().utf8(),
                StaticUsers.of(u.value().utf8(), password)), new RelayAllocator() {
                    @Override
                    public InetSocketAddress allocate(int family, io.icelab.turn.RelayAllocator.Parity parity) {
                        return (family == 2) == (relay.getAddress() instanceof java.net.Inet6Address) ? relay : null;
                    }

                    @Override
                    public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
                        return null;
                    }

                    @Override
                    public void release(InetSocketAddress relayed) {
                    }
                }, new SplittableRandom(1));
        SplittableRandom random = new SplittableRandom(2);
        io.icelab.stun.StunMessageBuilder first = io.icelab.stun.StunMessageBuilder.request(Method.ALLOCATE,
                io.icelab.stun.TransactionId.random(random));
        io.icelab.stun.TurnAttribute.RequestedTransport rt = request.attribute(io.icelab.stun.TurnAttribute.RequestedTransport.class);
        if (rt != null) {
            first.add(rt);
        }
        StunMessage challenge = exchange(server, req, io.icelab.stun.Bytes.wrap(first.fingerprint().encode()));
        CoreAttribute.Nonce nonce = challenge == null ? null : challenge.attribute(CoreAttribute.Nonce.class);
        if (nonce == null) {
            return challenge;
        }
        io.icelab.stun.StunMessageBuilder again = io.icelab.stun.StunMessageBuilder.request(Method.ALLOCATE,
                request.transactionId());
        for (StunAttribute x : request.attributes()) {
            int t = x.type();
            if (t != AttributeType.NONCE && t != AttributeType.MESSAGE_INTEGRITY
                    && t != AttributeType.MESSAGE_INTEGRITY_SHA256 && t != AttributeType.FINGERPRINT) {
                again.add(x);
            }
        }
        again.add(nonce);
        if (request.has(CoreAttribute.MessageIntegritySha256.class)) {
            again.integritySha256(key);
        } else {
            again.integrity(key);
        }
        if (request.fingerprintStatus() != StunMessage.FingerprintStatus.ABSENT) {
            again.fingerprint();
        }
        return exchange(server, req, io.icelab.stun.Bytes.wrap(again.encode()));
    }

    /**
     * An ICE connectivity check whose two ufrags the credentials know: an icelab agent with the
     * receiver's ufrag and password, the opposite role and the check's destination as its base answers it.
     */
    private static StunMessage iceCheck(CapturedMessage req, StunMessage request, Credentials credentials) {
        CoreAttribute.Username u = request.attribute(CoreAttribute.Username.class);
        boolean controlling = request.has(io.icelab.stun.IceAttribute.IceControlling.class);
        boolean controlled = request.has(io.icelab.stun.IceAttribute.IceControlled.class);
        if (u == null || controlling == controlled) {
            return null;
        }
        String[] frags = u.value().utf8().split(":", 2);
        String receiverPwd = credentials.icePasswords().get(frags[0]);
        String senderPwd = frags.length == 2 ? credentials.icePasswords().get(frags[1]) : null;
        if (receiverPwd == null || senderPwd == null) {
            return null;
        }
        io.icelab.ice.IceAgent agent = new io.icelab.ice.IceAgent(io.icelab.ice.IceConfig.defaults(
                controlling ? io.icelab.ice.Role.CONTROLLED : io.icelab.ice.Role.CONTROLLING), new SplittableRandom(3));
        agent.setLocalCredentials(frags[0], receiverPwd);
        int stream = agent.addStream(List.of(List.of(req.destination())));
        agent.setRemoteCredentials(stream, frags[1], senderPwd);
        agent.handleDatagram(req.timeNanos(), new Datagram(Transport.UDP, req.destination(), req.source(),
                request.wireBytes()));
        for (Datagram d; (d = agent.pollTransmit(req.timeNanos())) != null; ) {
            if (!d.remote().equals(req.source())) {
                continue;
            }
            try {
                StunMessage m = StunDecoder.decode(d.payload());
                if (m.transactionId().equals(request.transactionId())) {
                    return m;
                }
            } catch (StunDecodeException e) {
                throw new IllegalStateException("icelab's agent sent an undecodable answer: " + e.getMessage(), e);
            }
        }
        return null;
    }

    /** Feeds one datagram from the captured client to {@code server} and decodes its first answer. */
    private static StunMessage exchange(io.icelab.stun.SansIo<?> server, CapturedMessage req, io.icelab.stun.Bytes payload) {
        server.handleDatagram(req.timeNanos(), new Datagram(Transport.UDP, req.destination(), req.source(), payload));
        Datagram d = server.pollTransmit(req.timeNanos());
        try {
            return d == null ? null : StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            throw new IllegalStateException("icelab's own server sent an undecodable answer: " + e.getMessage(), e);
        }
    }

    private static final RelayAllocator NO_RELAYS = new RelayAllocator() {
        @Override
        public InetSocketAddress allocate(int family, io.icelab.turn.RelayAllocator.Parity parity) {
            return null;
        }

        @Override
        public InetSocketAddress allocateExactly(InetSocketAddress wanted) {
            return null;
        }

        @Override
        public void release(InetSocketAddress relayed) {
        }
    };

    private static StunMessage answer(io.icelab.stun.SansIo<?> server, CapturedMessage req) {
        return exchange(server, req, ((CapturedMessage.Stun) req.content()).message().wireBytes());
    }

    /** Attributes that depend on the server's identity or configuration, not on protocol behaviour. */
    private static final java.util.Set<Integer> INCIDENTAL = java.util.Set.of(AttributeType.SOFTWARE,
            AttributeType.FINGERPRINT, AttributeType.MAPPED_ADDRESS, AttributeType.RESPONSE_ORIGIN,
            AttributeType.OTHER_ADDRESS, AttributeType.PASSWORD_ALGORITHMS);

    private static Result compare(int frame, StunMessage request, StunMessage captured, StunMessage ours) {
        List<String> diffs = new ArrayList<>();
        if (captured.messageClass() != ours.messageClass()) {
            diffs.add("class: captured " + captured.messageClass() + ", icelab " + ours.messageClass());
        } else if (captured.errorCode() != ours.errorCode()) {
            diffs.add("error code: captured " + captured.errorCode() + ", icelab " + ours.errorCode());
        }
        TreeSet<String> theirs = types(captured);
        TreeSet<String> mine = types(ours);
        TreeSet<String> missing = new TreeSet<>(theirs);
        missing.removeAll(mine);
        TreeSet<String> extra = new TreeSet<>(mine);
        extra.removeAll(theirs);
        if (!missing.isEmpty() && diffs.isEmpty()) {
            diffs.add("icelab's answer lacks " + String.join(", ", missing));
        }
        if (!extra.isEmpty() && diffs.isEmpty()) {
            diffs.add("icelab's answer adds " + String.join(", ", extra));
        }
        return new Result(frame, request.method().name() + " request", label(captured), label(ours), diffs);
    }

    private static TreeSet<String> types(StunMessage m) {
        TreeSet<String> t = new TreeSet<>();
        for (StunAttribute a : m.attributes()) {
            if (!INCIDENTAL.contains(a.type()) && a.type() != AttributeType.MESSAGE_INTEGRITY
                    && a.type() != AttributeType.MESSAGE_INTEGRITY_SHA256 && a.type() < 0x8000) {
                t.add(AttributeType.name(a.type()));
            }
        }
        return t;
    }

    private static String label(StunMessage m) {
        return new CapturedMessage.Stun(m).label() + (m.errorCode() > 0 ? " " + m.errorCode() : "");
    }

}
