package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;

/**
 * What the ICE agents put on the simulated wire, checked against RFC 8445: the attributes, signatures and
 * PRIORITY of checks and answers, nomination, filtering of checks by NATs. Timing is in {@link IceTimingWireSteps},
 * role conflicts in {@link IceRoleWireSteps}.
 */
public final class IceWireSteps {
    private final World world;
    private final IceWire wire;

    public IceWireSteps(World world) {
        this.world = world;
        this.wire = new IceWire(world);
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
        long selectedAt = wire.eventTime(who, "SelectedPairChanged");
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
                    || !IceWire.sender(m).equals(ufrag)) {
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
        long until = wire.firstSelection();
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

    /** RFC 8445 §7.1.2: only the controlling agent nominates; the controlled one never sends USE-CANDIDATE. */
    @Then("no check {word} sent carries USE-CANDIDATE")
    public void noUseCandidate(String who) {
        java.util.List<StunMessage> checks = wire.checksOf(who).stream().map(IceWire.Check::message).toList();
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
        long selectedAt = wire.eventTime(who, "SelectedPairChanged");
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

}
