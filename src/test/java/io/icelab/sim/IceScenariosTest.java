package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.stun.StunServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ICE under impairments, conflicts, late candidates, vanishing peers and NAT reboots, in virtual time. */
class IceScenariosTest {
    static final InetSocketAddress STUN = at("192.0.2.1", 3478);

    /** alice and bob each behind a port-restricted cone NAT, links as given. */
    static final class World {
        final Simulation sim;
        final IceHost alice;
        final IceHost bob;
        final NatDevice bobNat;
        final Interface bobLink;

        World(long seed, Impairments link, IceConfig aliceConfig, IceConfig bobConfig, boolean trickle) {
            sim = new Simulation(seed);
            Realm internet = sim.addRootRealm("internet");
            Host stun = sim.addHost("stun");
            stun.attach(internet, ip("192.0.2.1"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
            stun.run("stun", new StunServer(StunServer.Config.basic(STUN)), List.of(STUN));
            NatConfig prc = NatProfiles.load("port-restricted-cone", Path.of("scenarios", "nat-profiles"));
            NatDevice an = sim.addNat("alice-nat", internet, prc, List.of(ip("203.0.113.10")));
            bobNat = sim.addNat("bob-nat", internet, prc, List.of(ip("203.0.113.20")));
            Host a = sim.addHost("alice");
            a.attach(an.inside(), ip("192.168.1.10"), link, link);
            Host b = sim.addHost("bob");
            bobLink = b.attach(bobNat.inside(), ip("10.0.0.20"), link, link);
            alice = new IceHost(sim, a, "ice", aliceConfig.withStunServers(List.of(STUN)),
                    List.of(List.of(at("192.168.1.10", 5000))));
            bob = new IceHost(sim, b, "ice", bobConfig.withStunServers(List.of(STUN)),
                    List.of(List.of(at("10.0.0.20", 6000))));
            IceHost.pair(alice, bob, 50 * MS, trickle);
        }

        World(long seed, Impairments link) {
            this(seed, link, IceConfig.defaults(Role.CONTROLLING), IceConfig.defaults(Role.CONTROLLED), true);
        }

        boolean connect(long deadline) {
            alice.start(0);
            bob.start(0);
            return sim.runUntil(() -> alice.connected() && bob.connected(), deadline);
        }

        String why() {
            return "seed " + sim.seed() + "\n" + sim.log().text();
        }

        <E> List<E> events(IceHost h, Class<E> kind) {
            List<E> out = new ArrayList<>();
            for (IceEvent e : h.app().events()) {
                if (kind.isInstance(e)) {
                    out.add(kind.cast(e));
                }
            }
            return out;
        }
    }

    @Test
    void twentyPercentLossBothWays_stillConnects() {
        for (long seed = 1; seed <= 5; seed++) {
            World w = new World(seed, Impairments.latency(20 * MS).withLoss(0.20));
            assertThat(w.connect(60 * S)).as(w.why()).isTrue();
            assertThat(w.alice.connectedAt()).as("seed " + seed + " time to connected").isLessThan(20 * S);
        }
    }

    @Test
    void rtt300msWithJitter50ms_connects() {
        World w = new World(2, Impairments.latency(75 * MS).withJitter(25 * MS)); // 4 legs of 75 ms ≈ 300 ms RTT
        assertThat(w.connect(60 * S)).as(w.why()).isTrue();
        assertThat(w.alice.selected(1)[0].type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
    }

    @Test
    void bothControlling_resolveTheConflict_oneEndsControlled() {
        World w = new World(3, Impairments.latency(10 * MS), IceConfig.defaults(Role.CONTROLLING),
                IceConfig.defaults(Role.CONTROLLING), true);
        assertThat(w.connect(30 * S)).as(w.why()).isTrue();
        assertThat(w.alice.agent().role()).isNotEqualTo(w.bob.agent().role());
        Role higher = Long.compareUnsigned(w.alice.agent().tieBreaker(), w.bob.agent().tieBreaker()) > 0
                ? w.alice.agent().role() : w.bob.agent().role();
        assertThat(higher).as("the larger tie-breaker stays controlling (RFC 8445 §7.3.1.1)").isEqualTo(Role.CONTROLLING);
        assertThat(w.events(w.alice, IceEvent.RoleChanged.class).size() + w.events(w.bob, IceEvent.RoleChanged.class).size())
                .isEqualTo(1);
    }

    @Test
    void bothControlled_resolveTheConflictToo() {
        World w = new World(4, Impairments.latency(10 * MS), IceConfig.defaults(Role.CONTROLLED),
                IceConfig.defaults(Role.CONTROLLED), true);
        assertThat(w.connect(30 * S)).as(w.why()).isTrue();
        assertThat(w.alice.agent().role()).isNotEqualTo(w.bob.agent().role());
    }

    @Test
    void trickle_peersSrflxArrives2sLate_pairsFormAndConnect() {
        World w = new World(5, Impairments.latency(10 * MS));
        // bob's srflx is gathered at 30 ms; it reaches alice 2 s after the other candidates would.
        w.bob.delayCandidates(CandidateType.SERVER_REFLEXIVE, 2 * S - 80 * MS);
        w.alice.start(0);
        w.bob.start(0);
        w.sim.runUntil(1900 * MS);
        assertThat(w.alice.connected()).as(w.why()).isFalse();
        assertThat(w.sim.runUntil(() -> w.alice.connected() && w.bob.connected(), 30 * S)).as(w.why()).isTrue();
        assertThat(w.alice.connectedAt()).isGreaterThan(2 * S).isLessThan(3 * S);
        assertThat(w.alice.selected(1)[1].type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
    }

    @Test
    void checklistDoesNotFailBeforeEndOfCandidates_thenFails() {
        World w = new World(6, Impairments.latency(10 * MS));
        w.alice.start(0);
        w.sim.at(0, "bob credentials", () -> w.alice.agent().setRemoteCredentials(1, "abcd", "0123456789012345678901"));
        w.alice.app().at(10 * MS, "an unreachable candidate", () -> w.alice.agent().addRemoteCandidate(w.sim.now(), 1,
                Candidate.remote("x", 1, 1000, at("203.0.113.99", 9), CandidateType.SERVER_REFLEXIVE, null)));
        w.sim.runUntil(100 * S);
        assertThat(w.alice.agent().componentState(1, 1)).as("no end-of-candidates yet (RFC 8838 §8)")
                .isEqualTo(ComponentState.CHECKING);
        w.alice.app().at(w.sim.now(), "end", () -> w.alice.agent().endOfRemoteCandidates(w.sim.now(), 1));
        w.sim.runUntil(w.sim.now() + S);
        assertThat(w.alice.agent().componentState(1, 1)).isEqualTo(ComponentState.FAILED);
    }

    @Test
    void peerVanishes_consentLostWithin30s_andNothingMoreIsSent() {
        World w = new World(7, Impairments.latency(10 * MS));
        assertThat(w.connect(30 * S)).isTrue();
        long vanish = w.sim.now() + 10 * S;
        w.sim.at(vanish, "bob vanishes", () -> {
            w.bobLink.up().set(w.bobLink.up().impairments().withBlackhole(true));
            w.bobLink.down().set(w.bobLink.down().impairments().withBlackhole(true));
        });
        w.sim.runUntil(vanish + 40 * S);
        List<IceEvent.ConsentLost> lost = w.events(w.alice, IceEvent.ConsentLost.class);
        assertThat(lost).hasSize(1);
        long lostAt = w.alice.app().events().stream().filter(e -> e instanceof IceEvent.ConsentLost).count();
        assertThat(lostAt).isEqualTo(1);
        assertThat(w.alice.agent().componentState(1, 1)).isEqualTo(ComponentState.DISCONNECTED);
        assertThat(w.alice.agent().send(1, 1, new byte[] {1})).as("no data after consent is lost").isFalse();
        String log = w.sim.log().text();
        double at = Double.parseDouble(log.lines().filter(l -> l.contains("alice:ice") && l.contains("ConsentLost"))
                .findFirst().orElseThrow().split(" ")[0]);
        double last = (vanish / 1e9);
        // The last consent success came at most ~6 s before the vanishing; expiry is 30 s after it.
        assertThat(at - last).isBetween(24.0, 30.5);
    }

    @Test
    void natReboot_consentLost_thenIceRestartRecovers() {
        World w = new World(8, Impairments.latency(10 * MS));
        assertThat(w.connect(30 * S)).isTrue();
        Candidate before = w.alice.selected(1)[1];
        long reboot = w.sim.now() + 5 * S;
        w.sim.at(reboot, "bob's NAT reboots with a new address", () ->
                w.bobNat.changeExternalAddresses(List.of(ip("203.0.113.21"))));
        w.sim.runUntil(reboot + 40 * S);
        assertThat(w.events(w.alice, IceEvent.ConsentLost.class)).hasSize(1);
        long restartAt = w.sim.now();
        w.alice.restart(restartAt);
        assertThat(w.sim.runUntil(() -> w.alice.agent().componentState(1, 1) == ComponentState.CONNECTED
                && w.bob.agent().componentState(1, 1) == ComponentState.CONNECTED, restartAt + 30 * S)).as(w.why()).isTrue();
        Candidate after = w.alice.selected(1)[1];
        assertThat(after.address().getAddress()).isEqualTo(ip("203.0.113.21"));
        assertThat(after.address()).isNotEqualTo(before.address());
        assertThat(w.alice.agent().send(1, 1, new byte[] {1})).isTrue();
    }

    @Test
    void restartWithoutFailure_mediaKeepsFlowingOnTheOldPairUntilANewOneIsSelected() {
        World w = new World(9, Impairments.latency(10 * MS));
        assertThat(w.connect(30 * S)).isTrue();
        long t = w.sim.now() + S;
        w.alice.restart(t);
        w.sim.runUntil(t + 1);
        assertThat(w.alice.agent().send(1, 1, new byte[] {42})).as("old pair still carries media").isTrue();
        int selections = w.events(w.alice, IceEvent.SelectedPairChanged.class).size();
        w.sim.runUntil(t + 10 * S);
        assertThat(w.events(w.alice, IceEvent.SelectedPairChanged.class).size()).as(w.why()).isGreaterThan(selections);
    }

    @Test
    void applicationData_flowsOnTheSelectedPair_andStrangersAreDropped() {
        World w = new World(10, Impairments.latency(10 * MS));
        assertThat(w.connect(30 * S)).isTrue();
        w.alice.app().at(w.sim.now(), "send", () -> w.alice.agent().send(1, 1, "hello".getBytes()));
        w.sim.runUntil(w.sim.now() + S);
        List<IceEvent.DataReceived> got = w.events(w.bob, IceEvent.DataReceived.class);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).data().utf8()).isEqualTo("hello");
    }
}
