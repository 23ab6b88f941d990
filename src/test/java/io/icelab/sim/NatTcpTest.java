package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5382 in the simulator's NATs: TCP mappings apart from UDP ones, the simultaneous open through two
 * endpoint-independent NATs, REQ-4's unsolicited SYN (dropped; a RST only after 6 s and only without an outbound SYN
 * meanwhile), and REQ-5's idle timeouts, short while a connection is transitory and 2 h 4 min once established.
 */
class NatTcpTest {
    static final InetSocketAddress ALICE = at("192.168.1.10", 5000);
    static final InetSocketAddress BOB = at("10.0.20.2", 6000);
    static final InetSocketAddress ALICE_OUT = at("203.0.113.1", 5000);
    static final InetSocketAddress BOB_OUT = at("203.0.113.2", 6000);
    static final InetSocketAddress SERVER = at("198.51.100.9", 7000);

    record Peers(Simulation sim, NatDevice aliceNat, NatDevice bobNat, TcpMessenger alice, SimApp<String> aliceApp,
            TcpMessenger bob, SimApp<String> bobApp, TcpMessenger server, SimApp<String> serverApp) {
    }

    /** Alice and bob behind NATs with {@code config} (port-preserving), a server on the internet. */
    static Peers peers(long seed, NatConfig config) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        NatDevice an = sim.addNat("alice-nat", internet, config, List.of(ALICE_OUT.getAddress()),
                Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        NatDevice bn = sim.addNat("bob-nat", internet, config, List.of(BOB_OUT.getAddress()),
                Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        TcpMessenger a = new TcpMessenger();
        TcpMessenger b = new TcpMessenger();
        TcpMessenger s = new TcpMessenger();
        SimApp<String> aa = host(sim, an.inside(), "alice", ALICE).run("m", a, List.of(ALICE));
        SimApp<String> ba = host(sim, bn.inside(), "bob", BOB).run("m", b, List.of(BOB));
        Host server = host(sim, internet, "server", SERVER);
        SimApp<String> sa = server.run("m", s, List.of(SERVER));
        server.listenTcp(sa, SERVER, io.icelab.stun.StreamFramer.Framing.RFC4571);
        return new Peers(sim, an, bn, a, aa, b, ba, s, sa);
    }

    static Host host(Simulation sim, Realm realm, String name, InetSocketAddress at) {
        Host h = sim.addHost(name);
        h.attach(realm, at.getAddress(), Impairments.latency(MS), Impairments.latency(MS));
        return h;
    }

    @Test
    void simultaneousOpen_throughTwoEndpointIndependentNats_connects() {
        Peers p = peers(1, NatConfig.recommended());
        p.aliceApp().at(0, "open", () -> p.alice().send(ALICE, BOB_OUT, "hello bob"));
        p.bobApp().at(0, "open", () -> p.bob().send(BOB, ALICE_OUT, "hello alice"));
        p.sim().runUntil(5 * S);
        assertThat(p.bob().received()).extracting(d -> d.payload().utf8()).containsExactly("hello bob");
        assertThat(p.alice().received()).extracting(d -> d.payload().utf8()).containsExactly("hello alice");
        assertThat(p.sim().log().text()).contains("alice:tcp: Connected", "bob:tcp: Connected")
                .doesNotContain("Refused", "TimedOut");
    }

    @Test
    void anUnsolicitedSyn_isDroppedSilently_byDefault() {
        Peers p = peers(2, NatConfig.recommended());
        p.serverApp().at(0, "connect in", () -> p.server().send(SERVER, ALICE_OUT, "anyone?"));
        p.sim().runUntil(300 * S);
        assertThat(p.alice().received()).isEmpty();
        assertThat(p.sim().log().text()).contains("server:tcp: TimedOut").doesNotContain("RST for the unsolicited SYN");
        assertThat(p.sim().drops()).containsKey(DropCause.NAT_NO_MAPPING);
    }

    @Test
    void anUnsolicitedSyn_getsARstAfterSixSeconds_whenTheNatAnswers() {
        Peers p = peers(3, NatConfig.recommended().withTcp(new NatConfig.TcpPolicy(7440 * S, 240 * S,
                NatConfig.UnsolicitedSyn.RESET)));
        p.serverApp().at(0, "connect in", () -> p.server().send(SERVER, ALICE_OUT, "anyone?"));
        p.sim().runUntil(30 * S);
        // the SYN reaches the NAT at 11 ms; REQ-4: nothing before 6 s; the RST then reaches the server 11 ms later
        assertThat(p.sim().log().firstTime("RST for the unsolicited SYN")).hasValue(11 * MS + 6 * S);
        assertThat(p.sim().log().firstTime("server:tcp: Refused")).hasValue(22 * MS + 6 * S);
    }

    @Test
    void req4_anOutboundSynWithinSixSeconds_suppressesTheRst_andTheOpenSucceeds() {
        NatConfig answering = NatConfig.recommended().withTcp(new NatConfig.TcpPolicy(7440 * S, 240 * S,
                NatConfig.UnsolicitedSyn.RESET));
        Peers p = peers(4, answering);
        // bob's SYN reaches alice's NAT before alice opens: it is held, not answered
        p.bobApp().at(0, "open", () -> p.bob().send(BOB, ALICE_OUT, "hello alice"));
        p.aliceApp().at(2 * S, "open", () -> p.alice().send(ALICE, BOB_OUT, "hello bob"));
        p.sim().runUntil(20 * S);
        assertThat(p.sim().log().text()).doesNotContain("RST for the unsolicited SYN", "Refused");
        assertThat(p.alice().received()).extracting(d -> d.payload().utf8()).containsExactly("hello alice");
        assertThat(p.bob().received()).extracting(d -> d.payload().utf8()).containsExactly("hello bob");
    }

    @Test
    void req5_aTransitoryMapping_expiresAfterFourMinutes_anEstablishedOneAfterTwoHoursFour() {
        // transitory: a SYN nobody answers (bob's NAT filters it, silently)
        Peers p = peers(5, NatConfig.recommended());
        p.aliceApp().at(0, "SYN to bob's NAT", () -> p.alice().send(ALICE, BOB_OUT, "x"));
        p.sim().runUntil(200 * S);
        int live = p.aliceNat().tableSize();
        assertThat(live).as("the SYN's mapping, transitory").isEqualTo(1);
        // the last SYN retransmission left at 127 s (1+2+4+...+64): 240 s of silence after it
        p.sim().runUntil(127 * S + 241 * S);
        assertThat(p.aliceNat().tableSize()).isZero();

        Peers q = peers(6, NatConfig.recommended());
        q.aliceApp().at(0, "connect", () -> q.alice().send(ALICE, SERVER, "hi"));
        q.sim().runUntil(10 * S);
        assertThat(q.server().received()).hasSize(1);
        q.sim().runUntil(7440 * S);
        assertThat(q.aliceNat().tableSize()).as("established, idle for just under 2 h 4 min").isEqualTo(1);
        q.sim().runUntil(7441 * S);
        assertThat(q.aliceNat().tableSize()).isZero();
    }
}
