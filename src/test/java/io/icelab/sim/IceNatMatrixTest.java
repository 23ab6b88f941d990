package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.CandidateType;
import io.icelab.ice.ComponentState;
import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.icelab.stun.StunServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two ICE agents, each behind one of six NAT situations, with a public STUN server. The expected
 * outcome of each of the 36 cells is derived from RFC 4787 reasoning, not from observed runs:
 * <ul>
 *   <li>A symmetric NAT (address-and-port-dependent mapping) gives the peer a new mapping the peer never
 *       learned; the check gets through only if the peer's NAT filters by address at most (full or
 *       restricted cone) or there is no NAT. Against port-restricted filtering (port-restricted cone,
 *       the CGN, another symmetric NAT) every direct path is filtered: the cell fails cleanly.</li>
 *   <li>Endpoint-independent mapping NATs all connect (hole punching works in both directions).</li>
 *   <li>Each side's selected pair has the local type of its own situation (host without NAT,
 *       server-reflexive behind an endpoint-independent NAT, peer-reflexive behind a symmetric one) and
 *       the remote type of the peer's.</li>
 * </ul>
 */
class IceNatMatrixTest {
    enum Situation { NO_NAT, FULL_CONE, RESTRICTED_CONE, PORT_RESTRICTED_CONE, SYMMETRIC, CGN_OVER_PRC }

    static final Path PROFILES = Path.of("scenarios", "nat-profiles");
    static final InetSocketAddress STUN = at("192.0.2.1", 3478);

    static boolean connects(Situation a, Situation b) {
        return !(blocksSymmetric(a) && b == Situation.SYMMETRIC || blocksSymmetric(b) && a == Situation.SYMMETRIC);
    }

    /** Filters by address and port, so a symmetric peer's unlearned mapping is dropped. */
    static boolean blocksSymmetric(Situation s) {
        return s == Situation.PORT_RESTRICTED_CONE || s == Situation.SYMMETRIC || s == Situation.CGN_OVER_PRC;
    }

    static CandidateType typeSeenFor(Situation s) {
        return switch (s) {
            case NO_NAT -> CandidateType.HOST;
            case SYMMETRIC -> CandidateType.PEER_REFLEXIVE;
            default -> CandidateType.SERVER_REFLEXIVE;
        };
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Situation a : Situation.values()) {
            for (Situation b : Situation.values()) {
                out.add(Arguments.of(a, b));
            }
        }
        return out.stream();
    }

    /** Puts a host of this situation on the internet; returns its local address. */
    static InetSocketAddress place(Simulation sim, String who, Situation s, int n) {
        Realm internet = sim.realm("internet");
        Host h = sim.addHost(who);
        String publicIp = "198.51.100." + n;
        String natIp = "203.0.113." + n;
        String privateIp = n == 10 ? "192.168.1.10" : "10.0.0.20";
        Impairments link = Impairments.latency(10 * MS);
        Realm inside = switch (s) {
            case NO_NAT -> internet;
            case FULL_CONE -> nat(sim, who + "-nat", internet, "full-cone", natIp);
            case RESTRICTED_CONE -> nat(sim, who + "-nat", internet, "restricted-cone", natIp);
            case PORT_RESTRICTED_CONE -> nat(sim, who + "-nat", internet, "port-restricted-cone", natIp);
            case SYMMETRIC -> nat(sim, who + "-nat", internet, "symmetric", natIp);
            case CGN_OVER_PRC -> nat(sim, who + "-home", nat(sim, who + "-cgn", internet, "cgn", natIp),
                    "port-restricted-cone", "100.64.0." + n);
        };
        String ip = s == Situation.NO_NAT ? publicIp : privateIp;
        h.attach(inside, ip(ip), link, link);
        return at(ip, 5000);
    }

    static Realm nat(Simulation sim, String name, Realm outside, String profile, String external) {
        return sim.addNat(name, outside, NatProfiles.load(profile, PROFILES), List.of(ip(external)),
                Impairments.latency(5 * MS), Impairments.latency(5 * MS)).inside();
    }

    @ParameterizedTest(name = "alice {0} x bob {1}")
    @MethodSource("cells")
    void cell(Situation a, Situation b) {
        Simulation sim = new Simulation(17);
        Realm internet = sim.addRootRealm("internet");
        Host stun = sim.addHost("stun");
        stun.attach(internet, ip("192.0.2.1"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        stun.run("stun", new StunServer(StunServer.Config.basic(STUN)), List.of(STUN));
        InetSocketAddress la = place(sim, "alice", a, 10);
        InetSocketAddress lb = place(sim, "bob", b, 20);
        IceConfig base = IceConfig.defaults(Role.CONTROLLING).withStunServers(List.of(STUN));
        IceHost alice = new IceHost(sim, sim.host("alice"), "ice", base, List.of(List.of(la)));
        IceHost bob = new IceHost(sim, sim.host("bob"), "ice",
                IceConfig.defaults(Role.CONTROLLED).withStunServers(List.of(STUN)), List.of(List.of(lb)));
        IceHost.pair(alice, bob, 50 * MS, true);
        alice.start(0);
        bob.start(0);
        String seed = "seed " + sim.seed() + ", alice " + a + ", bob " + b;
        if (connects(a, b)) {
            sim.runUntil(() -> alice.connected() && bob.connected(), 30 * S);
            assertThat(alice.connected() && bob.connected()).as(seed + "\n" + sim.log().text()).isTrue();
            assertThat(alice.selected(1)[0].type()).as(seed + " alice local").isEqualTo(typeSeenFor(a));
            assertThat(alice.selected(1)[1].type()).as(seed + " alice remote").isEqualTo(typeSeenFor(b));
            assertThat(bob.selected(1)[0].type()).as(seed + " bob local").isEqualTo(typeSeenFor(b));
            assertThat(bob.selected(1)[1].type()).as(seed + " bob remote").isEqualTo(typeSeenFor(a));
            assertThat(alice.connectedAt()).as(seed + " time to connected").isLessThan(5 * S);
        } else {
            sim.runUntil(120 * S);
            assertThat(alice.connected() || bob.connected()).as(seed).isFalse();
            assertThat(alice.agent().componentState(1, 1)).as(seed).isEqualTo(ComponentState.FAILED);
            assertThat(bob.agent().componentState(1, 1)).as(seed).isEqualTo(ComponentState.FAILED);
        }
    }
}
