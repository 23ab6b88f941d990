package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Datagram;
import io.icelab.stun.IceAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunKeys;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.VirtualTime;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 8445 rules one at a time, with explicit virtual time and directly wired agents. */
class IceAgentTest {
    static final long MS = 1_000_000L;
    static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 1000);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 2000);

    /** The seed each agent of a test was made with, for the rerun line of a stuck run. */
    static final java.util.Map<IceAgent, Long> SEEDS = new java.util.WeakHashMap<>();

    static IceAgent agent(IceConfig c, long seed, InetSocketAddress... bases) {
        IceAgent a = new IceAgent(c.withLoopback(true), new SplittableRandom(seed));
        SEEDS.put(a, seed);
        a.addStream(List.of(List.of(bases)));
        a.gather(0);
        return a;
    }

    static List<IceEvent> events(IceAgent a) {
        List<IceEvent> out = new ArrayList<>();
        for (IceEvent e; (e = a.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    static List<Candidate> gathered(List<IceEvent> events) {
        List<Candidate> out = new ArrayList<>();
        events.forEach(e -> {
            if (e instanceof IceEvent.CandidateGathered g) {
                out.add(g.candidate());
            }
        });
        return out;
    }

    /** Exchanges credentials and candidates between two agents. */
    static void introduce(IceAgent a, IceAgent b) {
        a.setRemoteCredentials(1, b.localUfrag(), b.localPwd());
        b.setRemoteCredentials(1, a.localUfrag(), a.localPwd());
        for (Candidate c : gathered(events(a))) {
            b.addRemoteCandidate(0, 1, c);
        }
        for (Candidate c : gathered(events(b))) {
            a.addRemoteCandidate(0, 1, c);
        }
        a.endOfRemoteCandidates(0, 1);
        b.endOfRemoteCandidates(0, 1);
    }

    /** Delivers everything queued between the agents at {@code now}, both ways, until quiet. */
    static void pump(long now, IceAgent a, IceAgent b) {
        VirtualTime.pair(seeds(a, b), a, b, now).deliverNow();
    }

    static String seeds(IceAgent a, IceAgent b) {
        return "IceAgentTest seeds " + SEEDS.get(a) + " and " + SEEDS.get(b);
    }

    /** Runs both agents on virtual time, deadline to deadline, until both have selected pairs. */
    static long connect(IceAgent a, IceAgent b, long limit) {
        return VirtualTime.pair(seeds(a, b), a, b, 0)
                .runUntil(() -> a.selectedPair(1, 1) != null && b.selectedPair(1, 1) != null, limit);
    }

    @Test
    void candidatePriority_andPairPriority_followTheFormulas() {
        assertThat(Candidate.priority(CandidateType.HOST, 65535, 1)).isEqualTo((126L << 24) + (65535L << 8) + 255);
        assertThat(Candidate.priority(CandidateType.RELAYED, 0, 2)).isEqualTo(254);
        long g = 2130706431L;
        long d = 1694498815L;
        assertThat(PairPriority.of(g, d)).isEqualTo((d << 32) + 2 * g + 1);
        assertThat(PairPriority.of(d, g)).isEqualTo((d << 32) + 2 * g);
    }

    @Test
    void dualStackAndMultihomed_getDistinctLocalPreferences_ipv6First_andFoundationsPerBaseIp() {
        InetSocketAddress v4a = new InetSocketAddress("10.0.0.1", 1000);
        InetSocketAddress v4b = new InetSocketAddress("10.0.1.1", 1000);
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 1000);
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, v4a, v4b, v6);
        List<Candidate> c = gathered(events(a));
        assertThat(c).extracting(Candidate::address).containsExactly(v6, v4a, v4b); // RFC 8421 interleaving
        assertThat(c).extracting(x -> x.priority() >> 8 & 0xffff).containsExactly(65535L, 65534L, 65533L);
        assertThat(c).extracting(Candidate::foundation).doesNotHaveDuplicates();
    }

    @Test
    void loopbackIsNoCandidate_unlessConfigured() {
        IceAgent a = new IceAgent(IceConfig.defaults(Role.CONTROLLING), new SplittableRandom(1));
        a.addStream(List.of(List.of(new InetSocketAddress("127.0.0.1", 1000), A)));
        a.gather(0);
        assertThat(gathered(events(a))).extracting(Candidate::address).containsExactly(A);
    }

    @Test
    void credentials_followRfc8839Rules() throws Exception {
        IceAgent a = new IceAgent(IceConfig.defaults(Role.CONTROLLING), new SplittableRandom(5));
        assertThat(IceSdp.checkUfrag(a.localUfrag(), 0)).hasSize(8);
        assertThat(IceSdp.checkPwd(a.localPwd(), 0)).hasSize(24);
        IceAgent same = new IceAgent(IceConfig.defaults(Role.CONTROLLING), new SplittableRandom(5));
        assertThat(same.localPwd()).as("randomness is injected").isEqualTo(a.localPwd());
    }

    @Test
    void checksArePacedByTa_andRetransmittedAfterTheRfc8445Rto() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING).withTa(20 * MS), 1, A);
        a.setRemoteCredentials(1, "abcd", "0123456789012345678901");
        for (int i = 0; i < 3; i++) {
            a.addRemoteCandidate(0, 1, Candidate.remote("r" + i, 1, 1000 + i,
                    new InetSocketAddress("10.9.9." + (i + 1), 9), CandidateType.HOST, null));
        }
        List<Long> sent = new ArrayList<>();
        List<String> to = new ArrayList<>();
        VirtualTime.alone("IceAgentTest seed 1", a, (now, d) -> {
            sent.add(now / MS);
            to.add(d.remote().getAddress().getHostAddress());
        }, 0).runTo(800 * MS - 1);
        // Three new checks 20 ms apart, best pair first; each retransmitted after MAX(500 ms, Ta × 3) = 500 ms.
        assertThat(sent).containsExactly(0L, 20L, 40L, 500L, 520L, 540L);
        assertThat(to.subList(0, 3)).containsExactly("10.9.9.3", "10.9.9.2", "10.9.9.1");
    }

    /**
     * §14.2 on a real clock: a check that leaves late (its turn was slow: a cold first encode) moves the next slot, so
     * two new checks are Ta apart when they leave, not when they were started.
     */
    @Test
    void aCheckThatLeavesLate_movesTheNextSlot_soChecksAreTaApartOnTheWire() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        a.setRemoteCredentials(1, "abcd", "0123456789012345678901");
        for (int i = 0; i < 2; i++) {
            a.addRemoteCandidate(0, 1, Candidate.remote("r" + i, 1, 1000 + i,
                    new InetSocketAddress("10.9.9." + (i + 1), 9), CandidateType.HOST, null));
        }
        while (a.pollEvent() != null) {
            // the pair events
        }
        a.handleTimeout(0);
        assertThat(a.pollTransmit(30 * MS)).as("the first check, leaving 30 ms after its slot").isNotNull();
        assertThat(a.pollTimeout()).as("the next slot: Ta after it left").isEqualTo(80 * MS);
        a.handleTimeout(50 * MS);
        assertThat(a.pollTransmit(50 * MS)).as("nothing at 50 ms: that was Ta after the slot, not the send").isNull();
        a.handleTimeout(80 * MS);
        assertThat(a.pollTransmit(80 * MS)).as("the second check").isNotNull();
    }

    @Test
    void pairLimit_keepsTheHighestPriorityPairs() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING).withMaxPairs(5), 1, A);
        a.setRemoteCredentials(1, "abcd", "0123456789012345678901");
        for (int i = 0; i < 20; i++) {
            a.addRemoteCandidate(0, 1, Candidate.remote("r" + i, 1, 1000 + i,
                    new InetSocketAddress("10.9.9." + (i + 1), 9), CandidateType.HOST, null));
        }
        List<String> targets = new ArrayList<>();
        VirtualTime.alone("IceAgentTest seed 1", a, (now, d) -> targets.add(d.remote().getAddress().getHostAddress()), 0)
                .runTo(400 * MS - 1);
        assertThat(targets).containsExactly("10.9.9.20", "10.9.9.19", "10.9.9.18", "10.9.9.17", "10.9.9.16");
    }

    @Test
    void twoAgents_connect_regularNomination_onlyTheSelectedCheckCarriesUseCandidate() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        assertThat(connect(a, b, 5000 * MS)).isBetween(0L, 1000L * MS);
        assertThat(a.selectedPair(1, 1)[1].address()).isEqualTo(B);
        assertThat(b.selectedPair(1, 1)[1].address()).isEqualTo(A);
        assertThat(a.componentState(1, 1)).isEqualTo(ComponentState.CONNECTED);
    }

    private static StunMessage decode(Datagram d) {
        try {
            return StunDecoder.decode(d.payload());
        } catch (StunDecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aggressiveNomination_putsUseCandidateOnTheFirstCheck() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING).withNomination(IceConfig.Nomination.AGGRESSIVE), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        a.handleTimeout(0);
        StunMessage first = decode(a.pollTransmit(0));
        assertThat(first.has(IceAttribute.UseCandidate.class)).isTrue();
        assertThat(first.attribute(CoreAttribute.Username.class).text()).isEqualTo(b.localUfrag() + ":" + a.localUfrag());
        assertThat(first.has(IceAttribute.IceControlling.class)).isTrue();
    }

    /** A Binding request as a peer would send it to {@code to}. */
    static Datagram request(IceAgent to, String peerUfrag, StunMessageBuilder b, InetSocketAddress from, InetSocketAddress at) {
        byte[] bytes = b.add(CoreAttribute.Username.of(to.localUfrag() + ":" + peerUfrag))
                .integrity(StunKeys.shortTerm(to.localPwd())).fingerprint().encode();
        return new Datagram(Transport.UDP, at, from, Bytes.wrap(bytes));
    }

    /**
     * RFC 8445 §7.3.1.1, all four cells of the role-conflict table at the boundary: both controlling, the
     * receiver's tie-breaker larger or equal → 487, smaller → it switches to controlled and answers; both
     * controlled, the receiver's larger or equal → it switches to controlling and answers, smaller → 487.
     */
    @Test
    void roleConflictTable_withEqualAndNeighbouringTieBreakers() {
        for (Role role : Role.values()) {
            for (long delta : new long[] {-1, 0, 1}) {
                IceAgent a = agent(IceConfig.defaults(role), 1, A);
                events(a);
                long theirs = a.tieBreaker() + delta; // the peer's value relative to ours
                StunMessageBuilder b = StunMessageBuilder.request(Method.BINDING, new TransactionId(4, (int) (delta + 5)))
                        .add(new IceAttribute.Priority(1));
                b.add(role == Role.CONTROLLING ? new IceAttribute.IceControlling(theirs) : new IceAttribute.IceControlled(theirs));
                a.handleDatagram(0, request(a, "peer", b, B, A));
                StunMessage answer = decode(a.pollTransmit(0));
                boolean oursLargerOrEqual = Long.compareUnsigned(a.tieBreaker(), theirs) >= 0;
                String cell = role + " vs " + role + ", ours - theirs = " + (-delta);
                if (role == Role.CONTROLLING) {
                    assertThat(answer.errorCode()).as(cell).isEqualTo(oursLargerOrEqual ? 487 : 0);
                    assertThat(a.role()).as(cell).isEqualTo(oursLargerOrEqual ? Role.CONTROLLING : Role.CONTROLLED);
                } else {
                    assertThat(answer.errorCode()).as(cell).isEqualTo(oursLargerOrEqual ? 0 : 487);
                    assertThat(a.role()).as(cell).isEqualTo(oursLargerOrEqual ? Role.CONTROLLING : Role.CONTROLLED);
                }
            }
        }
    }

    /** Found by fuzzing: a check with PRIORITY 0 threw from the peer-reflexive candidate; it is a 400 (§5.1.2). */
    @Test
    void aCheckWithPriorityZero_isABadRequest_notACrash() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLED), 1, A);
        events(a);
        a.handleDatagram(0, request(a, "peer", StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 2))
                .add(new IceAttribute.Priority(0)).add(new IceAttribute.IceControlling(7)), B, A));
        StunMessage answer = decode(a.pollTransmit(0));
        assertThat(answer.errorCode()).isEqualTo(400);
        assertThat(events(a)).noneMatch(e -> e instanceof IceEvent.PairStateChanged);
    }

    @Test
    void roleConflict_controllingMeetsControlling_tieBreakerDecides() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        events(a);
        long mine = a.tieBreaker();
        // A larger tie-breaker than ours: we switch to controlled and answer 200.
        a.handleDatagram(0, request(a, "peer", StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 1))
                .add(new IceAttribute.Priority(100)).add(new IceAttribute.IceControlling(mine == -1 ? mine : -1L)), B, A));
        StunMessage answer = decode(a.pollTransmit(0));
        boolean weWereSmaller = Long.compareUnsigned(mine, -1L) < 0;
        assertThat(weWereSmaller).isTrue();
        assertThat(answer.messageClass().isResponse()).isTrue();
        assertThat(answer.errorCode()).isZero();
        assertThat(a.role()).isEqualTo(Role.CONTROLLED);
        assertThat(events(a)).anyMatch(e -> e instanceof IceEvent.RoleChanged);

        IceAgent c = agent(IceConfig.defaults(Role.CONTROLLING), 3, A);
        c.handleDatagram(0, request(c, "peer", StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 2))
                .add(new IceAttribute.Priority(100)).add(new IceAttribute.IceControlling(0)), B, A));
        assertThat(decode(c.pollTransmit(0)).errorCode()).as("smaller tie-breaker gets 487").isEqualTo(487);
        assertThat(c.role()).isEqualTo(Role.CONTROLLING);
    }

    /** §7.2.5.1: a 487 to our check switches the role and draws a new tie-breaker, which the next check carries. */
    @Test
    void a487ToOurCheck_switchesRole_andChangesTheTieBreaker() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLING), 2, B);
        introduce(a, b);
        long before = a.tieBreaker();
        a.handleTimeout(0);
        Datagram check = a.pollTransmit(0);
        StunMessage sent = decode(check);
        assertThat(sent.attribute(IceAttribute.IceControlling.class).tieBreaker()).isEqualTo(before);
        byte[] conflict = StunMessageBuilder.errorFor(sent, 487, "Role Conflict")
                .integrity(StunKeys.shortTerm(b.localPwd())).fingerprint().encode();
        a.handleDatagram(MS, new Datagram(Transport.UDP, check.local(), check.remote(), Bytes.wrap(conflict)));
        assertThat(a.role()).isEqualTo(Role.CONTROLLED);
        assertThat(a.tieBreaker()).as("a new tie-breaker (RFC 8445 §7.2.5.1)").isNotEqualTo(before);
        a.handleTimeout(60 * MS);
        StunMessage again = decode(a.pollTransmit(60 * MS));
        assertThat(again.attribute(IceAttribute.IceControlled.class).tieBreaker()).isEqualTo(a.tieBreaker());
    }

    @Test
    void requestFromAnUnknownAddress_learnsAPeerReflexiveCandidate_withThePriorityItCarried() {
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        b.setRemoteCredentials(1, "peer", "0123456789012345678901");
        InetSocketAddress stranger = new InetSocketAddress("203.0.113.9", 7777);
        b.handleDatagram(0, request(b, "peer", StunMessageBuilder.request(Method.BINDING, new TransactionId(2, 2))
                .add(new IceAttribute.Priority(1845501695L)).add(new IceAttribute.IceControlling(5)), stranger, B));
        StunMessage ok = decode(b.pollTransmit(0));
        assertThat(ok.attribute(CoreAttribute.XorMappedAddress.class).address()).isEqualTo(stranger);
        b.handleTimeout(0);
        Datagram triggered = b.pollTransmit(0);
        assertThat(triggered.remote()).as("a triggered check goes back to it").isEqualTo(stranger);
        assertThat(decode(triggered).has(IceAttribute.IceControlled.class)).isTrue();
    }

    @Test
    void badRequests_400_andWrongPassword_401() {
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        b.handleDatagram(0, request(b, "peer", StunMessageBuilder.request(Method.BINDING, new TransactionId(3, 3))
                .add(new IceAttribute.IceControlling(5)), A, B));
        assertThat(decode(b.pollTransmit(0)).errorCode()).as("no PRIORITY").isEqualTo(400);
        byte[] wrong = StunMessageBuilder.request(Method.BINDING, new TransactionId(3, 4))
                .add(CoreAttribute.Username.of(b.localUfrag() + ":peer")).add(new IceAttribute.Priority(1))
                .add(new IceAttribute.IceControlling(5)).integrity(StunKeys.shortTerm("not-the-password")).encode();
        b.handleDatagram(0, new Datagram(Transport.UDP, B, A, Bytes.wrap(wrong)));
        assertThat(decode(b.pollTransmit(0)).errorCode()).isEqualTo(401);
    }

    @Test
    void liteAgent_sendsNoChecks_answers_andSelectsWhatTheFullAgentNominates() {
        IceAgent full = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent lite = agent(IceConfig.defaults(Role.CONTROLLED).withLite(), 2, B);
        full.setRemoteLite(1, true);
        introduce(full, lite);
        lite.handleTimeout(0);
        assertThat(lite.pollTransmit(0)).as("a lite agent never checks").isNull();
        assertThat(connect(full, lite, 5000 * MS)).isNotNegative();
        assertThat(lite.selectedPair(1, 1)[1].address()).isEqualTo(A);
    }

    @Test
    void aCandidateAfterEndOfCandidates_isIgnored() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b); // ends with end-of-candidates on both sides
        events(a);
        a.addRemoteCandidate(0, 1, Candidate.remote("late", 1, 2130706431L, new InetSocketAddress("10.0.0.9", 9),
                CandidateType.HOST, null));
        assertThat(events(a)).as("RFC 8838 §14: no pair for a candidate after end-of-candidates")
                .noneMatch(e -> e instanceof IceEvent.PairStateChanged p && p.pair().remote().address().getAddress().getHostAddress().equals("10.0.0.9"));
    }

    @Test
    void controlledSide_switchesOnRenomination() {
        InetSocketAddress a2 = new InetSocketAddress("10.0.0.3", 1000);
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A, a2);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        connect(a, b, 5000 * MS);
        InetSocketAddress first = b.selectedPair(1, 1)[1].address();
        events(b);
        InetSocketAddress other = first.equals(A) ? a2 : A;
        // The controlling side renominates: a USE-CANDIDATE check on the other, already valid, pair.
        b.handleDatagram(6000 * MS, request(b, a.localUfrag(), StunMessageBuilder.request(Method.BINDING,
                new TransactionId(9, 9)).add(new IceAttribute.Priority(1)).add(new IceAttribute.IceControlling(
                a.tieBreaker())).add(new IceAttribute.UseCandidate()), other, B));
        b.handleTimeout(6000 * MS);
        pump(6000 * MS, a, b);
        assertThat(b.selectedPair(1, 1)[1].address()).isEqualTo(other);
        assertThat(events(b)).anyMatch(e -> e instanceof IceEvent.SelectedPairChanged s && s.remote().address().equals(other));
    }

    @Test
    void consentChecks_every4to6s_andExpiry30sAfterTheLastSuccess() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        long t = connect(a, b, 5000 * MS);
        List<Long> consentTimes = new ArrayList<>();
        List<IceEvent.ComponentStateChanged> disconnected = new ArrayList<>();
        long lostAt = -1;
        for (long now = t; now < t + 120_000 * MS; now += 10 * MS) {
            boolean peerAlive = now < t + 40_000 * MS;
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
            for (Datagram d; (d = a.pollTransmit(now)) != null; ) {
                StunMessage m = decode(d);
                if (m.isRequest() && !m.has(IceAttribute.UseCandidate.class)) {
                    consentTimes.add(now);
                }
                if (peerAlive) {
                    b.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
                }
            }
            if (peerAlive) {
                for (Datagram d; (d = b.pollTransmit(now)) != null; ) {
                    a.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
                }
            } else {
                while (b.pollTransmit(now) != null) {
                    // the peer has vanished
                }
            }
            for (IceEvent e : events(a)) {
                if (e instanceof IceEvent.ConsentLost && lostAt < 0) {
                    lostAt = now;
                    assertThat(e).isEqualTo(new IceEvent.ConsentLost(1, 1));
                }
                if (e instanceof IceEvent.ComponentStateChanged c && c.state() == ComponentState.DISCONNECTED) {
                    disconnected.add(c);
                }
            }
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < consentTimes.size() && consentTimes.get(i) < t + 40_000 * MS; i++) {
            gaps.add(consentTimes.get(i) - consentTimes.get(i - 1));
        }
        assertThat(gaps).isNotEmpty().allMatch(g -> g >= 4000 * MS - 10 * MS && g <= 6000 * MS + 10 * MS);
        assertThat(lostAt - (t + 40_000 * MS)).isBetween(24_000 * MS, 30_000 * MS);
        assertThat(disconnected).extracting(IceEvent.ComponentStateChanged::component, IceEvent.ComponentStateChanged::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "no consent for 30 s"));
        assertThat(a.send(1, 1, new byte[] {1})).isFalse();
    }

    /**
     * RFC 7675 §5.1: only an answer from the pair's remote address renews consent. The peer keeps answering,
     * but from another port (as an off-path party or a rebinding NAT would): consent runs out 30 s after
     * the last answer that came from where the checks went.
     */
    @Test
    void consentAnswersFromAnotherAddress_doNotRenewConsent() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        long t = connect(a, b, 5000 * MS);
        InetSocketAddress elsewhere = new InetSocketAddress(B.getAddress(), B.getPort() + 1);
        long lostAt = -1;
        for (long now = t; now < t + 60_000 * MS && lostAt < 0; now += 10 * MS) {
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
            for (Datagram d; (d = a.pollTransmit(now)) != null; ) {
                b.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
            for (Datagram d; (d = b.pollTransmit(now)) != null; ) {
                a.handleDatagram(now, new Datagram(d.transport(), d.remote(), elsewhere, d.payload()));
            }
            for (IceEvent e : events(a)) {
                if (e instanceof IceEvent.ConsentLost) {
                    lostAt = now;
                }
            }
        }
        assertThat(lostAt).as("consent lost although answers kept coming, from the wrong address").isPositive();
        assertThat(lostAt - t).isBetween(25_000 * MS, 30_100 * MS);
    }

    @Test
    void aggressiveNomination_controlledSideSelectsOnTheFirstCheck_endToEnd() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING).withNomination(IceConfig.Nomination.AGGRESSIVE), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        long t = connect(a, b, 5000 * MS);
        assertThat(t).as("no nomination delay: selected on the first round trip").isBetween(0L, 60 * MS);
        assertThat(b.selectedPair(1, 1)[1].address()).isEqualTo(A);
    }

    @Test
    void twoStreams_eachGetsItsOwnSelectedPair() {
        InetSocketAddress a2 = new InetSocketAddress("10.0.0.1", 1002);
        InetSocketAddress b2 = new InetSocketAddress("10.0.0.2", 2002);
        IceAgent a = new IceAgent(IceConfig.defaults(Role.CONTROLLING).withLoopback(true), new SplittableRandom(1));
        IceAgent b = new IceAgent(IceConfig.defaults(Role.CONTROLLED).withLoopback(true), new SplittableRandom(2));
        assertThat(a.addStream(List.of(List.of(A)))).isEqualTo(1);
        assertThat(a.addStream(List.of(List.of(a2)))).isEqualTo(2);
        b.addStream(List.of(List.of(B)));
        b.addStream(List.of(List.of(b2)));
        a.gather(0);
        b.gather(0);
        for (int stream = 1; stream <= 2; stream++) {
            a.setRemoteCredentials(stream, b.localUfrag(), b.localPwd());
            b.setRemoteCredentials(stream, a.localUfrag(), a.localPwd());
        }
        for (IceEvent e : events(a)) {
            if (e instanceof IceEvent.CandidateGathered g) {
                b.addRemoteCandidate(0, g.stream(), g.candidate());
            }
        }
        for (IceEvent e : events(b)) {
            if (e instanceof IceEvent.CandidateGathered g) {
                a.addRemoteCandidate(0, g.stream(), g.candidate());
            }
        }
        VirtualTime.pair(seeds(a, b), a, b, 0).runUntil(() -> a.selectedPair(2, 1) != null
                && b.selectedPair(2, 1) != null && a.selectedPair(1, 1) != null, 3000 * MS);
        assertThat(a.selectedPair(1, 1)[1].address()).isEqualTo(B);
        assertThat(a.selectedPair(2, 1)[1].address()).isEqualTo(b2);
        assertThat(b.selectedPair(2, 1)[1].address()).isEqualTo(a2);
    }

    @Test
    void dataFromAnUnvalidatedAddress_isDropped_dataOnTheSelectedPairIsDelivered() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED), 2, B);
        introduce(a, b);
        long t = connect(a, b, 5000 * MS);
        events(b);
        b.handleDatagram(t, new Datagram(Transport.UDP, B, new InetSocketAddress("10.6.6.6", 666), Bytes.wrap(new byte[] {(byte) 0x80, 1})));
        assertThat(events(b)).isEmpty();
        assertThat(b.droppedData()).isEqualTo(1);
        assertThat(a.send(1, 1, new byte[] {(byte) 0x80, 2})).isTrue();
        pump(t, a, b);
        assertThat(events(b)).containsExactly(new IceEvent.DataReceived(1, 1, Bytes.wrap(new byte[] {(byte) 0x80, 2})));
    }

    @Test
    void withoutConsent_keepalivesAreBindingIndicationsEvery15s() {
        IceAgent a = agent(IceConfig.defaults(Role.CONTROLLING).withConsent(false), 1, A);
        IceAgent b = agent(IceConfig.defaults(Role.CONTROLLED).withConsent(false), 2, B);
        introduce(a, b);
        long t = connect(a, b, 5000 * MS);
        List<Long> indications = new ArrayList<>();
        for (long now = t; now <= t + 61_000 * MS; now += 100 * MS) {
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            for (Datagram d; (d = a.pollTransmit(now)) != null; ) {
                StunMessage m = decode(d);
                assertThat(m.isRequest()).as("no consent requests when consent is off").isFalse();
                if (m.isIndication()) {
                    indications.add(now - t);
                }
            }
        }
        assertThat(indications).hasSize(4);
        for (int i = 1; i < indications.size(); i++) {
            assertThat(indications.get(i) - indications.get(i - 1)).isEqualTo(15_000 * MS);
        }
    }
}
