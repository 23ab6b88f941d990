package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;

/**
 * What the ICE agents put on the simulated wire, checked against RFC 8445 and RFC 7675: the attributes,
 * signatures and PRIORITY of checks, nomination, consent and keepalive timing, gathering pace.
 */
public final class IceWireSteps {
    private final World world;

    public IceWireSteps(World world) {
        this.world = world;
    }

    /**
     * RFC 8445 §7.1.1-7.1.2: a connectivity check (a Binding request between the agents, not to a
     * STUN or TURN server) carries PRIORITY, USERNAME "receiver:sender" with both ufrags, exactly one
     * of ICE-CONTROLLING and ICE-CONTROLLED, MESSAGE-INTEGRITY and a valid FINGERPRINT.
     */
    @Then("every connectivity check on the wire carries PRIORITY, USERNAME, one role attribute, MESSAGE-INTEGRITY and FINGERPRINT")
    public void checksCarryTheirAttributes() {
        java.util.Set<String> ufrags = new java.util.TreeSet<>();
        world.ice.values().forEach(h -> ufrags.add(h.agent().localUfrag()));
        java.util.Set<java.net.InetAddress> servers = java.util.Set.of(NetworkSteps.STUN.getAddress(),
                NetworkSteps.STUN_ALT.getAddress(), NetworkSteps.TURN.getAddress());
        int checks = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !m.method().equals(io.icelab.stun.Method.BINDING)
                    || servers.contains(c.packet().destination().getAddress())) {
                continue;
            }
            checks++;
            String what = "check " + c.packet();
            assertThat(m.has(io.icelab.stun.IceAttribute.Priority.class)).as(what + ": PRIORITY").isTrue();
            boolean controlling = m.has(io.icelab.stun.IceAttribute.IceControlling.class);
            boolean controlled = m.has(io.icelab.stun.IceAttribute.IceControlled.class);
            assertThat(controlling ^ controlled).as(what + ": exactly one of ICE-CONTROLLING and ICE-CONTROLLED").isTrue();
            assertThat(m.has(io.icelab.stun.CoreAttribute.MessageIntegrity.class)).as(what + ": MESSAGE-INTEGRITY").isTrue();
            assertThat(m.fingerprintStatus()).as(what + ": FINGERPRINT").isEqualTo(StunMessage.FingerprintStatus.VALID);
            io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
            assertThat(u).as(what + ": USERNAME").isNotNull();
            String[] parts = u.value().utf8().split(":", -1);
            assertThat(parts).as(what + ": USERNAME receiver:sender").hasSize(2);
            assertThat(ufrags).as(what + ": both ufrags").contains(parts[0], parts[1]);
            assertThat(parts[0]).as(what + ": receiver differs from sender").isNotEqualTo(parts[1]);
        }
        assertThat(checks).as("connectivity checks on the wire").isPositive();
    }

    /**
     * RFC 8445 §7.2.2 and §7.3.1.2: every check is signed with the receiver's password (the left part
     * of USERNAME names it), every success answer to a check with the same key, and the answer's
     * XOR-MAPPED-ADDRESS is the check's source as the answering agent saw it (the destination of the
     * answer where it was first captured, before any NAT rewrote it).
     */
    @Then("every connectivity check and its answer on the wire are signed with the receiver's password")
    public void checksAreSigned() {
        java.util.Map<String, String> passwords = new java.util.TreeMap<>();
        world.ice.values().forEach(h -> passwords.put(h.agent().localUfrag(), h.agent().localPwd()));
        java.util.Map<String, byte[]> keyOfTransaction = new java.util.TreeMap<>();
        java.util.Set<String> answered = new java.util.TreeSet<>();
        io.icelab.stun.Integrity integrity = new io.icelab.stun.Integrity();
        int checks = 0;
        int answers = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.method().equals(io.icelab.stun.Method.BINDING)) {
                continue;
            }
            String tid = m.transactionId().toString();
            if (m.isRequest()) {
                io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
                String pwd = u == null ? null : passwords.get(u.value().utf8().split(":", -1)[0]);
                if (pwd == null) {
                    continue; // a Binding request to a STUN server, not a check
                }
                byte[] key = io.icelab.stun.StunKeys.shortTerm(pwd);
                if (keyOfTransaction.put(tid, key) == null) {
                    checks++;
                }
                assertThat(integrity.verify(m, key)).as("check %s signed with the receiver's password", c.packet())
                        .isEqualTo(io.icelab.stun.Integrity.Status.VALID);
            } else if (m.messageClass() == io.icelab.stun.MessageClass.SUCCESS_RESPONSE
                    && keyOfTransaction.containsKey(tid)) {
                assertThat(integrity.verify(m, keyOfTransaction.get(tid))).as("answer %s signed like its check",
                        c.packet()).isEqualTo(io.icelab.stun.Integrity.Status.VALID);
                if (answered.add(tid)) {
                    answers++;
                    io.icelab.stun.CoreAttribute.XorMappedAddress x =
                            m.attribute(io.icelab.stun.CoreAttribute.XorMappedAddress.class);
                    assertThat(x).as("answer %s: XOR-MAPPED-ADDRESS", c.packet()).isNotNull();
                    assertThat(x.address()).as("answer %s: the check's source as the answering agent saw it",
                            c.packet()).isEqualTo(c.packet().destination());
                }
            }
        }
        assertThat(checks).as("connectivity checks on the wire").isPositive();
        assertThat(answers).as("answered checks on the wire").isPositive();
    }

    /** RFC 8445 §5.3: ufrag of at least 4 and password of at least 22 ice-chars (24 and 128 bits). */
    @Then("every agent's ufrag has at least 4 and its password at least 22 ice-chars")
    public void credentials() {
        assertThat(world.ice.values()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.agent().localUfrag()).matches("[A-Za-z0-9+/]{4,256}");
            assertThat(h.agent().localPwd()).matches("[A-Za-z0-9+/]{22,256}");
        });
    }

    /**
     * RFC 7675 §5.1: after the pair is selected (from 15 s on), WHO's checks to the selected remote are
     * consent checks: each a new transaction, one every 4-6 s (5 s randomised by ±20 %).
     */
    @Then("{word}'s consent checks went out every 4 to 6 s, each a new transaction")
    public void consentChecks(String who) {
        java.util.List<Long> times = quietSelectedPairTraffic(who, StunMessage::isRequest);
        assertGaps(times, 5, 4.0, 6.0, "consent check");
        // §5.1: each interval drawn anew (0.8..1.2 x 5 s), so the gaps are not all the same
        java.util.Set<Long> gaps = new java.util.TreeSet<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / 1_000_000L);
        }
        assertThat(gaps).as("distinct gaps (ms) between %s's consent checks", who).hasSizeGreaterThan(1);
    }

    /**
     * When WHO's STUN messages of a kind went out on its selected pair from 15 s on (a quiet, connected
     * pair), seen in WHO's own realm: the first sending of each transaction id, in order.
     */
    private java.util.List<Long> quietSelectedPairTraffic(String who, java.util.function.Predicate<StunMessage> kind) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        assertThat(pair).as(who + "'s selected pair").isNotNull();
        String realm = world.sim().host(who).iface(0).realm().name();
        java.util.Map<String, Long> firstSent = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && kind.test(m) && m.method().equals(io.icelab.stun.Method.BINDING) && c.realm().equals(realm)
                    && c.timeNanos() > 15 * io.icelab.sim.SimTime.S && c.packet().source().equals(pair[0].base())
                    && c.packet().destination().equals(pair[1].address())) {
                firstSent.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        return new java.util.ArrayList<>(firstSent.values());
    }

    /** At least {@code min} times, each {@code lo}..{@code hi} seconds after the one before. */
    private static void assertGaps(java.util.List<Long> times, int min, double lo, double hi, String what) {
        assertThat(times).as(what + "s after 15 s").hasSizeGreaterThanOrEqualTo(min);
        for (int i = 1; i < times.size(); i++) {
            assertThat((times.get(i) - times.get(i - 1)) / 1e9).as("gap before %s %d", what, i).isBetween(lo, hi);
        }
    }

    /**
     * RFC 8445 §7.1.1: a check's PRIORITY is the priority a peer-reflexive candidate learnt from it would
     * have: type preference 110 with the local preference and component of the check's base (WHO's host
     * candidate, as WHO's checks leave its host sockets when no relay is in use).
     */
    @Then("every check {word} sent carries the priority of a peer-reflexive candidate of its base")
    public void checkPriority(String who) {
        java.util.Map<java.net.InetSocketAddress, io.icelab.ice.Candidate> hosts = new java.util.HashMap<>();
        for (io.icelab.ice.IceEvent e : world.ice.get(who).app().events()) {
            if (e instanceof io.icelab.ice.IceEvent.CandidateGathered g
                    && g.candidate().type() == io.icelab.ice.CandidateType.HOST) {
                hosts.put(g.candidate().address(), g.candidate());
            }
        }
        String ufrag = world.ice.get(who).agent().localUfrag();
        int checks = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            io.icelab.ice.Candidate base = hosts.get(c.packet().source());
            if (m == null || base == null || !m.isRequest() || !m.has(io.icelab.stun.IceAttribute.Priority.class)) {
                continue;
            }
            io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
            if (u == null || !u.value().utf8().endsWith(":" + ufrag)) {
                continue;
            }
            checks++;
            int localPreference = (int) ((base.priority() >> 8) & 0xFFFF);
            long expected = io.icelab.ice.Candidate.priority(io.icelab.ice.CandidateType.PEER_REFLEXIVE,
                    localPreference, base.component());
            assertThat(m.attribute(io.icelab.stun.IceAttribute.Priority.class).priority())
                    .as("PRIORITY of %s", c.packet()).isEqualTo(expected);
        }
        assertThat(checks).as("checks %s sent from its host candidates", who).isPositive();
    }

    /**
     * RFC 8445 §7.3.1.5 (controlled) with §8.1.1 (controlling): the pair WHO (controlled) selected is one on
     * which a check with USE-CANDIDATE arrived: from the selected remote candidate to its base.
     */
    @Then("{word}'s selected pair is one a USE-CANDIDATE check arrived on")
    public void selectedWasNominated(String who) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        assertThat(pair).as(who + "'s selected pair").isNotNull();
        String realm = world.sim().host(who).iface(0).realm().name();
        assertThat(world.recorder.packets()).as("a USE-CANDIDATE check from %s to %s in %s", pair[1].address(),
                pair[0].base(), realm).anyMatch(c -> {
                    StunMessage m = IceSteps.stun(c);
                    return m != null && m.isRequest() && c.realm().equals(realm)
                            && m.has(io.icelab.stun.IceAttribute.UseCandidate.class)
                            && c.packet().destination().equals(pair[0].base())
                            && c.packet().source().equals(pair[1].address());
                });
    }

    /**
     * RFC 8445 §8.1.2: once WHO's component is nominated, its other pairs leave the checklist and their
     * in-progress checks are cancelled (not retransmitted). After WHO's pair was selected, no Binding request
     * with PRIORITY (a check) leaves WHO's host except on the selected pair (consent checks), watched for
     * 40 s, longer than any transaction's retransmissions (39.5 s).
     */
    @Then("after its pair was selected, {word} sent no check on another pair")
    public void noOtherChecksAfterNomination(String who) {
        long selectedAt = eventTime(who, "SelectedPairChanged");
        world.sim().runUntil(Math.max(world.sim().now(), selectedAt + 40 * io.icelab.sim.SimTime.S));
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.List<String> others = new java.util.ArrayList<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (c.timeNanos() > selectedAt && m != null && m.isRequest() && c.realm().equals(realm)
                    && m.has(io.icelab.stun.IceAttribute.Priority.class)
                    && c.packet().source().getAddress().equals(host)
                    && !(c.packet().source().equals(pair[0].base()) && c.packet().destination().equals(pair[1].address()))) {
                others.add(io.icelab.sim.SimTime.format(c.timeNanos()) + " " + c.packet().source() + " > "
                        + c.packet().destination() + " " + m.transactionId());
            }
        }
        assertThat(others).as("checks %s sent on other pairs after its pair was selected at %s s", who,
                io.icelab.sim.SimTime.format(selectedAt)).isEmpty();
    }

    /**
     * RFC 8445 §7.3.1.1 and §7.2.5.1, read off the wire: every 487 answers a check that lost the tie-breaker
     * comparison against the answering agent's value (both controlling: the answerer's is larger or equal;
     * both controlled: the answerer's is smaller), and every later check of the agent that got the 487 carries
     * a new tie-breaker. The answerer's value is the one in its own last check before the 487.
     */
    @Then("every 487 on the wire follows the tie-breakers and the loser draws a new tie-breaker")
    public void roleConflictsByTieBreaker() {
        checkRoleConflicts();
    }

    /** The checks of {@link #roleConflictsByTieBreaker}; the number of 487 answers seen. */
    private int checkRoleConflicts() {
        java.util.List<StunMessage> seen = new java.util.ArrayList<>();
        java.util.List<Long> firstAt = new java.util.ArrayList<>();
        java.util.Map<String, Long> lastAt = new java.util.TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.method().equals(io.icelab.stun.Method.BINDING)
                    && lastAt.put(m.messageClass() + " " + m.transactionId(), c.timeNanos()) == null) {
                seen.add(m);
                firstAt.add(c.timeNanos());
            }
        }
        int conflicts = 0;
        for (int i = 0; i < seen.size(); i++) {
            StunMessage answer = seen.get(i);
            if (answer.messageClass() != io.icelab.stun.MessageClass.ERROR_RESPONSE || answer.errorCode() != 487) {
                continue;
            }
            conflicts++;
            StunMessage request = null;
            for (int j = i - 1; j >= 0 && request == null; j--) {
                if (seen.get(j).isRequest() && seen.get(j).transactionId().equals(answer.transactionId())) {
                    request = seen.get(j);
                }
            }
            assertThat(request).as("the check 487 %s answered", answer.transactionId()).isNotNull();
            String[] users = request.attribute(io.icelab.stun.CoreAttribute.Username.class).text().split(":");
            Long answerer = lastTieBreaker(seen, i, users[0]);
            Long asked = tieBreaker(request);
            assertThat(answerer).as("a check of the agent that sent 487 %s", answer.transactionId()).isNotNull();
            boolean controlling = request.has(io.icelab.stun.IceAttribute.IceControlling.class);
            int cmp = Long.compareUnsigned(answerer, asked);
            assertThat(controlling ? cmp >= 0 : cmp < 0).as("487 to a %s check with tie-breaker %s from an agent "
                    + "with %s", controlling ? "controlling" : "controlled", Long.toUnsignedString(asked),
                    Long.toUnsignedString(answerer)).isTrue();
            // the loser's checks from the 487's arrival on: the ones already on their way may carry the old value,
            // but from the first with a new value on, none goes back to the one that lost
            long arrived = lastAt.get(answer.messageClass() + " " + answer.transactionId());
            java.util.List<String> after = new java.util.ArrayList<>();
            boolean changed = false;
            for (int j = i + 1; j < seen.size(); j++) {
                StunMessage later = seen.get(j);
                if (later.isRequest() && sender(later).equals(users[1]) && firstAt.get(j) >= arrived) {
                    Long tb = tieBreaker(later);
                    after.add(io.icelab.sim.SimTime.format(firstAt.get(j)) + " " + (tb == null ? "-" : Long.toUnsignedString(tb)));
                    assertThat(changed && asked.equals(tb)).as("%s went back to the tie-breaker that lost: %s", users[1],
                            after).isFalse();
                    changed |= tb != null && !asked.equals(tb);
                }
            }
            assertThat(changed).as("%s's checks after the 487 at %s s carry a new tie-breaker (lost with %s): %s",
                    users[1], io.icelab.sim.SimTime.format(arrived), Long.toUnsignedString(asked), after).isTrue();
        }
        return conflicts;
    }

    @Then("at least one 487 Role Conflict went over the wire")
    public void some487() {
        assertThat(checkRoleConflicts()).as("487 answers on the wire").isPositive();
    }

    private static String sender(StunMessage m) {
        io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
        String[] parts = u == null ? new String[0] : u.text().split(":");
        return parts.length == 2 ? parts[1] : "";
    }

    private static Long tieBreaker(StunMessage m) {
        io.icelab.stun.IceAttribute.IceControlling a = m.attribute(io.icelab.stun.IceAttribute.IceControlling.class);
        io.icelab.stun.IceAttribute.IceControlled b = m.attribute(io.icelab.stun.IceAttribute.IceControlled.class);
        return a != null ? Long.valueOf(a.tieBreaker()) : b != null ? Long.valueOf(b.tieBreaker()) : null;
    }

    /** The tie-breaker in the last check the agent with this ufrag sent before message {@code before}. */
    private static Long lastTieBreaker(java.util.List<StunMessage> seen, int before, String ufrag) {
        for (int j = before - 1; j >= 0; j--) {
            StunMessage m = seen.get(j);
            if (m.isRequest() && sender(m).equals(ufrag) && tieBreaker(m) != null) {
                return tieBreaker(m);
            }
        }
        return null;
    }

    /**
     * RFC 8445 §6.1.4.2 and §14: WHO starts a new check (or gathering transaction) at most once per Ta: the
     * first transmissions of its requests are at least Ta apart.
     */
    @Then("{word}'s checks started at least {int} ms apart, {int} or more of them")
    public void checksPaced(String who, int ms, int atLeast) {
        long until = firstSelection();
        java.util.List<Long> times = checksOf(who).stream().map(Check::time).filter(t -> t < until).sorted().toList();
        assertThat(times).as("%s's checks", who).hasSizeGreaterThanOrEqualTo(atLeast);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before check %d of %s at %s s", i, who,
                    io.icelab.sim.SimTime.format(times.get(i))).isGreaterThanOrEqualTo(ms * 1_000_000L);
        }
    }

    /** The first selection of either agent: the checks before it are the ones the pacing rule is about. */
    private long firstSelection() {
        return world.sim().log().firstTime(":ice: SelectedPairChanged").orElse(Long.MAX_VALUE);
    }

    /**
     * RFC 4787 §5 as ICE meets it: the checks FROM sent to TO's server-reflexive candidate (seen on the internet)
     * reached TO's host (seen in TO's realm), or TO's NAT filtered every one of them.
     */
    @Then("the checks {word} sent to {word}'s server-reflexive candidate reached {word}")
    public void checksReachedServerReflexive(String from, String to, String host) {
        assertThat(host).as("the host the checks reach is the one whose candidate they were sent to").isEqualTo(to);
        checksToServerReflexive(from, to, Arrival.REACHED);
    }

    @Then("the checks {word} sent to {word}'s server-reflexive candidate were filtered")
    public void checksFilteredAtServerReflexive(String from, String to) {
        checksToServerReflexive(from, to, Arrival.FILTERED);
    }

    /** What became of checks sent to a server-reflexive candidate. */
    private enum Arrival {
        REACHED,
        FILTERED
    }

    private void checksToServerReflexive(String from, String to, Arrival expected) {
        java.util.Set<java.net.InetSocketAddress> srflx = new java.util.HashSet<>();
        for (io.icelab.ice.IceEvent e : world.ice.get(to).app().events()) {
            if (e instanceof io.icelab.ice.IceEvent.CandidateGathered g
                    && g.candidate().type() == io.icelab.ice.CandidateType.SERVER_REFLEXIVE) {
                srflx.add(g.candidate().address());
            }
        }
        assertThat(srflx).as("%s's server-reflexive candidates", to).isNotEmpty();
        String ufrag = world.ice.get(from).agent().localUfrag();
        String realm = world.sim().host(to).iface(0).realm().name();
        java.util.Set<String> sent = new java.util.TreeSet<>();
        java.util.Set<String> arrived = new java.util.TreeSet<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !m.has(io.icelab.stun.IceAttribute.Priority.class)
                    || !sender(m).equals(ufrag)) {
                continue;
            }
            if (c.realm().equals("internet") && srflx.contains(c.packet().destination())) {
                sent.add(m.transactionId().toString());
            } else if (c.realm().equals(realm)) {
                arrived.add(m.transactionId().toString());
            }
        }
        arrived.retainAll(sent);
        assertThat(sent).as("checks %s sent to %s's server-reflexive candidate %s", from, to, srflx).isNotEmpty();
        if (expected == Arrival.REACHED) {
            assertThat(arrived).as("of the checks %s sent to %s's server-reflexive candidate %s", from, to, sent).isNotEmpty();
        } else {
            assertThat(arrived).as("checks %s let in of %s", to, sent).isEmpty();
        }
    }

    /**
     * RFC 8445 §7.3.1.4, In-Progress case: whenever a check from R arrives at WHO's base B while WHO's own check
     * on B→R is still unanswered (and no check on B→R has been answered yet: the pair has not succeeded), WHO starts a new check on B→R within 1 s (not a nomination) and the old one is
     * not retransmitted after that (it was cancelled), even when the old one's answer was already on its way.
     * Read off WHO's realm until the first selection; at least one such case.
     */
    @Then("{word} met every check on a pair it was checking with a new check on that pair")
    public void inProgressRetriggered(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        long until = firstSelection();
        record Sent(String tid, String path, long at, boolean nominating) {
        }
        java.util.Map<String, Sent> first = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.List<Long>> transmissions = new java.util.TreeMap<>();
        java.util.Map<String, Long> answered = new java.util.TreeMap<>();
        java.util.Map<String, Long> succeeded = new java.util.TreeMap<>(); // path: when its first answer came
        java.util.List<String[]> cases = new java.util.ArrayList<>(); // path, old tid, time
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !c.realm().equals(realm) || !m.method().equals(io.icelab.stun.Method.BINDING)) {
                continue;
            }
            String tid = m.transactionId().toString();
            if (m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class)
                    && c.packet().source().getAddress().equals(host)) {
                String path = c.packet().source() + ">" + c.packet().destination();
                first.putIfAbsent(tid, new Sent(tid, path, c.timeNanos(), m.has(io.icelab.stun.IceAttribute.UseCandidate.class)));
                transmissions.computeIfAbsent(tid, k -> new java.util.ArrayList<>()).add(c.timeNanos());
            } else if (!m.isRequest() && !m.isIndication() && c.packet().destination().getAddress().equals(host)) {
                answered.putIfAbsent(tid, c.timeNanos());
                if (first.containsKey(tid)) {
                    succeeded.putIfAbsent(first.get(tid).path(), c.timeNanos());
                }
            } else if (m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class)
                    && c.packet().destination().getAddress().equals(host) && c.timeNanos() < until) {
                String path = c.packet().destination() + ">" + c.packet().source();
                for (Sent x : first.values()) {
                    if (x.path().equals(path) && !x.nominating() && x.at() < c.timeNanos()
                            && succeeded.getOrDefault(path, Long.MAX_VALUE) > c.timeNanos()
                            && answered.getOrDefault(x.tid(), Long.MAX_VALUE) > c.timeNanos()
                            && transmissions.get(x.tid()).size() < 7) {
                        cases.add(new String[] {path, x.tid(), String.valueOf(c.timeNanos())});
                    }
                }
            }
        }
        assertThat(cases).as("checks that arrived at %s on a pair it was checking", who).isNotEmpty();
        for (String[] k : cases) {
            long t = Long.parseLong(k[2]);
            Sent fresh = first.values().stream().filter(x -> x.path().equals(k[0]) && !x.tid().equals(k[1]) && !x.nominating()
                    && x.at() > t && x.at() <= t + io.icelab.sim.SimTime.S).findFirst().orElse(null);
            assertThat(fresh).as("a new check of %s on %s within 1 s of the peer's check at %s s", who, k[0],
                    io.icelab.sim.SimTime.format(t)).isNotNull();
            assertThat(transmissions.get(k[1])).as("transmissions of the cancelled check %s after %s s", k[1],
                    io.icelab.sim.SimTime.format(fresh.at())).allMatch(x -> x <= fresh.at());
        }
    }

    /** A check of an agent: the request and when it was first seen. */
    private record Check(long time, StunMessage message) {
    }

    /** WHO's checks (Binding requests with PRIORITY from WHO's host) as first seen in WHO's realm, in order. */
    private java.util.List<Check> checksOf(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.Map<String, Check> seen = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(host)) {
                seen.putIfAbsent(m.transactionId().toString(), new Check(c.timeNanos(), m));
            }
        }
        return new java.util.ArrayList<>(seen.values());
    }

    /** RFC 8445 §7.1.3: in a run without role changes, every check of WHO carries the role attribute of its role. */
    @Then("every check {word} sent carries {word}")
    public void roleAttribute(String who, String attribute) {
        Class<? extends io.icelab.stun.StunAttribute> kind = switch (attribute) {
            case "ICE-CONTROLLING" -> io.icelab.stun.IceAttribute.IceControlling.class;
            case "ICE-CONTROLLED" -> io.icelab.stun.IceAttribute.IceControlled.class;
            default -> throw new IllegalArgumentException("say ICE-CONTROLLING or ICE-CONTROLLED, not " + attribute);
        };
        java.util.List<StunMessage> checks = checksOf(who).stream().map(Check::message).toList();
        assertThat(checks).as("%s's checks", who).isNotEmpty().allMatch(m -> m.has(kind));
    }

    /** RFC 8445 §7.1.2: only the controlling agent nominates; the controlled one never sends USE-CANDIDATE. */
    @Then("no check {word} sent carries USE-CANDIDATE")
    public void noUseCandidate(String who) {
        java.util.List<StunMessage> checks = checksOf(who).stream().map(Check::message).toList();
        assertThat(checks).as("%s's checks", who).isNotEmpty()
                .noneMatch(m -> m.has(io.icelab.stun.IceAttribute.UseCandidate.class));
    }

    /**
     * RFC 8445 §8.1.1: after a successful nomination the controlling agent nominates no other pair: all of
     * WHO's USE-CANDIDATE checks go from one local address to one remote address.
     */
    @Then("{word} nominated one pair only")
    public void nominatedOnce(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.Set<String> paths = new java.util.TreeSet<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isRequest() && m.has(io.icelab.stun.IceAttribute.UseCandidate.class)
                    && c.realm().equals(realm) && c.packet().source().getAddress().equals(host)) {
                paths.add(c.packet().source() + " > " + c.packet().destination());
            }
        }
        assertThat(paths).as("pairs %s nominated", who).hasSize(1);
    }

    /** RFC 8445 §16.1 / §7.3.1.1: without a 487, every check of WHO carries the same tie-breaker. */
    @Then("every check {word} sent carries the same tie-breaker")
    public void oneTieBreaker(String who) {
        java.util.Set<Long> values = new java.util.TreeSet<>();
        for (Check c : checksOf(who)) {
            values.add(tieBreaker(c.message()));
        }
        assertThat(values).as("tie-breakers in %s's checks", who).hasSize(1);
    }

    /** RFC 8445 §7.3: every answer to a connectivity check on the wire carries a valid FINGERPRINT. */
    @Then("every answer to a connectivity check on the wire carries FINGERPRINT")
    public void answersFingerprinted() {
        java.util.Set<String> checks = new java.util.TreeSet<>();
        int answers = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.method().equals(io.icelab.stun.Method.BINDING)) {
                continue;
            }
            if (m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class)) {
                checks.add(m.transactionId().toString());
            } else if (!m.isRequest() && !m.isIndication() && checks.contains(m.transactionId().toString())) {
                answers++;
                assertThat(m.fingerprintStatus()).as("FINGERPRINT of the answer %s", m.transactionId())
                        .isEqualTo(StunMessage.FingerprintStatus.VALID);
            }
        }
        assertThat(answers).as("answers to checks on the wire").isPositive();
    }

    /**
     * RFC 8445 §8.1.2: once WHO's pair is selected, WHO still answers every check that reaches it (on the
     * selected pair or any other): each request with PRIORITY arriving in WHO's realm after the selection gets
     * an answer with its transaction id from WHO.
     */
    @Then("{word} answered every check that reached it after its pair was selected")
    public void answeredAfterSelection(String who) {
        long selectedAt = eventTime(who, "SelectedPairChanged");
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        java.util.Set<String> arrived = new java.util.TreeSet<>();
        java.util.Set<String> answered = new java.util.TreeSet<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !c.realm().equals(realm)) {
                continue;
            }
            if (m.isRequest() && m.has(io.icelab.stun.IceAttribute.Priority.class) && c.timeNanos() > selectedAt
                    && c.packet().destination().getAddress().equals(host)
                    && c.timeNanos() < world.sim().now() - io.icelab.sim.SimTime.S) {
                arrived.add(m.transactionId().toString());
            } else if (!m.isRequest() && !m.isIndication() && c.packet().source().getAddress().equals(host)) {
                answered.add(m.transactionId().toString());
            }
        }
        assertThat(arrived).as("checks that reached %s after its selection", who).isNotEmpty();
        assertThat(answered).as("answers %s sent", who).containsAll(arrived);
    }

    /** RFC 8445 §11: WHO's keepalives are Binding indications without authentication, with FINGERPRINT only. */
    @Then("every keepalive {word} sent carries FINGERPRINT and nothing else")
    public void keepaliveForm(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        int n = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isIndication() && m.method().equals(io.icelab.stun.Method.BINDING) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(host)) {
                n++;
                assertThat(m.attributes()).as("attributes of keepalive %s", m.transactionId()).hasSize(1)
                        .allMatch(a -> a instanceof io.icelab.stun.CoreAttribute.Fingerprint);
                assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
            }
        }
        assertThat(n).as("keepalives %s sent", who).isPositive();
    }

    /** When WHO's agent first reported an event of this kind (from the event log). */
    private long eventTime(String who, String event) {
        return world.sim().log().firstTime(" " + who + ":ice: " + event)
                .orElseThrow(() -> new AssertionError(who + " reported no " + event));
    }

    /**
     * RFC 8445 §5.1.1.2 and §14.1: WHO's gathering transactions (a Binding request to the STUN server, an
     * unauthenticated Allocate to the TURN server) start at least Ta (50 ms) apart.
     */
    @Then("{word}'s gathering requests started at least {int} ms apart")
    public void gatheringPaced(String who, int ms) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.util.Map<String, Long> first = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !c.realm().equals(realm) || !c.packet().source().equals(world.locals.get(who))) {
                continue;
            }
            boolean stun = m.method().equals(io.icelab.stun.Method.BINDING) && c.packet().destination().equals(NetworkSteps.STUN);
            boolean allocate = m.method().equals(io.icelab.stun.Method.ALLOCATE)
                    && !m.has(io.icelab.stun.CoreAttribute.Username.class); // the first, not its authenticated retry
            if (stun || allocate) {
                first.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        java.util.List<Long> times = first.values().stream().sorted().toList();
        assertThat(times).as("%s's gathering requests", who).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before gathering request %d of %s", i, first)
                    .isGreaterThanOrEqualTo(ms * 1_000_000L);
        }
    }

    /**
     * RFC 8445 §11: on a quiet connection (from 15 s on) WHO sends a Binding indication on the selected pair
     * every Tr = 15 s (15.0 to 15.5 s apart).
     */
    @Then("{word} sent a keepalive on the selected pair every 15 s")
    public void keepalives(String who) {
        // Tr = 15 s and never less (RFC 8445 §11): on a quiet pair the keepalives are 15 s apart, give or take the
        // timer's granularity
        assertGaps(quietSelectedPairTraffic(who, StunMessage::isIndication), 3, 15.0, 15.5, "keepalive");
    }

    /**
     * RFC 8445 §7.3.1.4: a check from an address WHO has not checked yet triggers a check back to it: WHO
     * sends its own check to every address a check came from, within 200 ms of the first one (in WHO's
     * realm, from the base the check arrived at).
     */
    @Then("{word} checked back every address a check came from within 200 ms")
    public void triggered(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        String ufrag = world.ice.get(who).agent().localUfrag();
        java.util.Map<String, Long> firstIn = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.List<Long>> out = new java.util.TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !c.realm().equals(realm) || !m.has(io.icelab.stun.IceAttribute.Priority.class)) {
                continue;
            }
            String user = m.attribute(io.icelab.stun.CoreAttribute.Username.class).value().utf8();
            if (user.startsWith(ufrag + ":")) { // a check to WHO
                firstIn.putIfAbsent(c.packet().destination() + " <- " + c.packet().source(), c.timeNanos());
            } else if (user.endsWith(":" + ufrag)) { // a check from WHO
                out.computeIfAbsent(c.packet().source() + " <- " + c.packet().destination(), k -> new java.util.ArrayList<>())
                        .add(c.timeNanos());
            }
        }
        assertThat(firstIn).as("checks %s received", who).isNotEmpty();
        firstIn.forEach((path, t) -> assertThat(out.getOrDefault(path, java.util.List.of()))
                .as("%s's checks on %s (first check in at %d ms)", who, path, t / 1_000_000)
                .anyMatch(x -> x <= t + 200_000_000L));
    }
}
