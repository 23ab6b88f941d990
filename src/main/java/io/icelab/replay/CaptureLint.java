package io.icelab.replay;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conformance rules over the STUN messages of a capture, each named by the RFC section it checks:
 * per message (FINGERPRINT, the attributes of an ICE connectivity check) and per transaction
 * (responses matched to requests, retransmission timing). Findings come in frame order.
 */
public final class CaptureLint {
    private CaptureLint() {
    }

    /** A request seen on the wire, keyed by its transaction id and the two addresses. */
    private static final class Transaction {
        final List<CapturedMessage> sends = new ArrayList<>();
        int responses;
    }

    public static List<Finding> lint(CaptureAnalysis a) {
        return lint(a, Credentials.NONE);
    }

    /** With credentials, MESSAGE-INTEGRITY is checked too (RFC 8489 §14.5-§14.6). */
    public static List<Finding> lint(CaptureAnalysis a, Credentials credentials) {
        List<Finding> out = new ArrayList<>();
        IntegrityCheck integrity = new IntegrityCheck(credentials);
        TurnSessionCheck turn = new TurnSessionCheck();
        IceSessionCheck ice = new IceSessionCheck();
        Map<String, Transaction> open = new LinkedHashMap<>();
        for (CapturedMessage cm : a.messages()) {
            if (cm.content() instanceof CapturedMessage.DecodeError d) {
                out.add(new Finding("RFC8489-5", Finding.Severity.ERROR, cm.frame(), d.error().getMessage()));
                continue;
            }
            if (cm.content() instanceof CapturedMessage.ChannelDataFrame cd) {
                turn.channelData(cm, cd, out);
                continue;
            }
            if (!(cm.content() instanceof CapturedMessage.Stun s) || s.message().isClassic()) {
                continue;
            }
            StunMessage m = s.message();
            perMessage(cm, m, out);
            integrity.check(cm, m, out);
            turn.stun(cm, m, out);
            ice.stun(cm, m, out);
            transactions(cm, m, open, out);
        }
        for (Transaction t : open.values()) {
            retransmissions(t, out);
            if (t.responses == 0) {
                CapturedMessage first = t.sends.get(0);
                out.add(new Finding("RFC8489-6.2", Finding.Severity.INFO, first.frame(), "request "
                        + ((CapturedMessage.Stun) first.content()).message().method().name() + " sent "
                        + t.sends.size() + " time(s), no response in the capture"));
            }
        }
        integrity.summary(out);
        ice.summary(out);
        turn.summary(out);
        out.sort(Comparator.comparingInt(Finding::frame).thenComparing(Finding::rule));
        return out;
    }

    /**
     * RFC 8489 §6.3.3: requests and responses matched by transaction id and the client's address only (with RFC
     * 5780's CHANGE-REQUEST the answer legitimately comes from the server's other address).
     */
    private static void transactions(CapturedMessage cm, StunMessage m, Map<String, Transaction> open, List<Finding> out) {
        if (m.isRequest()) {
            open.computeIfAbsent(key(m.transactionId(), cm.source()), k -> new Transaction()).sends.add(cm);
            return;
        }
        if (m.isIndication()) {
            return;
        }
        Transaction t = open.get(key(m.transactionId(), cm.destination()));
        if (t == null) {
            out.add(new Finding("RFC8489-6.3.3", Finding.Severity.WARNING, cm.frame(),
                    "response " + m.transactionId() + " matches no request seen from " + cm.destination()));
            return;
        }
        StunMessage request = ((CapturedMessage.Stun) t.sends.get(0).content()).message();
        if (!request.method().equals(m.method())) {
            out.add(new Finding("RFC8489-6.3.3", Finding.Severity.ERROR, cm.frame(), m.method().name()
                    + " response to a " + request.method().name() + " request (frame " + t.sends.get(0).frame() + ")"));
        }
        if (++t.responses == 2) {
            out.add(new Finding("RFC8489-6.3.3", Finding.Severity.INFO, cm.frame(), "a second response to "
                    + request.method().name() + " request " + m.transactionId()
                    + " (a retransmitted request answered again, or a duplicate)"));
        }
    }

    private static String key(TransactionId id, InetSocketAddress client) {
        return id + " " + client;
    }

    private static void perMessage(CapturedMessage cm, StunMessage m, List<Finding> out) {
        String differs = io.icelab.stun.RoundTrip.describe(m);
        if (differs != null) {
            out.add(new Finding("icelab-roundtrip", Finding.Severity.INFO, cm.frame(),
                    "icelab's re-encoding differs in " + differs));
        }
        if (m.ignoredAfterIntegrity() > 0) {
            out.add(new Finding("RFC8489-14.5", Finding.Severity.WARNING, cm.frame(), m.ignoredAfterIntegrity()
                    + " attribute(s) after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT;"
                    + " receivers ignore them"));
        }
        if (m.fingerprintStatus() == StunMessage.FingerprintStatus.INVALID) {
            out.add(new Finding("RFC8489-14.7", Finding.Severity.ERROR, cm.frame(),
                    "FINGERPRINT does not match the message (CRC-32 XOR 0x5354554e)"));
        }
        boolean controlling = m.has(IceAttribute.IceControlling.class);
        boolean controlled = m.has(IceAttribute.IceControlled.class);
        boolean check = m.isRequest() && m.method().equals(Method.BINDING)
                && (controlling || controlled || m.has(IceAttribute.Priority.class));
        if (!check) {
            return;
        }
        // RFC 8445 §7.1.1-§7.1.2: what every connectivity check carries
        List<String> missing = new ArrayList<>();
        if (!m.has(IceAttribute.Priority.class)) {
            missing.add("PRIORITY");
        }
        if (controlling == controlled) {
            missing.add(controlling ? "only one of ICE-CONTROLLING and ICE-CONTROLLED (both present)"
                    : "ICE-CONTROLLING or ICE-CONTROLLED");
        }
        CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
        if (u == null) {
            missing.add("USERNAME");
        } else if (u.value().utf8().indexOf(':') <= 0) {
            missing.add("USERNAME of the form remote-ufrag:local-ufrag (got \"" + u.value().utf8() + "\")");
        }
        if (!m.has(CoreAttribute.MessageIntegrity.class)) {
            missing.add("MESSAGE-INTEGRITY");
        }
        if (!missing.isEmpty()) {
            out.add(new Finding("RFC8445-7.1.2", Finding.Severity.ERROR, cm.frame(),
                    "connectivity check lacks " + String.join(", ", missing)));
        }
    }

    /**
     * RFC 8489 §6.2.1: the first retransmission after at least 500 ms (SHOULD; 50 ms allowed for jitter
     * between sender and capture point), and intervals that do not shrink. A copy within 1 ms is the
     * same packet captured twice (two taps, a duplicated frame), not a retransmission.
     */
    private static void retransmissions(Transaction t, List<Finding> out) {
        List<CapturedMessage> sends = new ArrayList<>();
        for (CapturedMessage cm : t.sends) {
            if (sends.isEmpty() || cm.timeNanos() - sends.get(sends.size() - 1).timeNanos() >= 1_000_000L) {
                sends.add(cm);
            }
        }
        long previousGap = -1;
        for (int i = 1; i < sends.size(); i++) {
            long gap = sends.get(i).timeNanos() - sends.get(i - 1).timeNanos();
            CapturedMessage cm = sends.get(i);
            if (i == 1 && gap < 450_000_000L && cm.transport().equals("udp")) {
                out.add(new Finding("RFC8489-6.2.1", Finding.Severity.WARNING, cm.frame(),
                        "retransmitted " + gap / 1_000_000 + " ms after the first send; RTO SHOULD be at least 500 ms"));
            }
            if (previousGap >= 0 && gap + 50_000_000L < previousGap) {
                out.add(new Finding("RFC8489-6.2.1", Finding.Severity.WARNING, cm.frame(),
                        "retransmission interval shrank from " + previousGap / 1_000_000 + " ms to " + gap / 1_000_000
                                + " ms; it doubles each time"));
            }
            previousGap = gap;
        }
    }
}
