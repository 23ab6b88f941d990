package io.icelab.replay;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RFC 8445 rules per ICE session (the ufrag pair of the checks' USERNAME): an agent paces its new
 * checks (§14.2: never more often than every 5 ms, a warning; Ta is 50 ms by default but an agent MAY
 * choose another, so new checks under 20 ms apart — room for capture jitter — are only noted; Chromium
 * sends its nominating check about 16 ms after the first), and a session whose checks were answered
 * shows a nomination (§8.1.1, USE-CANDIDATE).
 */
final class IceSessionCheck {
    private static final long MIN_TA = 5_000_000L;
    private static final long DEFAULT_TA_JITTER = 20_000_000L;

    private static final class Session {
        final Map<String, Long> lastNewCheck = new TreeMap<>();
        final TreeSet<String> seenTransactions = new TreeSet<>();
        int firstFrame = Integer.MAX_VALUE;
        int checks;
        boolean nominated;
        boolean answered;
        /** The nominated pair as "client > server" once a USE-CANDIDATE check succeeded, and when. */
        String selected;
        long selectedAt;
        /** New checks on the selected pair after nomination, per direction, with their frames. */
        final Map<String, java.util.List<long[]>> consent = new TreeMap<>();
    }

    private final Map<String, String> pairOfTransaction = new TreeMap<>();
    private final Map<String, Boolean> useCandidate = new TreeMap<>();

    private final Map<String, Session> sessions = new TreeMap<>();
    private final Map<String, String> sessionOfTransaction = new TreeMap<>();

    void stun(CapturedMessage cm, StunMessage m, List<Finding> out) {
        if (!m.method().equals(Method.BINDING)) {
            return;
        }
        if (m.isRequest()) {
            CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
            boolean check = u != null && u.value().utf8().indexOf(':') > 0 && (m.has(IceAttribute.Priority.class)
                    || m.has(IceAttribute.IceControlling.class) || m.has(IceAttribute.IceControlled.class));
            if (!check) {
                return;
            }
            String[] frags = u.value().utf8().split(":", 2);
            String key = frags[0].compareTo(frags[1]) < 0 ? frags[0] + ":" + frags[1] : frags[1] + ":" + frags[0];
            Session s = sessions.computeIfAbsent(key, k -> new Session());
            s.firstFrame = Math.min(s.firstFrame, cm.frame());
            s.nominated |= m.has(IceAttribute.UseCandidate.class);
            String tid = m.transactionId().toString();
            sessionOfTransaction.put(tid, key);
            if (!s.seenTransactions.add(tid)) {
                return; // a retransmission, paced by its RTO instead
            }
            s.checks++;
            pairOfTransaction.put(tid, cm.source() + " > " + cm.destination());
            useCandidate.put(tid, m.has(IceAttribute.UseCandidate.class));
            if (s.selected != null) {
                String dir = cm.source() + " > " + cm.destination();
                String reverse = cm.destination() + " > " + cm.source();
                if (dir.equals(s.selected) || reverse.equals(s.selected)) {
                    s.consent.computeIfAbsent(dir, k -> new java.util.ArrayList<>())
                            .add(new long[] {cm.timeNanos(), cm.frame()});
                }
            }
            String sender = frags[1] + " from " + cm.source();
            String agent = frags[1];
            Long last = s.lastNewCheck.get(agent);
            long gap = last == null ? Long.MAX_VALUE : cm.timeNanos() - last;
            if (gap < MIN_TA) {
                out.add(new Finding("RFC8445-14.2", Finding.Severity.WARNING, cm.frame(), "new check by " + sender
                        + " " + gap / 1_000 + " µs after the previous one; checks must not start more often than every 5 ms"));
            } else if (gap < DEFAULT_TA_JITTER) {
                out.add(new Finding("RFC8445-14.2", Finding.Severity.INFO, cm.frame(), "new check by " + sender
                        + " " + gap / 1_000_000 + " ms after the previous one: a Ta below the default 50 ms (allowed)"));
            }
            s.lastNewCheck.put(agent, cm.timeNanos());
        } else if (m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE) {
            String tid = m.transactionId().toString();
            String key = sessionOfTransaction.get(tid);
            if (key != null) {
                Session s = sessions.get(key);
                s.answered = true;
                if (s.selected == null && Boolean.TRUE.equals(useCandidate.get(tid))) {
                    s.selected = pairOfTransaction.get(tid);
                    s.selectedAt = cm.timeNanos();
                }
            }
        }
    }

    void summary(List<Finding> out) {
        sessions.forEach((key, s) -> s.consent.forEach((dir, checks) -> {
            // RFC 7675 §5.1: a consent check every 5 s (4-6 s randomised); consent expires 30 s after the last
            for (int i = 1; i < checks.size(); i++) {
                long gap = checks.get(i)[0] - checks.get(i - 1)[0];
                if (gap > 30_000_000_000L) {
                    out.add(new Finding("RFC7675-5.1", Finding.Severity.WARNING, (int) checks.get(i)[1], "no consent"
                            + " check " + dir + " for " + gap / 1_000_000_000L + " s; consent expires after 30 s"));
                }
            }
            if (checks.size() >= 3) {
                long mean = (checks.get(checks.size() - 1)[0] - checks.get(0)[0]) / (checks.size() - 1);
                if (mean < 3_000_000_000L || mean > 7_000_000_000L) {
                    out.add(new Finding("RFC7675-5.1", Finding.Severity.INFO, (int) checks.get(0)[1], String.format(
                            "consent checks %s every %.1f s on average; RFC 7675 suggests 4-6 s", dir, mean / 1e9)));
                }
            }
        }));
        sessions.forEach((key, s) -> {
            if (s.answered && !s.nominated) {
                out.add(new Finding("RFC8445-8.1.1", Finding.Severity.INFO, s.firstFrame, "ICE session " + key
                        + ": " + s.checks + " checks, some answered, no USE-CANDIDATE in the capture"));
            }
        });
    }
}
