package io.icelab.probe;

import io.icelab.ice.Role;
import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Integrity;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.TransportAddresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ICE statements a peer's behaviour can be judged by from the other end of the wire: what the probed agent
 * sent to icelab's agent, as icelab's socket received it. Each statement keeps the requirement id the simulator's
 * scenarios claim for icelab's own agent (features/requirements.yaml), so a verdict here reads against the same
 * text. Nothing is judged that was not seen: no checks, no verdict.
 */
final class PeerObservations {
    /** A datagram icelab's agent received from the probed agent. */
    record Seen(long nanos, InetSocketAddress from, InetSocketAddress to, Bytes payload) {
    }

    /** How a statement fared. */
    enum Verdict { MET, NOT_MET, NOT_OBSERVED }

    /**
     * One statement and its verdict.
     *
     * @param id the requirement id
     * @param text what it says, briefly, with its RFC 2119 level first
     * @param verdict met, not met, or not observed
     * @param detail the evidence: counts, or the first violation
     */
    record Statement(String id, String text, Verdict verdict, String detail) {
        /**
         * Whether the statement is a MUST or MUST NOT (a SHOULD not met is reported, and does not fail the probe).
         *
         * @return true for a mandatory statement
         */
        boolean mandatory() {
            return text.startsWith("MUST");
        }
    }

    /** What the probe knows of the session. */
    record Session(Role peerRole, String icelabUfrag, String icelabPwd, String peerUfrag, String peerPwd,
            long connectedNanos, long windowNanos, Timing timing, IceProbe.Conflict conflict, long cutNanos) {
    }

    /** Where the times were read: at a NAT box, one hop from the sender, or at icelab's socket after its loop. */
    enum Timing { FIRST_HOP, RECEIVER }

    private PeerObservations() {
    }

    static List<Statement> judge(Session s, List<Seen> seen) {
        return judge(s, seen, null);
    }

    /**
     * The statements, with what icelab's agent sent that reached the agent (read at the agent's box), for the
     * triggered-check statement; null when not read.
     */
    static List<Statement> judge(Session s, List<Seen> seen, List<Seen> reachedAgent) {
        List<StunMessage> checks = new ArrayList<>();
        List<Seen> checkSeen = new ArrayList<>();
        List<StunMessage> answers = new ArrayList<>();
        List<StunMessage> refusals = new ArrayList<>();
        int undecodable = 0;
        for (Seen x : seen) {
            if (x.payload().length() == 0 || (x.payload().get(0) & 0xff) > 3) {
                continue; // application data (RFC 7983)
            }
            StunMessage m;
            try {
                m = StunDecoder.decode(x.payload());
            } catch (StunDecodeException e) {
                undecodable++;
                continue;
            }
            if (m.is(MessageClass.REQUEST, Method.BINDING)) {
                checks.add(m);
                checkSeen.add(x);
            } else if (m.is(MessageClass.SUCCESS_RESPONSE, Method.BINDING)) {
                answers.add(m);
            } else if (m.is(MessageClass.ERROR_RESPONSE, Method.BINDING)) {
                refusals.add(m);
            }
        }
        List<Statement> out = new ArrayList<>();
        out.add(fingerprints(checks, answers, undecodable));
        out.add(credentials(s, checks));
        out.add(priority(checks));
        if (s.conflict() == IceProbe.Conflict.NONE) {
            out.add(role(s, checks));
            out.add(useCandidate(s, checks, checkSeen));
        } else {
            out.addAll(conflict(s, checks, refusals));
        }
        out.add(answersSigned(s, answers));
        out.add(s.timing() == Timing.FIRST_HOP ? pacing(checks, checkSeen, s.connectedNanos())
                : new Statement("RFC8445-14.2-1", "SHOULD: new checks are paced at Ta = 50 ms", Verdict.NOT_OBSERVED,
                        "times read at icelab's socket after its loop, which blurs them by milliseconds; "
                        + "with the agent or icelab behind a NAT box they are read one hop from the agent"));
        out.add(triggered(checks, checkSeen, reachedAgent));
        out.addAll(consent(s, checks, checkSeen));
        if (s.cutNanos() >= 0) {
            out.add(silenceAfterLoss(s, seen));
        }
        return out;
    }

    private static Statement verdict(String id, String text, int total, List<String> bad, String what) {
        if (total == 0) {
            return new Statement(id, text, Verdict.NOT_OBSERVED, "no " + what + " seen");
        }
        return bad.isEmpty() ? new Statement(id, text, Verdict.MET, total + " " + what)
                : new Statement(id, text, Verdict.NOT_MET, bad.size() + " of " + total + " " + what + ": " + bad.get(0));
    }

    // RFC 8445 §7.1.1 (with RFC 8489 §14.7): every check and answer carries a valid FINGERPRINT
    private static Statement fingerprints(List<StunMessage> checks, List<StunMessage> answers, int undecodable) {
        List<String> bad = new ArrayList<>();
        List<StunMessage> all = new ArrayList<>(checks);
        all.addAll(answers);
        for (StunMessage m : all) {
            if (m.fingerprintStatus() != StunMessage.FingerprintStatus.VALID) {
                bad.add(m.messageClass() + " " + m.transactionId() + ": FINGERPRINT " + m.fingerprintStatus());
            }
        }
        if (undecodable > 0) {
            bad.add(undecodable + " STUN-looking datagrams did not decode");
        }
        return verdict("RFC8445-7.1.1", "MUST: checks and answers carry a valid FINGERPRINT", all.size() + undecodable, bad,
                "STUN messages");
    }

    // RFC 8445 §7.2.2: USERNAME is the receiver's ufrag, a colon, the sender's; MESSAGE-INTEGRITY with the receiver's pwd
    private static Statement credentials(Session s, List<StunMessage> checks) {
        Integrity integrity = new Integrity();
        byte[] key = StunKeys.shortTerm(s.icelabPwd());
        String expected = s.icelabUfrag() + ":" + s.peerUfrag();
        List<String> bad = new ArrayList<>();
        for (StunMessage m : checks) {
            CoreAttribute.Username u = m.attribute(CoreAttribute.Username.class);
            if (u == null || !u.text().equals(expected)) {
                bad.add("USERNAME " + (u == null ? "absent" : "'" + u.text() + "'") + ", expected '" + expected + "'");
            } else if (integrity.verify(m, key) != Integrity.Status.VALID) {
                bad.add("MESSAGE-INTEGRITY " + integrity.verify(m, key) + " with icelab's password");
            }
        }
        return verdict("RFC8445-7.2.2", "MUST: checks carry USERNAME icelab:peer and MESSAGE-INTEGRITY with icelab's password",
                checks.size(), bad, "checks");
    }

    // RFC 8445 §7.1.1: PRIORITY in every check
    private static Statement priority(List<StunMessage> checks) {
        List<String> bad = new ArrayList<>();
        for (StunMessage m : checks) {
            IceAttribute.Priority p = m.attribute(IceAttribute.Priority.class);
            if (p == null || p.priority() == 0) {
                bad.add(m.transactionId() + ": PRIORITY " + (p == null ? "absent" : "0"));
            }
        }
        return verdict("RFC8445-7.1.1", "MUST: checks carry a non-zero PRIORITY", checks.size(), bad, "checks");
    }

    // RFC 8445 §7.1.3: ICE-CONTROLLING from the controlling agent, ICE-CONTROLLED from the controlled one
    private static Statement role(Session s, List<StunMessage> checks) {
        boolean controlling = s.peerRole() == Role.CONTROLLING;
        List<String> bad = new ArrayList<>();
        for (StunMessage m : checks) {
            boolean ing = m.has(IceAttribute.IceControlling.class);
            boolean ed = m.has(IceAttribute.IceControlled.class);
            if (ing == ed || ing != controlling) {
                bad.add(m.transactionId() + ": " + (ing ? "ICE-CONTROLLING " : "") + (ed ? "ICE-CONTROLLED" : "")
                        + (ing || ed ? "" : "no role attribute") + " from the " + s.peerRole().name().toLowerCase() + " agent");
            }
        }
        return verdict(controlling ? "RFC8445-7.1.3-1" : "RFC8445-7.1.3-2", "MUST: checks carry the role attribute of the "
                + s.peerRole().name().toLowerCase() + " agent", checks.size(), bad, "checks");
    }

    // RFC 8445 §8.1.1 / §7.1.2: the controlling agent nominates one pair per component; the controlled one never does
    private static Statement useCandidate(Session s, List<StunMessage> checks, List<Seen> seen) {
        Set<String> nominated = new LinkedHashSet<>();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).has(IceAttribute.UseCandidate.class)) {
                nominated.add(TransportAddresses.format(seen.get(i).from()) + " -> "
                        + TransportAddresses.format(seen.get(i).to()));
            }
        }
        if (s.peerRole() == Role.CONTROLLED) {
            return verdict("RFC8445-7.1.2-2", "MUST NOT: USE-CANDIDATE from the controlled agent", checks.size(),
                    nominated.isEmpty() ? List.of() : List.of("USE-CANDIDATE on " + nominated), "checks");
        }
        String text = "MUST: the controlling agent nominates one pair with USE-CANDIDATE";
        if (s.connectedNanos() < 0) {
            // §8.1.1 forbids a second nomination once one succeeded: without a selected pair nothing succeeded
            return new Statement("RFC8445-8.1.1", text, Verdict.NOT_OBSERVED, "not connected; USE-CANDIDATE seen on "
                    + nominated.size() + " pair(s)" + (nominated.size() > 1 ? " (aggressive nomination)" : ""));
        }
        return verdict("RFC8445-8.1.1", text, checks.size(),
                nominated.size() == 1 ? List.of() : List.of(nominated.isEmpty() ? "no check carried USE-CANDIDATE"
                        : "USE-CANDIDATE on " + nominated.size() + " pairs: " + nominated), "checks");
    }

    // RFC 8445 §7.3.1.1 and §7.2.5.1: both agents took one role; the tie-breakers decide who gives way
    private static List<Statement> conflict(Session s, List<StunMessage> checks, List<StunMessage> refusals) {
        boolean controlling = s.peerRole() == Role.CONTROLLING;
        List<Long> tieBreakers = new ArrayList<>(); // in the order the checks were seen
        List<Boolean> asControlling = new ArrayList<>();
        for (StunMessage m : checks) {
            IceAttribute.IceControlling ing = m.attribute(IceAttribute.IceControlling.class);
            IceAttribute.IceControlled ed = m.attribute(IceAttribute.IceControlled.class);
            if (ing != null || ed != null) {
                asControlling.add(ing != null);
                tieBreakers.add(ing != null ? ing.tieBreaker() : ed.tieBreaker());
            }
        }
        long conflicts487 = refusals.stream().filter(m -> m.errorCode() == 487).count();
        List<Statement> out = new ArrayList<>();
        String resolved = "MUST: a role conflict is resolved by the tie-breakers";
        if (asControlling.isEmpty()) {
            out.add(new Statement("RFC8445-7.3.1.1", resolved, Verdict.NOT_OBSERVED, "no checks seen"));
            return out;
        }
        boolean first = asControlling.get(0);
        boolean last = asControlling.get(asControlling.size() - 1);
        // the larger tie-breaker ends controlling: both controlling, the smaller switches; both controlled, the larger
        boolean agentGivesWay = controlling == (s.conflict() == IceProbe.Conflict.ICELAB_WINS);
        boolean endsControlling = agentGivesWay != controlling;
        String path = "its checks went from " + roleName(first) + " to " + roleName(last) + ", " + conflicts487
                + " 487 answers from it";
        out.add(new Statement("RFC8445-7.3.1.1", resolved, last == endsControlling ? Verdict.MET : Verdict.NOT_MET,
                "expected to end " + roleName(endsControlling) + ": " + path));
        if (!agentGivesWay) {
            String keeps = "MUST: the agent that keeps its role answers a conflicting check 487";
            out.add(new Statement("RFC8445-7.3.1.1-3", keeps, asControlling.contains(!controlling) ? Verdict.NOT_MET
                    : conflicts487 > 0 ? Verdict.MET : Verdict.NOT_OBSERVED, path
                    + (conflicts487 == 0 ? " (icelab may have given way before its checks reached it)" : "")));
            return out;
        }
        out.add(new Statement("RFC8445-7.3.1.1-3", "MUST: the agent that gives way answers no 487",
                conflicts487 == 0 ? Verdict.MET : Verdict.NOT_MET, path));
        if (first == controlling && last != controlling) {
            // its first checks carried the conflicting role and icelab, which keeps its own, answered them 487
            // (§7.2.5.1): by its last check the tie-breaker has changed
            boolean changed = !tieBreakers.get(tieBreakers.size() - 1).equals(tieBreakers.get(0));
            out.add(new Statement("RFC8445-7.2.5.1-4", "MUST: after a 487 the tie-breaker changes",
                    changed ? Verdict.MET : Verdict.NOT_MET, changed ? "a new tie-breaker after the switch"
                            : "the same tie-breaker before and after the switch"));
        } else {
            out.add(new Statement("RFC8445-7.2.5.1-4", "MUST: after a 487 the tie-breaker changes", Verdict.NOT_OBSERVED,
                    "the agent gave way on icelab's check before one of its own was answered 487"));
        }
        return out;
    }

    private static String roleName(boolean controlling) {
        return controlling ? "ICE-CONTROLLING" : "ICE-CONTROLLED";
    }

    // RFC 8445 §7.3.1.2: a success answer carries XOR-MAPPED-ADDRESS and is signed with the answering agent's password
    private static Statement answersSigned(Session s, List<StunMessage> answers) {
        Integrity integrity = new Integrity();
        byte[] key = StunKeys.shortTerm(s.peerPwd());
        List<String> bad = new ArrayList<>();
        for (StunMessage m : answers) {
            if (!m.has(CoreAttribute.XorMappedAddress.class)) {
                bad.add(m.transactionId() + ": no XOR-MAPPED-ADDRESS");
            } else if (integrity.verify(m, key) != Integrity.Status.VALID) {
                bad.add(m.transactionId() + ": MESSAGE-INTEGRITY " + integrity.verify(m, key) + " with the agent's password");
            }
        }
        return verdict("RFC8445-7.3.1.2", "MUST: answers carry XOR-MAPPED-ADDRESS, signed with the agent's password",
                answers.size(), bad, "answers");
    }

    // RFC 8445 §14.2: new checks paced at Ta, 50 ms unless signalled otherwise. Judged on the wire, where a slow first
    // send (a cold process) shortens the next gap: 40 ms (0.8 Ta) passes, less does not.
    private static Statement pacing(List<StunMessage> checks, List<Seen> seen, long connectedNanos) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            long at = seen.get(i).nanos();
            if (connectedNanos < 0 || at <= connectedNanos) {
                first.putIfAbsent(checks.get(i).transactionId().hex(), at);
            }
        }
        List<Long> times = first.values().stream().sorted().toList();
        if (times.size() < 2) {
            return new Statement("RFC8445-14.2-1", "SHOULD: new checks are paced at Ta = 50 ms", Verdict.NOT_OBSERVED,
                    times.size() + " check transaction(s) before the pair was selected: no interval to measure");
        }
        long min = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            min = Math.min(min, times.get(i) - times.get(i - 1));
        }
        String detail = String.format(java.util.Locale.ROOT, "%d check transactions, the closest %.1f ms apart",
                times.size(), min / 1e6);
        return new Statement("RFC8445-14.2-1", "SHOULD: new checks are paced at Ta = 50 ms",
                min >= 40_000_000L ? Verdict.MET : Verdict.NOT_MET, detail);
    }

    // RFC 7675 §5.1: after selection, consent checks 4-6 s apart, each a new transaction (needs a long enough window)
    private static List<Statement> consent(Session s, List<StunMessage> checks, List<Seen> seen) {
        String text = "SHOULD: consent checks are 4 to 6 s apart";
        if (s.connectedNanos() < 0 || s.windowNanos() < 12_000_000_000L) {
            return List.of(new Statement("RFC7675-5.1-4", text, Verdict.NOT_OBSERVED,
                    "watched " + Math.max(0, s.windowNanos() / 1_000_000_000L) + " s after selection; 12 s needed (--consent)"));
        }
        Map<String, Long> first = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            long at = seen.get(i).nanos();
            if (at > s.connectedNanos() + 1_000_000_000L) { // past the nomination's own checks
                first.putIfAbsent(checks.get(i).transactionId().hex(), at);
            }
        }
        List<Long> times = first.values().stream().sorted().toList();
        List<String> bad = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            if (gap < 4_000_000_000L || gap > 6_000_000_000L) {
                bad.add(String.format(java.util.Locale.ROOT, "%.2f s between consent checks", gap / 1e9));
            }
        }
        if (times.isEmpty()) {
            bad.add("no consent check in " + (s.windowNanos() / 1_000_000_000L) + " s after selection");
        } else if (times.size() == 1) {
            return List.of(new Statement("RFC7675-5.1-4", text, Verdict.NOT_OBSERVED,
                    "one consent check in the window: no interval to measure"));
        }
        return List.of(verdict("RFC7675-5.1-4", text, Math.max(times.size(), 1), bad, "consent checks"));
    }

    // RFC 8445 §7.3.1.4: a check that arrives triggers a check back on its pair (unless that pair was checked already)
    private static Statement triggered(List<StunMessage> checks, List<Seen> checkSeen, List<Seen> reachedAgent) {
        String text = "MUST: a check received triggers a check back to where it came from";
        if (reachedAgent == null) {
            return new Statement("RFC8445-7.3.1.4", text, Verdict.NOT_OBSERVED,
                    "what reached the agent is read at its NAT box: the agent is on no NAT");
        }
        Map<InetSocketAddress, Long> firstArrival = new LinkedHashMap<>();
        for (Seen x : reachedAgent) {
            try {
                if (x.payload().length() > 0 && (x.payload().get(0) & 0xff) <= 3
                        && StunDecoder.decode(x.payload()).is(MessageClass.REQUEST, Method.BINDING)) {
                    firstArrival.putIfAbsent(x.from(), x.nanos());
                }
            } catch (StunDecodeException e) {
                // not a check
            }
        }
        List<String> bad = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Long> e : firstArrival.entrySet()) {
            boolean back = false;
            for (int i = 0; i < checks.size() && !back; i++) {
                back = checkSeen.get(i).to().equals(e.getKey()) && checkSeen.get(i).nanos() <= e.getValue() + 250_000_000L;
            }
            if (!back) {
                bad.add("no check back to " + TransportAddresses.format(e.getKey()) + " within 250 ms of its first check");
            }
        }
        return verdict("RFC8445-7.3.1.4", text, firstArrival.size(), bad, "addresses icelab checked from");
    }

    // RFC 7675 §5.1: without an authenticated answer for 30 s, the agent stops sending on the 5-tuple
    private static Statement silenceAfterLoss(Session s, List<Seen> seen) {
        String text = "MUST: 30 s after the last answer, nothing more is sent on the pair";
        long deadline = s.cutNanos() + 32_000_000_000L; // 30 s after the last possible answer, 2 s for scheduling
        long during = seen.stream().filter(x -> x.nanos() > s.cutNanos() && x.nanos() <= deadline).count();
        List<Seen> late = seen.stream().filter(x -> x.nanos() > deadline).toList();
        if (s.connectedNanos() + s.windowNanos() < deadline + 1_000_000_000L) {
            return new Statement("RFC7675-5.1-2", text, Verdict.NOT_OBSERVED, "watched "
                    + (s.windowNanos() / 1_000_000_000L) + " s after selection; 35 s after the loss are needed");
        }
        if (!late.isEmpty()) {
            return new Statement("RFC7675-5.1-2", text, Verdict.NOT_MET, late.size() + " datagrams more than 32 s after "
                    + "the path died, the first " + String.format(java.util.Locale.ROOT, "%.1f s", 
                            (late.get(0).nanos() - s.cutNanos()) / 1e9) + " after");
        }
        return during == 0
                ? new Statement("RFC7675-5.1-2", text, Verdict.NOT_OBSERVED, "the agent sent nothing after the path died")
                : new Statement("RFC7675-5.1-2", text, Verdict.MET, during + " datagrams in the 30 s after the loss, "
                        + "none later");
    }

    static int count(List<Statement> statements, Verdict v) {
        return (int) statements.stream().filter(x -> x.verdict() == v).count();
    }
}
