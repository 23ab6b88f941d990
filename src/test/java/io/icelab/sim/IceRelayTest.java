package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.CandidateType;
import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunServer;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import io.icelab.turn.TurnServerEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** ICE with icelab's TURN server on the public realm of the simulator. */
class IceRelayTest {
    static final InetSocketAddress STUN = at("192.0.2.1", 3478);
    static final InetSocketAddress TURN = at("192.0.2.10", 3478);
    static final IceConfig.TurnServer CREDS = new IceConfig.TurnServer(TURN, "ice", "relay-pass");

    static Simulation world(long seed) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        Host stun = sim.addHost("stun");
        stun.attach(internet, ip("192.0.2.1"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        stun.run("stun", new StunServer(StunServer.Config.basic(STUN)), List.of(STUN));
        Host turn = sim.addHost("turn");
        turn.attach(internet, ip("192.0.2.10"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        new SimTurnServer(sim, turn, TURN, "icelab", new StaticUsers(Map.of("ice", "relay-pass")));
        return sim;
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cells() {
        return IceNatMatrixTest.cells();
    }

    @ParameterizedTest(name = "alice {0} x bob {1}, with a relay")
    @MethodSource("cells")
    void everyCellConnects_andTheDirectFailuresGoThroughTheRelay(IceNatMatrixTest.Situation a,
            IceNatMatrixTest.Situation b) {
        Simulation sim = world(23);
        InetSocketAddress la = IceNatMatrixTest.place(sim, "alice", a, 10);
        InetSocketAddress lb = IceNatMatrixTest.place(sim, "bob", b, 20);
        IceConfig ca = IceConfig.defaults(Role.CONTROLLING).withStunServers(List.of(STUN)).withTurnServers(List.of(CREDS));
        IceConfig cb = IceConfig.defaults(Role.CONTROLLED).withStunServers(List.of(STUN)).withTurnServers(List.of(CREDS));
        IceHost alice = new IceHost(sim, sim.host("alice"), "ice", ca, List.of(List.of(la)));
        IceHost bob = new IceHost(sim, sim.host("bob"), "ice", cb, List.of(List.of(lb)));
        IceHost.pair(alice, bob, 50 * MS, true);
        alice.start(0);
        bob.start(0);
        String seed = "seed " + sim.seed() + ", alice " + a + ", bob " + b;
        assertThat(sim.runUntil(() -> alice.connected() && bob.connected(), 30 * S)).as(seed + "\n" + sim.log().text())
                .isTrue();
        boolean relayed = alice.selected(1)[0].type() == CandidateType.RELAYED
                || alice.selected(1)[1].type() == CandidateType.RELAYED;
        if (!IceNatMatrixTest.connects(a, b)) {
            assertThat(relayed).as(seed + ": only the relay can connect this cell").isTrue();
        } else {
            assertThat(relayed).as(seed + ": a direct path exists and ranks above the relay").isFalse();
        }
        alice.app().at(sim.now(), "data", () -> alice.agent().send(1, 1, "through".getBytes()));
        sim.runUntil(sim.now() + 2 * S);
        assertThat(bob.app().events()).as(seed).anyMatch(e -> e instanceof io.icelab.ice.IceEvent.DataReceived d
                && d.data().utf8().equals("through"));
    }

    @Test
    void relayOnlyPolicy_bothSides_selectRelayedCandidates_andMediaUsesAChannel() {
        Simulation sim = world(29);
        InetSocketAddress la = IceNatMatrixTest.place(sim, "alice", IceNatMatrixTest.Situation.FULL_CONE, 10);
        InetSocketAddress lb = IceNatMatrixTest.place(sim, "bob", IceNatMatrixTest.Situation.NO_NAT, 20);
        IceConfig ca = IceConfig.defaults(Role.CONTROLLING).withTurnServers(List.of(CREDS)).withRelayOnly();
        IceConfig cb = IceConfig.defaults(Role.CONTROLLED).withTurnServers(List.of(CREDS)).withRelayOnly();
        IceHost alice = new IceHost(sim, sim.host("alice"), "ice", ca, List.of(List.of(la)));
        IceHost bob = new IceHost(sim, sim.host("bob"), "ice", cb, List.of(List.of(lb)));
        IceHost.pair(alice, bob, 50 * MS, true);
        alice.start(0);
        bob.start(0);
        assertThat(sim.runUntil(() -> alice.connected() && bob.connected(), 30 * S)).as(sim.log().text()).isTrue();
        assertThat(alice.selected(1)[0].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(alice.selected(1)[1].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(bob.selected(1)[0].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(alice.app().events()).noneMatch(e -> e instanceof io.icelab.ice.IceEvent.CandidateGathered g
                && g.candidate().type() != CandidateType.RELAYED);
        sim.runUntil(sim.now() + 2 * S);
        assertThat(sim.log().text()).contains("ChannelBound");
    }

    @Test
    void theServersAllocationExpires_whenItsClientStopsRefreshing() {
        Simulation sim = world(31);
        Host h = sim.addHost("client");
        Interface link = h.attach(sim.realm("internet"), ip("198.51.100.77"), Impairments.latency(5 * MS),
                Impairments.latency(5 * MS));
        TurnClient c = new TurnClient(sim.random("client:turn"),
                TurnClient.Config.of(at("198.51.100.77", 5000), TURN, "ice", "relay-pass"));
        SimApp<TurnClientEvent> app = h.run("turn-client", c, List.of(at("198.51.100.77", 5000)));
        app.at(0, "allocate", () -> c.allocate(sim.now()));
        sim.runUntil(10 * S);
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.AllocationCreated);
        sim.at(20 * S, "client gone", () -> link.up().set(link.up().impairments().withBlackhole(true)));
        sim.runUntil(700 * S);
        assertThat(sim.log().text()).contains("AllocationDeleted").contains("expired (not refreshed)");
        long deletedAt = sim.log().lines().stream().filter(l -> l.contains("AllocationDeleted")).map(l -> l.split(" ")[0])
                .mapToLong(t -> (long) (Double.parseDouble(t) * 1e9)).findFirst().orElseThrow();
        assertThat(deletedAt).isBetween(600 * S, 601 * S);
    }

    @Test
    void channelBindResponsesDropped_inTheSimulator_theClientRetriesAndRecovers() {
        Simulation sim = world(37);
        Host h = sim.addHost("client");
        h.attach(sim.realm("internet"), ip("198.51.100.78"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        Host p = sim.addHost("peer");
        p.attach(sim.realm("internet"), ip("198.51.100.79"));
        UdpEndpoint peer = new UdpEndpoint(at("198.51.100.79", 7000));
        p.run("peer", peer, List.of(at("198.51.100.79", 7000)));
        int[] dropped = {0};
        sim.dropIf("internet", pkt -> pkt.source().equals(TURN) && isChannelBindResponse(pkt) && dropped[0]++ < 2);
        TurnClient c = new TurnClient(sim.random("client:turn"),
                TurnClient.Config.of(at("198.51.100.78", 5000), TURN, "ice", "relay-pass"));
        SimApp<TurnClientEvent> app = h.run("turn-client", c, List.of(at("198.51.100.78", 5000)));
        app.at(0, "allocate", () -> c.allocate(sim.now()));
        sim.runUntil(S);
        app.at(sim.now(), "bind", () -> c.bindChannel(sim.now(), at("198.51.100.79", 7000)));
        sim.runUntil(10 * S);
        assertThat(dropped[0]).isEqualTo(3);
        assertThat(app.events()).anyMatch(e -> e instanceof TurnClientEvent.ChannelBound b && b.channel() == 0x4000);
        app.at(sim.now(), "send", () -> c.send(sim.now(), at("198.51.100.79", 7000), new byte[16]));
        sim.runUntil(sim.now() + S);
        assertThat(peer.received).hasSize(1);
        assertThat(sim.log().text()).contains("fault injected");
    }

    private static boolean isChannelBindResponse(SimPacket pkt) {
        try {
            io.icelab.stun.StunMessage m = io.icelab.stun.StunDecoder.decode(pkt.payload());
            return m.isResponse() && m.method().equals(io.icelab.stun.Method.CHANNEL_BIND);
        } catch (io.icelab.stun.StunDecodeException e) {
            return false;
        }
    }
}
