package io.icelab.replay;

import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TurnAttribute;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RFC 8656 rules per allocation (client 5-tuple), applied only to allocations whose Allocate success
 * is in the capture, so a capture that starts mid-session is not blamed for what it did not see:
 * requests on the allocation carry MESSAGE-INTEGRITY (§5), Send indications go to permitted peers
 * (§9, §11.2) and ChannelData uses bound channels (§12). The server handles a client's messages in the
 * order they arrive, so data sent right after a CreatePermission or ChannelBind request (before its
 * answer, as Chromium does) is judged by that request's answer: fine if it succeeded, dropped if not.
 */
final class TurnSessionCheck {
    private static final class Allocation {
        long expiresAt = Long.MAX_VALUE;
        boolean expiryReported;
        final Set<String> permittedIps = new TreeSet<>();
        final Map<Integer, String> channels = new TreeMap<>();
        /** Unanswered CreatePermission/ChannelBind requests: peer IPs (and channel) each would install. */
        final Map<String, Pending> pending = new TreeMap<>();
    }

    /** What an unanswered request would install, and the findings that wait for its answer. */
    private static final class Pending {
        final Set<String> ips = new TreeSet<>();
        int channel = -1;
        final List<Finding> waiting = new java.util.ArrayList<>();
    }

    /** Requests seen, by transaction id, to learn what their success granted. */
    private final Map<String, StunMessage> requests = new TreeMap<>();
    private final Map<String, Allocation> allocations = new TreeMap<>();

    private static String tuple(java.net.InetSocketAddress client, java.net.InetSocketAddress server) {
        return client + " " + server;
    }

    void stun(CapturedMessage cm, StunMessage m, List<Finding> out) {
        String fromClient = tuple(cm.source(), cm.destination());
        expired(cm, allocations.get(fromClient), out);
        if (m.isRequest()) {
            request(cm, m, allocations.get(fromClient), out);
        } else if (m.isIndication()) {
            indication(cm, m, allocations.get(fromClient), out);
        } else {
            response(cm, m, out);
        }
    }

    /** A client's request: kept for its answer; on an allocation it must be authenticated (RFC 8656 §5). */
    private void request(CapturedMessage cm, StunMessage m, Allocation a, List<Finding> out) {
        requests.put(m.transactionId().toString(), m);
        // a new Allocate starts its own 401 round; every other request on the allocation is authenticated
        if (a != null && !m.method().equals(Method.BINDING) && !m.method().equals(Method.ALLOCATE) && !m.hasIntegrity()) {
            out.add(new Finding("RFC8656-5", Finding.Severity.ERROR, cm.frame(),
                    m.method().name() + " request on an allocation without MESSAGE-INTEGRITY"));
        }
        if (a != null && (m.method().equals(Method.CREATE_PERMISSION) || m.method().equals(Method.CHANNEL_BIND))) {
            Pending p = a.pending.computeIfAbsent(m.transactionId().toString(), k -> new Pending());
            for (TurnAttribute.XorPeerAddress x : m.attributes(TurnAttribute.XorPeerAddress.class)) {
                p.ips.add(x.address().getAddress().getHostAddress());
            }
            TurnAttribute.ChannelNumber n = m.attribute(TurnAttribute.ChannelNumber.class);
            p.channel = n == null ? -1 : n.channel();
        }
    }

    /** RFC 8656 §11.2: a Send indication to a peer without a permission is dropped by the server. */
    private void indication(CapturedMessage cm, StunMessage m, Allocation a, List<Finding> out) {
        TurnAttribute.XorPeerAddress peer = m.attribute(TurnAttribute.XorPeerAddress.class);
        String ip = peer == null ? null : peer.address().getAddress().getHostAddress();
        if (a != null && m.method().equals(Method.SEND) && peer != null && !a.permittedIps.contains(ip)) {
            report(a, p -> p.ips.contains(ip), new Finding("RFC8656-11.2", Finding.Severity.WARNING, cm.frame(),
                    "Send indication to " + peer.address() + " without a permission for its IP; the server drops it"), out);
        }
    }

    /** The server's answer: what a success installs (allocation, lifetime, permissions, channels) or removes. */
    private void response(CapturedMessage cm, StunMessage m, List<Finding> out) {
        String client = tuple(cm.destination(), cm.source());
        Allocation answered = allocations.get(client);
        Pending settled = answered == null ? null : answered.pending.remove(m.transactionId().toString());
        if (settled != null && m.messageClass() != io.icelab.stun.MessageClass.SUCCESS_RESPONSE) {
            out.addAll(settled.waiting); // the request failed: what relied on it was dropped
        }
        if (m.messageClass() != io.icelab.stun.MessageClass.SUCCESS_RESPONSE) {
            return;
        }
        StunMessage request = requests.get(m.transactionId().toString());
        if (m.method().equals(Method.ALLOCATE)) {
            allocations.putIfAbsent(client, new Allocation());
        }
        Allocation a = allocations.get(client);
        if (a == null || request == null) {
            return;
        }
        TurnAttribute.Lifetime lifetime = m.attribute(TurnAttribute.Lifetime.class);
        if (lifetime != null && (m.method().equals(Method.ALLOCATE) || m.method().equals(Method.REFRESH))) {
            a.expiresAt = cm.timeNanos() + lifetime.seconds() * 1_000_000_000L;
            a.expiryReported = false;
        }
        if (m.method().equals(Method.CREATE_PERMISSION)) {
            for (TurnAttribute.XorPeerAddress p : request.attributes(TurnAttribute.XorPeerAddress.class)) {
                a.permittedIps.add(p.address().getAddress().getHostAddress());
            }
        } else if (m.method().equals(Method.CHANNEL_BIND)) {
            TurnAttribute.ChannelNumber n = request.attribute(TurnAttribute.ChannelNumber.class);
            TurnAttribute.XorPeerAddress p = request.attribute(TurnAttribute.XorPeerAddress.class);
            if (n != null && p != null) {
                a.channels.put(n.channel(), p.address().toString());
                a.permittedIps.add(p.address().getAddress().getHostAddress()); // §12: a binding installs a permission
            }
        } else if (m.method().equals(Method.REFRESH) && lifetime != null && lifetime.seconds() == 0) {
            allocations.remove(client);
        }
    }

    /** RFC 8656 §7.3: a client still using its allocation after the lifetime it was given ran out unrefreshed. */
    private static void expired(CapturedMessage cm, Allocation a, List<Finding> out) {
        if (a != null && !a.expiryReported && cm.timeNanos() > a.expiresAt) {
            a.expiryReported = true;
            out.add(new Finding("RFC8656-7.3", Finding.Severity.WARNING, cm.frame(), "the allocation's lifetime ran out "
                    + (cm.timeNanos() - a.expiresAt) / 1_000_000_000L + " s before this message without a Refresh;"
                    + " the server has deleted it"));
        }
    }

    void channelData(CapturedMessage cm, CapturedMessage.ChannelDataFrame cd, List<Finding> out) {
        Allocation a = allocations.get(tuple(cm.source(), cm.destination()));
        expired(cm, a, out);
        int channel = cd.data().channel();
        if (a != null && !a.channels.containsKey(channel)) {
            report(a, p -> p.channel == channel, new Finding("RFC8656-12", Finding.Severity.WARNING, cm.frame(),
                    String.format("ChannelData on channel 0x%04x, which no ChannelBind success bound; the server drops it",
                            channel)), out);
        }
    }

    /** Reports now, or when the unanswered request that would make it fine is answered with an error. */
    private static void report(Allocation a, java.util.function.Predicate<Pending> wouldInstall, Finding f,
            List<Finding> out) {
        for (Pending p : a.pending.values()) {
            if (wouldInstall.test(p)) {
                p.waiting.add(f);
                return;
            }
        }
        out.add(f);
    }

    /** Data that waited on a request the capture never shows answered: judged as dropped. */
    void summary(List<Finding> out) {
        for (Allocation a : allocations.values()) {
            for (Pending p : a.pending.values()) {
                out.addAll(p.waiting);
            }
        }
    }

}
