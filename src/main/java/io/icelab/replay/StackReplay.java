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
 * Plays the client side of a capture against icelab's own servers and compares their answers with
 * the captured ones, semantically: class, error code, and which attributes are present. Replayed are
 * the requests a server answers without prior state: unauthenticated Binding requests (icelab's
 * STUN server) and first, unauthenticated Allocate requests (icelab's TURN server, whose 401 must
 * carry what the captured one did). Everything else needs the session's state or secrets.
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
            boolean authenticated = request.has(CoreAttribute.MessageIntegrity.class)
                    || request.has(CoreAttribute.MessageIntegritySha256.class)
                    || request.has(CoreAttribute.Username.class);
            if (authenticated) {
                continue;
            }
            StunMessage ours = null;
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

    private static final RelayAllocator NO_RELAYS = new RelayAllocator() {
        @Override
        public InetSocketAddress allocate(int family, boolean evenPort) {
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
        StunMessage request = ((CapturedMessage.Stun) req.content()).message();
        server.handleDatagram(req.timeNanos(), new Datagram(Transport.UDP, req.destination(), req.source(),
                request.wireBytes()));
        Datagram d = server.pollTransmit(req.timeNanos());
        if (d == null) {
            return null;
        }
        try {
            return StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            throw new IllegalStateException("icelab's own server sent an undecodable answer: " + e.getMessage(), e);
        }
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
