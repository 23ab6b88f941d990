package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Link impairments measured over 10,000 packets for a fixed seed, against their configured values. */
class LinkImpairmentTest {
    static final int N = 10_000;

    /** Sends N packets every 10 ms from a to b over a's link with {@code up}; returns b's endpoint. */
    static UdpEndpoint run(long seed, Impairments up, int size) {
        Simulation sim = new Simulation(seed);
        Realm net = sim.addRootRealm("net");
        Host a = sim.addHost("a");
        a.attach(net, ip("10.0.0.1"), up, Impairments.NONE);
        Host b = sim.addHost("b");
        b.attach(net, ip("10.0.0.2"));
        UdpEndpoint sender = new UdpEndpoint(at("10.0.0.1", 1000));
        UdpEndpoint receiver = new UdpEndpoint(at("10.0.0.2", 2000));
        SimApp<UdpEndpoint.Received> sa = a.run("tx", sender, List.of(at("10.0.0.1", 1000)));
        b.run("rx", receiver, List.of(at("10.0.0.2", 2000)));
        for (int i = 0; i < N; i++) {
            long t = i * 10 * MS;
            sa.at(t, "send", () -> sender.send(sim.now(), at("10.0.0.2", 2000), size));
        }
        sim.runToQuiescence();
        return receiver;
    }

    @Test
    void randomLoss_10percent() {
        UdpEndpoint rx = run(1, Impairments.latency(20 * MS).withLoss(0.10), 100);
        double loss = 1 - rx.received.size() / (double) N;
        assertThat(loss).isBetween(0.09, 0.11); // ±3.3σ for p = 0.1, n = 10,000
    }

    @Test
    void burstLoss_gilbertElliott_meanAndBurstiness() {
        Impairments.GilbertElliott ge = new Impairments.GilbertElliott(0.02, 0.25, 0.0, 1.0);
        UdpEndpoint rx = run(2, Impairments.latency(20 * MS).withBurst(ge), 100);
        double loss = 1 - rx.received.size() / (double) N;
        assertThat(ge.meanLoss()).isCloseTo(0.0741, org.assertj.core.data.Offset.offset(0.0001));
        assertThat(loss).isBetween(0.05, 0.10);
        // Bursty: the mean run of consecutive losses is about 1/r = 4, far above random loss's ~1.08.
        Set<Long> got = new HashSet<>();
        rx.received.forEach(r -> got.add(r.seq()));
        int runs = 0;
        int lost = 0;
        boolean inRun = false;
        for (long s = 0; s < N; s++) {
            boolean l = !got.contains(s);
            lost += l ? 1 : 0;
            if (l && !inRun) {
                runs++;
            }
            inRun = l;
        }
        assertThat(lost / (double) runs).isBetween(3.0, 5.0);
    }

    @Test
    void jitter_meanAndSpreadOfDelay_andItReorders() {
        UdpEndpoint rx = run(3, Impairments.latency(100 * MS).withJitter(10 * MS), 100);
        assertThat(rx.received).hasSize(N);
        double mean = rx.received.stream().mapToLong(r -> r.receivedAt() - r.sentAt()).average().orElseThrow() / MS;
        double var = rx.received.stream().mapToDouble(r -> Math.pow((r.receivedAt() - r.sentAt()) / (double) MS - mean, 2))
                .average().orElseThrow();
        assertThat(mean).isBetween(99.5, 100.5);
        assertThat(Math.sqrt(var)).isBetween(9.5, 10.5);
        long reordered = 0;
        for (int i = 1; i < rx.received.size(); i++) {
            if (rx.received.get(i).seq() < rx.received.get(i - 1).seq()) {
                reordered++;
            }
        }
        // 10 ms spacing, σ = 10 ms: neighbours swap with probability Φ(-10/√200) ≈ 0.24.
        assertThat(reordered / (double) N).isBetween(0.20, 0.28);
    }

    @Test
    void duplication_5percent() {
        UdpEndpoint rx = run(4, Impairments.latency(10 * MS).withDuplicate(0.05), 100);
        double dup = rx.received.size() / (double) N - 1;
        assertThat(dup).isBetween(0.04, 0.06);
    }

    @Test
    void rateLimit_dropTailQueue_andMtu() {
        // 1000-byte packets (1028 on the wire) every 10 ms = 822 kbit/s offered into 400 kbit/s with a 10 kB queue.
        UdpEndpoint rx = run(5, Impairments.latency(MS).withRate(400_000, 10_000), 1000);
        double delivered = rx.received.size() / (double) N;
        assertThat(delivered).isBetween(0.47, 0.50); // ≈ 400 / 822
        long maxDelay = rx.received.stream().mapToLong(r -> r.receivedAt() - r.sentAt()).max().orElseThrow();
        assertThat(maxDelay).isLessThanOrEqualTo(MS + (10_000 + 1028) * 8L * S / 400_000); // queue + one packet
        assertThat(run(6, Impairments.NONE.withMtu(500), 1000).received).isEmpty();
        assertThat(run(6, Impairments.NONE.withMtu(1500), 1000).received).hasSize(N);
    }

    @Test
    void scheduledBlackhole_linkDownAt12sUpAt20s() {
        Simulation sim = new Simulation(7);
        Realm net = sim.addRootRealm("net");
        Host a = sim.addHost("a");
        Interface ia = a.attach(net, ip("10.0.0.1"), Impairments.latency(MS), Impairments.NONE);
        Host b = sim.addHost("b");
        b.attach(net, ip("10.0.0.2"));
        UdpEndpoint tx = new UdpEndpoint(at("10.0.0.1", 1000));
        UdpEndpoint rx = new UdpEndpoint(at("10.0.0.2", 2000));
        SimApp<UdpEndpoint.Received> sa = a.run("tx", tx, List.of(at("10.0.0.1", 1000)));
        b.run("rx", rx, List.of(at("10.0.0.2", 2000)));
        for (int i = 0; i < 30; i++) {
            sa.at(i * S, "send", () -> tx.send(sim.now(), at("10.0.0.2", 2000), 50));
        }
        sim.at(12 * S - 1, "link down", () -> ia.up().set(ia.up().impairments().withBlackhole(true)));
        sim.at(20 * S - 1, "link up", () -> ia.up().set(ia.up().impairments().withBlackhole(false)));
        sim.runToQuiescence();
        assertThat(rx.received).extracting(UdpEndpoint.Received::seq).doesNotContain(12L, 15L, 19L).contains(11L, 20L)
                .hasSize(22);
        assertThat(ia.up().drops()).containsEntry(DropCause.BLACKHOLE, 8L);
    }
}
