package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void eventsAtTheSameInstant_runInSchedulingOrder() {
        Simulation sim = new Simulation(1);
        List<String> order = new ArrayList<>();
        for (String s : List.of("c", "a", "b")) {
            sim.at(5 * MS, s, () -> order.add(s));
        }
        sim.at(MS, "first", () -> order.add("first"));
        sim.runToQuiescence();
        assertThat(order).containsExactly("first", "c", "a", "b");
        assertThat(sim.now()).isEqualTo(5 * MS);
    }

    @Test
    void runUntil_stopsAtTheDeadline_orWhenTheConditionHolds() {
        Simulation sim = new Simulation(1);
        List<Long> fired = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long t = i * S;
            sim.at(t, "tick", () -> fired.add(t));
        }
        sim.runUntil(3 * S);
        assertThat(fired).hasSize(3);
        assertThat(sim.now()).isEqualTo(3 * S);
        assertThat(sim.runUntil(() -> fired.size() == 5, 100 * S)).isTrue();
        assertThat(sim.now()).isEqualTo(5 * S);
        assertThat(sim.runUntil(() -> false, 7500 * MS)).isFalse();
        assertThat(sim.now()).isEqualTo(7500 * MS);
    }

    /** An application that always wants a timeout "now": a zero-delay loop. */
    static final class Spinner implements SansIo<String> {
        @Override
        public void handleDatagram(long now, Datagram d) {
        }

        @Override
        public Datagram pollTransmit(long now) {
            return null;
        }

        @Override
        public long pollTimeout() {
            return 0;
        }

        @Override
        public void handleTimeout(long now) {
        }

        @Override
        public String pollEvent() {
            return null;
        }
    }

    @Test
    void aZeroDelayLoop_isStoppedWithAClearError() {
        Simulation sim = new Simulation(1);
        Realm net = sim.addRootRealm("net");
        Host h = sim.addHost("h");
        h.attach(net, ip("10.0.0.1"));
        h.run("spinner", new Spinner(), List.of(at("10.0.0.1", 1))).at(0, "start", () -> { });
        // The adapter re-arms only when the deadline changes, so force re-arming each time by a raw loop:
        sim.at(0, "loop", new Runnable() {
            @Override
            public void run() {
                sim.at(sim.now(), "loop", this);
            }
        });
        assertThatThrownBy(() -> sim.runUntil(S)).isInstanceOf(SimulationStalledException.class)
                .hasMessageContaining("no progress").hasMessageContaining("t=0.000000000")
                .hasMessageContaining("zero-delay loop");
    }

    @Test
    void componentStreams_dependOnSeedAndName_only() {
        RandomGenerator a = new Seeds(5).stream("link:alice/0-up");
        RandomGenerator b = new Seeds(5).stream("link:alice/0-up");
        RandomGenerator c = new Seeds(5).stream("link:bob/0-up");
        RandomGenerator d = new Seeds(6).stream("link:alice/0-up");
        long x = a.nextLong();
        assertThat(b.nextLong()).isEqualTo(x);
        assertThat(c.nextLong()).isNotEqualTo(x);
        assertThat(d.nextLong()).isNotEqualTo(x);
    }

    @Test
    void addingAHost_doesNotPerturbAnotherLinksLosses() {
        assertThat(lossPattern(false)).isEqualTo(lossPattern(true));
    }

    private static List<Long> lossPattern(boolean extraHost) {
        Simulation sim = new Simulation(42);
        Realm net = sim.addRootRealm("net");
        if (extraHost) {
            Host x = sim.addHost("aaa-extra");
            x.attach(net, ip("10.0.0.99"), Impairments.NONE.withLoss(0.5), Impairments.NONE.withLoss(0.5));
        }
        Host a = sim.addHost("a");
        a.attach(net, ip("10.0.0.1"), Impairments.latency(MS).withLoss(0.3), Impairments.NONE);
        Host b = sim.addHost("b");
        b.attach(net, ip("10.0.0.2"));
        UdpEndpoint tx = new UdpEndpoint(at("10.0.0.1", 1));
        UdpEndpoint rx = new UdpEndpoint(at("10.0.0.2", 2));
        SimApp<UdpEndpoint.Received> app = a.run("tx", tx, List.of(at("10.0.0.1", 1)));
        b.run("rx", rx, List.of(at("10.0.0.2", 2)));
        for (int i = 0; i < 200; i++) {
            app.at(i * MS, "send", () -> tx.send(sim.now(), at("10.0.0.2", 2), 10));
        }
        sim.runToQuiescence();
        List<Long> got = new ArrayList<>();
        rx.received.forEach(r -> got.add(r.seq()));
        return got;
    }

    @Test
    void nat444_packetsCrossThreeRealms_andRepliesFindTheirWayBack() {
        Simulation sim = new Simulation(9);
        Realm internet = sim.addRootRealm("internet");
        NatDevice cgn = sim.addNat("cgn", internet, NatConfig.recommended(), List.of(ip("203.0.113.1")));
        NatDevice home = sim.addNat("home", cgn.inside(), NatConfig.recommended(), List.of(ip("100.64.0.2")));
        Host alice = sim.addHost("alice");
        alice.attach(home.inside(), ip("192.168.1.10"));
        Host peer = sim.addHost("peer");
        peer.attach(internet, ip("198.51.100.9"));
        UdpEndpoint a = new UdpEndpoint(at("192.168.1.10", 5000));
        UdpEndpoint p = new UdpEndpoint(at("198.51.100.9", 7000));
        SimApp<UdpEndpoint.Received> aa = alice.run("a", a, List.of(at("192.168.1.10", 5000)));
        SimApp<UdpEndpoint.Received> pa = peer.run("p", p, List.of(at("198.51.100.9", 7000)));
        List<String> taps = new ArrayList<>();
        sim.capture((t, tap, packet) -> taps.add(tap + " " + packet.source() + ">" + packet.destination()));
        aa.at(0, "send", () -> a.send(sim.now(), at("198.51.100.9", 7000), 20));
        pa.at(S, "reply", () -> p.send(sim.now(), p.received.get(0).from(), 20));
        sim.runToQuiescence();
        assertThat(p.received.get(0).from()).isEqualTo(at("203.0.113.1", 5000));
        assertThat(a.received).hasSize(1);
        assertThat(taps).containsExactly(
                "home /192.168.1.10:5000>/198.51.100.9:7000",
                "cgn /100.64.0.2:5000>/198.51.100.9:7000",
                "internet /203.0.113.1:5000>/198.51.100.9:7000",
                "internet /198.51.100.9:7000>/203.0.113.1:5000",
                "cgn /198.51.100.9:7000>/100.64.0.2:5000",
                "home /198.51.100.9:7000>/192.168.1.10:5000");
    }
}
