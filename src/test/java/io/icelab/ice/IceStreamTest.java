package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checklist rules of RFC 8445 §6.1.2 and §7.2.5.3.3 on one stream, without agents or time. */
class IceStreamTest {
    static final InetSocketAddress BASE = new InetSocketAddress("10.0.0.1", 1000);
    static final InetSocketAddress BASE_V6 = new InetSocketAddress("fd00::1", 1000);

    static Candidate host(InetSocketAddress a, int component, long priority, String foundation) {
        return new Candidate(foundation, component, Transport.UDP, priority, a, CandidateType.HOST, a, null, null);
    }

    static Candidate remote(String ip, int port, int component, long priority, String foundation) {
        return Candidate.remote(foundation, component, priority, new InetSocketAddress(ip, port), CandidateType.HOST, null);
    }

    static IceStream stream() {
        return new IceStream(1, List.of(List.of(BASE, BASE_V6), List.of(new InetSocketAddress("10.0.0.1", 1001))));
    }

    @Test
    void pairsJoinOneComponentAndOneFamilyOnly() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        s.local.add(host(BASE_V6, 1, 2130706175L, "2"));
        List<CandidatePair> added = s.formPairs(remote("10.0.0.2", 2000, 1, 2130706431L, "r1"), Side.REMOTE, Role.CONTROLLING, 100);
        assertThat(added).singleElement().satisfies(p -> assertThat(p.local.address()).isEqualTo(BASE));
        assertThat(s.formPairs(remote("10.0.0.3", 3000, 2, 2130706430L, "r2"), Side.REMOTE, Role.CONTROLLING, 100))
                .as("no local candidate of component 2").isEmpty();
        assertThat(s.formPairs(remote("fd00::2", 2000, 1, 2130706431L, "r3"), Side.REMOTE, Role.CONTROLLING, 100))
                .singleElement().satisfies(p -> assertThat(p.local.address()).isEqualTo(BASE_V6));
    }

    @Test
    void theListKeepsTheHighestPriorityPairs_droppingTheLowestWaitingOnes() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        for (int i = 0; i < 5; i++) {
            s.formPairs(remote("10.0.0." + (10 + i), 2000, 1, 1000L + i, "r" + i), Side.REMOTE, Role.CONTROLLING, 3);
        }
        assertThat(s.checklist).hasSize(3);
        assertThat(s.checklist).extracting(p -> p.remote.priority()).containsExactly(1004L, 1003L, 1002L);
    }

    @Test
    void aFullListDropsItsFailedPairsFirst() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        for (int i = 0; i < 3; i++) {
            s.formPairs(remote("10.0.0." + (10 + i), 2000, 1, 1000L + i, "r" + i), Side.REMOTE, Role.CONTROLLING, 3);
        }
        s.checklist.get(0).state = PairState.FAILED; // the highest-priority pair failed
        s.formPairs(remote("10.0.0.20", 2000, 1, 500L, "n"), Side.REMOTE, Role.CONTROLLING, 3);
        assertThat(s.checklist).as("RFC 8838 §10: the Failed pair makes room, even for a lower-priority new pair")
                .hasSize(3).noneMatch(p -> p.state == PairState.FAILED)
                .anyMatch(p -> p.remote.foundation().equals("n"));
    }

    @Test
    void pairsStayInPriorityOrder_equalPrioritiesInArrivalOrder() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        s.formPairs(remote("10.0.0.2", 2000, 1, 500L, "a"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.3", 2000, 1, 500L, "b"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.4", 2000, 1, 900L, "c"), Side.REMOTE, Role.CONTROLLING, 100);
        assertThat(s.checklist).extracting(p -> p.remote.foundation()).containsExactly("c", "a", "b");
    }

    @Test
    void aSuccessUnfreezesFrozenPairsOfItsFoundationOnly() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        s.formPairs(remote("10.0.0.2", 2000, 1, 900L, "x"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.3", 2000, 1, 800L, "x"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.4", 2000, 1, 700L, "y"), Side.REMOTE, Role.CONTROLLING, 100);
        CandidatePair first = s.checklist.get(0);
        CandidatePair frozen = s.checklist.get(1);
        CandidatePair other = s.checklist.get(2);
        assertThat(frozen.state).as("§6.1.2.6: same foundation as a Waiting pair").isEqualTo(PairState.FROZEN);
        other.state = PairState.FROZEN;
        first.state = PairState.SUCCEEDED;
        CandidatePair failed = new CandidatePair(host(BASE, 1, 2130706431L, "1"), remote("10.0.0.5", 2000, 1, 600L, "x"),
                Role.CONTROLLING);
        failed.state = PairState.FAILED;
        s.checklist.add(failed);
        s.unfreeze(first.foundation());
        assertThat(frozen.state).isEqualTo(PairState.WAITING);
        assertThat(other.state).as("another foundation").isEqualTo(PairState.FROZEN);
        assertThat(failed.state).as("only Frozen pairs change").isEqualTo(PairState.FAILED);
        assertThat(first.state).isEqualTo(PairState.SUCCEEDED);
    }

    @Test
    void betterPending_looksAtHigherPriorityPairsStillToSucceed_ofTheSameComponent() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        s.formPairs(remote("10.0.0.2", 2000, 1, 900L, "x"), Side.REMOTE, Role.CONTROLLING, 100);
        CandidatePair p = s.checklist.get(0);
        for (PairState st : PairState.values()) {
            p.state = st;
            boolean pending = st == PairState.WAITING || st == PairState.FROZEN || st == PairState.IN_PROGRESS;
            assertThat(s.betterPending(1, p.priority - 1)).as("a %s pair above", st).isEqualTo(pending);
            assertThat(s.betterPending(1, p.priority)).as("a %s pair of equal priority", st).isFalse();
            assertThat(s.betterPending(2, p.priority - 1)).as("another component").isFalse();
        }
    }

    @Test
    void allFailed_whenEveryPairFailed_orThereIsNoPairAndNoValidPair() {
        IceStream s = stream();
        // no pair at all (a full checklist left the component none): it cannot produce a selected pair; the agent
        // declares the failure only after end-of-candidates and the end of gathering (IceAgent.updateStates)
        assertThat(s.allFailed(1)).as("no pairs").isTrue();
        s.local.add(host(BASE, 1, 2130706431L, "1"));
        s.formPairs(remote("10.0.0.2", 2000, 1, 900L, "x"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.3", 2000, 1, 800L, "y"), Side.REMOTE, Role.CONTROLLING, 100);
        s.checklist.get(0).state = PairState.FAILED;
        assertThat(s.allFailed(1)).isFalse();
        s.checklist.get(1).state = PairState.FAILED;
        assertThat(s.allFailed(1)).isTrue();
    }

    @Test
    void aRoleChangeRecomputesEveryPairPriorityAndReordersTheList() {
        IceStream s = stream();
        s.local.add(host(BASE, 1, 100L, "1"));
        s.formPairs(remote("10.0.0.2", 2000, 1, 50L, "x"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.3", 2000, 1, 200L, "y"), Side.REMOTE, Role.CONTROLLING, 100);
        long before = s.checklist.get(0).priority;
        s.recompute(Role.CONTROLLED);
        // §6.1.2.3: G and D swap; MIN and MAX stay, only the last bit (G > D) changes
        assertThat(s.checklist.get(0).priority).isNotEqualTo(before);
        assertThat(s.checklist).extracting(p -> p.priority).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(s.checklist.get(0).priority).isEqualTo(PairPriority.of(200L, 100L));
    }

    @Test
    void bestValid_isTheHighestPriorityValidPairOfTheComponent() {
        IceStream s = stream();
        Candidate l = host(BASE, 1, 2130706431L, "1");
        CandidatePair low = new CandidatePair(l, remote("10.0.0.2", 2000, 1, 100L, "x"), Role.CONTROLLING);
        CandidatePair high = new CandidatePair(l, remote("10.0.0.3", 2000, 1, 900L, "y"), Role.CONTROLLING);
        CandidatePair same = new CandidatePair(l, remote("10.0.0.4", 2000, 1, 900L, "z"), Role.CONTROLLING);
        s.valid.addAll(List.of(low, high, same));
        assertThat(s.bestValid(1)).as("the first of equals").isSameAs(high);
        assertThat(s.bestValid(2)).isNull();
    }

    /** RFC 8445 §7.3.1.4 with RFC 8838 §10: a pair a check arrived on gets into a full list by making room. */
    @Test
    void insertWithRoom_dropsAFailedPairFirst_thenALowerOneStillToCheck_elseNothing() {
        IceStream s = stream();
        Candidate local = host(BASE, 1, 2130706431L, "1");
        s.local.add(local);
        s.formPairs(remote("10.0.0.2", 2000, 1, 1000L, "a"), Side.REMOTE, Role.CONTROLLING, 100);
        s.formPairs(remote("10.0.0.3", 2000, 1, 2000L, "b"), Side.REMOTE, Role.CONTROLLING, 100);
        assertThat(s.checklist).hasSize(2);
        CandidatePair low = s.pair(Transport.UDP, BASE, new InetSocketAddress("10.0.0.2", 2000));
        CandidatePair high = s.pair(Transport.UDP, BASE, new InetSocketAddress("10.0.0.3", 2000));
        high.state = PairState.FAILED;
        CandidatePair p = s.insertWithRoom(local, remote("10.0.0.4", 2000, 1, 1500L, "c"), Role.CONTROLLING, 2);
        assertThat(p).isNotNull();
        assertThat(p.state).isEqualTo(PairState.WAITING);
        assertThat(s.dropped).as("the Failed pair goes first, though it has the higher priority").containsExactly(high);
        assertThat(s.checklist).hasSize(2).contains(low, p);
        s.dropped.clear();
        CandidatePair q = s.insertWithRoom(local, remote("10.0.0.5", 2000, 1, 1200L, "d"), Role.CONTROLLING, 2);
        assertThat(s.dropped).as("then the lowest Waiting pair").containsExactly(low);
        assertThat(s.checklist).hasSize(2).contains(p, q);
        s.dropped.clear();
        assertThat(s.insertWithRoom(local, remote("10.0.0.6", 2000, 1, 5L, "e"), Role.CONTROLLING, 2))
                .as("a pair lower than every one still to check does not push one out").isNull();
        p.state = PairState.IN_PROGRESS;
        q.state = PairState.SUCCEEDED;
        assertThat(s.insertWithRoom(local, remote("10.0.0.7", 2000, 1, 9000L, "f"), Role.CONTROLLING, 2))
                .as("nothing can go when every pair is being checked or succeeded").isNull();
        assertThat(s.dropped).isEmpty();
        assertThat(s.insertWithRoom(local, remote("10.0.0.8", 2000, 1, 9000L, "g"), Role.CONTROLLING, 3))
                .as("room to spare: no drop").isNotNull();
        assertThat(s.dropped).isEmpty();
    }
}
