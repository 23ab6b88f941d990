package io.icelab.interop;

import io.icelab.replay.CapturedMessage;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer's ICE timing as icelab saw it in the capture: the Binding requests (checks, then consent checks) the peer
 * sent to icelab's agent, by transaction: the gap between new checks (RFC 8445 §6.1.4.2's pacing, Ta), the first
 * retransmission (RFC 8489 §6.2.1's RTO), the delay from its first check to its first USE-CANDIDATE (nomination,
 * when the peer controls) and the gap between its requests once nominated (RFC 7675 §5.1's consent interval).
 * What the capture does not show is left out ("n/a").
 */
record IceTiming(Double pacingMs, Double retransmitMs, Double nominationMs, Double consentS) {
    private record Sent(long first, List<Long> times, boolean useCandidate) {
    }

    /** Consent checks are counted from 1 s after the first USE-CANDIDATE. */
    private static final long SETTLED = 1_000_000_000L;

    static IceTiming of(CaptureCheck.Result r, InetSocketAddress ours) {
        Map<String, Sent> byTransaction = new LinkedHashMap<>();
        for (CapturedMessage m : r.analysis().messages()) {
            if (!m.destination().equals(ours) || !(m.content() instanceof CapturedMessage.Stun s)) {
                continue;
            }
            StunMessage q = s.message();
            if (!q.method().equals(Method.BINDING) || q.messageClass() != MessageClass.REQUEST
                    || !q.has(IceAttribute.Priority.class)) {
                continue;
            }
            Sent before = byTransaction.get(q.transactionId().toString());
            if (before == null) {
                List<Long> times = new ArrayList<>(List.of(m.timeNanos()));
                byTransaction.put(q.transactionId().toString(), new Sent(m.timeNanos(), times,
                        q.has(IceAttribute.UseCandidate.class)));
            } else {
                before.times().add(m.timeNanos());
            }
        }
        List<Sent> sent = byTransaction.values().stream().sorted(java.util.Comparator.comparingLong(Sent::first))
                .toList();
        if (sent.isEmpty()) {
            return new IceTiming(null, null, null, null);
        }
        long start = sent.get(0).first();
        Long nominated = sent.stream().filter(Sent::useCandidate).map(Sent::first).findFirst().orElse(null);
        List<Long> gaps = new ArrayList<>();
        List<Long> consent = new ArrayList<>();
        for (int i = 1; i < sent.size(); i++) {
            long gap = sent.get(i).first() - sent.get(i - 1).first();
            if (nominated == null || sent.get(i).first() <= nominated) {
                gaps.add(gap);
            } else if (sent.get(i - 1).first() > nominated + SETTLED) {
                consent.add(gap); // the checks that still finish other pairs right after nomination are not consent
            }
        }
        Long retransmit = sent.stream().filter(x -> x.times().size() > 1).map(x -> x.times().get(1) - x.first())
                .findFirst().orElse(null);
        return new IceTiming(median(gaps, 1e6), retransmit == null ? null : retransmit / 1e6,
                nominated == null ? null : (nominated - start) / 1e6, median(consent, 1e9));
    }

    private static Double median(List<Long> values, double unit) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / unit;
    }

    /** One line for the report, e.g. "checks every 50 ms; first retransmission after 100 ms; …". */
    String summary() {
        return "checks every " + value(pacingMs, "%.0f ms") + "; first retransmission after "
                + value(retransmitMs, "%.0f ms") + "; USE-CANDIDATE " + value(nominationMs, "%.0f ms")
                + " after its first check; consent every " + value(consentS, "%.1f s");
    }

    private static String value(Double v, String format) {
        return v == null ? "n/a" : String.format(java.util.Locale.ROOT, format, v);
    }
}
