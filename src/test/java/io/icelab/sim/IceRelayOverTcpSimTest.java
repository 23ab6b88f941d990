package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.stun.StaticUsers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ICE with relayed candidates obtained over TCP (RFC 8656 §3.1) in the simulator: where firewalls drop all UDP the
 * agents reach the TURN server over TCP and meet on their relayed addresses (the relay to each other is UDP on the
 * server's side); where UDP works too, the relayed candidate obtained over UDP ranks above the one over TCP.
 */
class IceRelayOverTcpSimTest {
    static final InetSocketAddress TURN = at("192.0.2.10", 3478);
    static final IceConfig.TurnServer OVER_TCP = new IceConfig.TurnServer(TURN, "ice", "relay-pass",
            IceConfig.TurnTransport.TCP);
    static final InetSocketAddress TURN_2 = at("192.0.2.11", 3478);
    static final IceConfig.TurnServer OVER_UDP_2 = new IceConfig.TurnServer(TURN_2, "ice", "relay-pass");

    record Two(Simulation sim, IceHost alice, IceHost bob) {
    }

    static Two agents(long seed, NatConfig.Mode mode, List<IceConfig.TurnServer> servers, boolean relayOnly) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        for (InetSocketAddress server : List.of(TURN, TURN_2)) {
            Host turn = sim.addHost("turn-" + server.getAddress().getHostAddress());
            turn.attach(internet, server.getAddress(), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
            new SimTurnServer(sim, turn, server, "icelab", new StaticUsers(Map.of("ice", "relay-pass")), 10, c -> c,
                    SimTurnServer.Tcp.ON);
        }
        IceHost[] hosts = new IceHost[2];
        for (int i = 0; i < 2; i++) {
            NatDevice fw = sim.addNat("fw-" + i, internet, NatConfig.recommended().withMode(mode), List.of());
            Host h = sim.addHost(i == 0 ? "alice" : "bob");
            h.attach(fw.inside(), ip("198.51.100." + (i + 1)), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
            IceConfig c = IceConfig.defaults(i == 0 ? Role.CONTROLLING : Role.CONTROLLED).withTurnServers(servers);
            hosts[i] = new IceHost(sim, h, "ice", relayOnly ? c.withRelayOnly() : c,
                    List.of(List.of(at("198.51.100." + (i + 1), 5000 + i))));
        }
        IceHost.pair(hosts[0], hosts[1], 50 * MS, true);
        hosts[0].start(0);
        hosts[1].start(0);
        return new Two(sim, hosts[0], hosts[1]);
    }

    @Test
    void whereUdpIsBlocked_relayedCandidatesObtainedOverTcp_connectTheAgents() {
        Two t = agents(4, NatConfig.Mode.UDP_BLOCKED, List.of(OVER_TCP), false);
        assertThat(t.sim().runUntil(() -> t.alice().connected() && t.bob().connected(), 30 * S))
                .as(t.sim().log().text()).isTrue();
        Candidate[] pair = t.alice().selected(1);
        assertThat(pair[0].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(pair[1].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(t.sim().drops()).containsKey(DropCause.UDP_BLOCKED);
        t.alice().app().at(t.sim().now(), "send", () -> t.alice().agent().send(1, 1, "via tcp to the relay".getBytes()));
        t.sim().runUntil(t.sim().now() + 2 * S);
        assertThat(t.bob().app().events()).anyMatch(e -> e instanceof IceEvent.DataReceived d
                && d.data().utf8().equals("via tcp to the relay"));
    }

    @Test
    void aRelayReachedOverUdp_ranksAboveOneReachedOverTcp() {
        Two t = agents(5, NatConfig.Mode.ROUTER, List.of(OVER_TCP, OVER_UDP_2), true);
        t.sim().runUntil(t.sim().now() + 5 * S);
        List<Candidate> relayed = t.alice().app().events().stream().filter(e -> e instanceof IceEvent.CandidateGathered)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate()).filter(c -> c.type() == CandidateType.RELAYED)
                .toList();
        assertThat(relayed).hasSize(2);
        // the server reached over TCP is listed first, yet its relayed candidate (on its IP) ranks second
        Candidate viaTcp = relayed.stream().filter(c -> c.address().getAddress().equals(TURN.getAddress())).findFirst()
                .orElseThrow();
        Candidate viaUdp = relayed.stream().filter(c -> c.address().getAddress().equals(TURN_2.getAddress())).findFirst()
                .orElseThrow();
        assertThat(viaUdp.priority()).isGreaterThan(viaTcp.priority());
    }
}
