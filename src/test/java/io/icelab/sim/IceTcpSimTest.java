package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.stun.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ICE-TCP (RFC 6544) in the simulator: agents with TCP host candidates connect over TCP where UDP is blocked (an
 * active candidate's check opens the connection to the passive one, the answer and the data come back on it), and
 * keep preferring UDP where it works.
 */
class IceTcpSimTest {
    record Two(Simulation sim, IceHost alice, IceHost bob) {
    }

    /** Alice and bob on public addresses, each behind a firewall of {@code mode}, both gathering TCP candidates. */
    static Two agents(long seed, NatConfig.Mode mode) {
        return agents(seed, mode, IceConfig.TcpCandidates.HOST);
    }

    static Two agents(long seed, NatConfig.Mode mode, IceConfig.TcpCandidates tcp) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        NatDevice af = sim.addNat("alice-fw", internet, NatConfig.recommended().withMode(mode), List.of());
        NatDevice bf = sim.addNat("bob-fw", internet, NatConfig.recommended().withMode(mode), List.of());
        Host a = sim.addHost("alice");
        a.attach(af.inside(), ip("198.51.100.1"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        Host b = sim.addHost("bob");
        b.attach(bf.inside(), ip("198.51.100.2"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        IceHost ia = new IceHost(sim, a, "ice", withTcp(IceConfig.defaults(Role.CONTROLLING), tcp),
                List.of(List.of(at("198.51.100.1", 5000))));
        IceHost ib = new IceHost(sim, b, "ice", withTcp(IceConfig.defaults(Role.CONTROLLED), tcp),
                List.of(List.of(at("198.51.100.2", 6000))));
        IceHost.pair(ia, ib, 50 * MS, true);
        ia.start(0);
        ib.start(0);
        return new Two(sim, ia, ib);
    }

    private static IceConfig withTcp(IceConfig c, IceConfig.TcpCandidates tcp) {
        return tcp == IceConfig.TcpCandidates.ONLY ? c.withTcpCandidatesOnly() : c.withTcpHostCandidates();
    }

    @Test
    void withTcpOnly_noUdpCandidateIsGathered_andTheAgentsConnectOverTcp_whereUdpWorksToo() {
        Two t = agents(3, NatConfig.Mode.ROUTER, IceConfig.TcpCandidates.ONLY);
        assertThat(t.sim().runUntil(() -> t.alice().connected() && t.bob().connected(), 30 * S)).isTrue();
        assertThat(t.alice().selected(1)[0].transport()).isEqualTo(Transport.TCP);
        List<Candidate> gathered = t.alice().app().events().stream()
                .filter(e -> e instanceof IceEvent.CandidateGathered).map(e -> ((IceEvent.CandidateGathered) e).candidate())
                .toList();
        assertThat(gathered).extracting(Candidate::tcpType).containsExactly("active", "passive", "so");
        assertThat(gathered).allMatch(c -> c.transport() == Transport.TCP);
        assertThat(t.bob().selected(1)[1].address().getPort()).as("the active side's connection, from an ephemeral port")
                .isGreaterThanOrEqualTo(49152);
    }

    @Test
    void whereUdpIsBlocked_theAgentsConnectOverTcp_activeToPassive_andDataFlows() {
        Two t = agents(1, NatConfig.Mode.UDP_BLOCKED);
        boolean connected = t.sim().runUntil(() -> t.alice().connected() && t.bob().connected(), 30 * S);
        assertThat(connected).as(t.sim().log().text()).isTrue();
        Candidate[] pair = t.alice().selected(1);
        assertThat(pair[0].transport()).isEqualTo(Transport.TCP);
        assertThat(List.of(pair[0].tcpType(), pair[1].tcpType())).as("RFC 6544 §6.2: active with passive")
                .containsExactlyInAnyOrder("active", "passive");
        assertThat(t.sim().drops()).containsKey(DropCause.UDP_BLOCKED);
        // the passive side sees the active side's connection come from an ephemeral port, not the signalled 9
        Candidate activePeer = "active".equals(pair[1].tcpType()) ? pair[1] : t.bob().selected(1)[1];
        assertThat(activePeer.tcpType()).isEqualTo("active");
        assertThat(activePeer.type()).as("learnt from the check, RFC 6544 §7.2.1")
                .isEqualTo(io.icelab.ice.CandidateType.PEER_REFLEXIVE);
        assertThat(activePeer.address().getPort()).isGreaterThanOrEqualTo(49152);
        assertThat(t.alice().app().events()).as("active candidates are signalled with port 9 (RFC 6544 §4.5)")
                .anyMatch(e -> e instanceof IceEvent.CandidateGathered g && "active".equals(g.candidate().tcpType())
                        && g.candidate().address().getPort() == 9);
        for (IceHost h : List.of(t.alice(), t.bob())) {
            assertThat(h.app().events()).as("RFC 6544 §7.1: no check from a passive candidate to a signalled active one")
                    .noneMatch(e -> e instanceof IceEvent.PairStateChanged c && c.state() == io.icelab.ice.PairState.IN_PROGRESS
                            && "passive".equals(c.pair().local().tcpType()) && c.pair().remote().address().getPort() == 9);
        }
        t.alice().app().at(t.sim().now(), "send", () -> t.alice().agent().send(1, 1, "over tcp".getBytes()));
        t.sim().runUntil(t.sim().now() + 2 * S);
        assertThat(t.bob().app().events()).anyMatch(e -> e instanceof IceEvent.DataReceived d
                && d.data().utf8().equals("over tcp"));
    }

    @Test
    void whereUdpWorks_udpIsStillPreferred() {
        Two t = agents(2, NatConfig.Mode.ROUTER);
        assertThat(t.sim().runUntil(() -> t.alice().connected() && t.bob().connected(), 30 * S)).isTrue();
        assertThat(t.alice().selected(1)[0].transport()).isEqualTo(Transport.UDP);
        assertThat(t.alice().app().events()).as("TCP candidates were gathered and signalled")
                .anyMatch(e -> e instanceof IceEvent.CandidateGathered g && g.candidate().transport() == Transport.TCP
                        && "passive".equals(g.candidate().tcpType()));
    }
}
