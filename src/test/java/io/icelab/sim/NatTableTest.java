package io.icelab.sim;

import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The NAT's table alone: RFC 4787 §4.2 port assignment at the edges of its ranges, expiry, eviction, pooling. */
class NatTableTest {
    static final NatConfig.Dependence EI = NatConfig.Dependence.ENDPOINT_INDEPENDENT;
    static final NatConfig.Dependence APD = NatConfig.Dependence.ADDRESS_AND_PORT_DEPENDENT;
    static final InetSocketAddress PEER = at("198.51.100.9", 7000);
    static final InetAddress EXT = ip("203.0.113.1");
    static final long LIFE = 10 * S;

    /** Draws the scripted values in turn, then the last one for ever. */
    static final class Scripted implements RandomGenerator {
        private final ArrayDeque<Integer> values = new ArrayDeque<>();
        private int last;

        Scripted(int... v) {
            for (int x : v) {
                values.add(x);
            }
        }

        Scripted repeat(int value, int times) {
            for (int i = 0; i < times; i++) {
                values.add(value);
            }
            return this;
        }

        @Override
        public int nextInt(int bound) {
            if (!values.isEmpty()) {
                last = values.poll();
            }
            return last % bound;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("not used by the table");
        }
    }

    static NatTable table(NatConfig c, RandomGenerator r, InetAddress... externals) {
        return new NatTable(c.withLifetime(LIFE, NatConfig.Refresh.OUTBOUND), List.of(externals), r);
    }

    static NatConfig ports(NatConfig.PortAssignment a, NatConfig.Collision c, int min, int max) {
        return NatConfig.of(EI, EI).withPorts(a, c, false, min, max);
    }

    static int port(NatTable t, long now, String host, int port) {
        NatTable.Result r = t.outbound(now, at(host, port), PEER);
        assertThat(r.drop()).as("%s:%d at %d", host, port, now).isNull();
        return r.mapping().external.getPort();
    }

    /** REQ-1 port preservation holds at both ends of the range; a port outside it goes to the collision policy. */
    @Test
    void preservation_atBothEndsOfTheRange() {
        NatTable t = table(ports(NatConfig.PortAssignment.PRESERVE, NatConfig.Collision.RANDOM, 40000, 40099),
                new Scripted(77), EXT);
        assertThat(port(t, 0, "192.168.1.10", 40000)).isEqualTo(40000);
        assertThat(port(t, 0, "192.168.1.11", 40099)).isEqualTo(40099);
        assertThat(port(t, 0, "192.168.1.12", 39999)).as("outside the range: a random one").isEqualTo(40077);
        assertThat(port(t, 0, "192.168.1.13", 40000)).as("taken: a random one").isNotEqualTo(40000).isBetween(40000, 40099);
    }

    @Test
    void preservation_nextFree_startsAtTheRangeForAPortOutsideIt() {
        NatTable t = table(ports(NatConfig.PortAssignment.PRESERVE, NatConfig.Collision.NEXT_FREE, 40000, 40099),
                new Scripted(0), EXT);
        assertThat(port(t, 0, "192.168.1.10", 5000)).isEqualTo(40000);
        assertThat(port(t, 0, "192.168.1.11", 40099)).isEqualTo(40099);
        assertThat(port(t, 0, "192.168.1.12", 40099)).as("wraps to the start").isEqualTo(40001);
    }

    /** Sequential assignment continues after the last port given, not from the first free one, and wraps. */
    @Test
    void sequential_continuesAfterTheLastPort_andWraps() {
        NatTable t = table(ports(NatConfig.PortAssignment.SEQUENTIAL, NatConfig.Collision.NEXT_FREE, 40000, 40002),
                new Scripted(0), EXT);
        assertThat(port(t, 0, "192.168.1.10", 5000)).isEqualTo(40000);
        assertThat(port(t, 6 * S, "192.168.1.11", 5000)).isEqualTo(40001);
        // 40000 is free again (its mapping expired), but the cursor is at 40002.
        assertThat(port(t, 11 * S, "192.168.1.12", 5000)).isEqualTo(40002);
        assertThat(port(t, 12 * S, "192.168.1.13", 5000)).as("past the end: from the start").isEqualTo(40000);
    }

    /** Port 1024 is unprivileged and moves the cursor; a privileged port (REQ-3) does not. */
    @Test
    void sequential_cursorMovesForPort1024_notForPrivilegedPorts() {
        NatTable t = table(ports(NatConfig.PortAssignment.SEQUENTIAL, NatConfig.Collision.NEXT_FREE, 1024, 65535),
                new Scripted(0), EXT);
        assertThat(port(t, 0, "192.168.1.10", 1024)).isEqualTo(1024);
        assertThat(port(t, 11 * S, "192.168.1.11", 5000)).as("1024 expired; the cursor is past it").isEqualTo(1025);

        NatTable u = table(ports(NatConfig.PortAssignment.SEQUENTIAL, NatConfig.Collision.NEXT_FREE, 40000, 40009),
                new Scripted(0), EXT);
        assertThat(port(u, 0, "192.168.1.10", 5000)).isEqualTo(40000);
        assertThat(port(u, 6 * S, "192.168.1.11", 80)).isEqualTo(1);
        assertThat(port(u, 11 * S, "192.168.1.12", 5001)).as("the privileged port left the cursor at 40001")
                .isEqualTo(40001);
    }

    /** Random assignment tries 64 random ports, then takes the first free one from the start of the range. */
    @Test
    void random_givesUpAfter64Draws_thenScans() {
        NatTable t = table(ports(NatConfig.PortAssignment.RANDOM, NatConfig.Collision.NEXT_FREE, 40000, 40002),
                new Scripted(0).repeat(0, 64).repeat(2, 1), EXT);
        assertThat(port(t, 0, "192.168.1.10", 5000)).isEqualTo(40000);
        assertThat(port(t, 0, "192.168.1.11", 5000)).as("64 draws of 40000, then the scan").isEqualTo(40001);
        assertThat(port(t, 0, "192.168.1.12", 5000)).as("the 66th draw").isEqualTo(40002);
        NatTable.Result full = t.outbound(0, at("192.168.1.13", 5000), PEER);
        assertThat(full.drop()).isEqualTo(DropCause.NAT_EXHAUSTED);
    }

    /** RFC 4787 §4.3: a mapping lives exactly its lifetime after the last outbound packet, and says so when it goes. */
    @Test
    void expiry_atExactlyTheLifetime() {
        NatTable t = table(NatConfig.of(EI, EI), new Scripted(0), EXT);
        InetSocketAddress ext = t.outbound(0, at("192.168.1.10", 5000), PEER).mapping().external;
        t.drainLog();
        assertThat(t.inbound(LIFE, ext, PEER).drop()).as("at the lifetime").isNull();
        assertThat(t.inbound(LIFE + 1, ext, PEER).drop()).isEqualTo(DropCause.NAT_NO_MAPPING);
        assertThat(t.drainLog()).singleElement().asString().endsWith(" expired");
        assertThat(t.size(LIFE + 1)).isZero();
    }

    /** An expired mapping no longer counts against the per-host quota. */
    @Test
    void quota_countsLiveMappingsOnly() {
        NatTable t = table(NatConfig.of(APD, APD).withLimits(1, 0), new Scripted(0), EXT);
        assertThat(t.outbound(0, at("192.168.1.10", 5000), PEER).drop()).isNull();
        assertThat(t.outbound(S, at("192.168.1.10", 5000), at("198.51.100.9", 7001)).drop())
                .isEqualTo(DropCause.NAT_QUOTA);
        assertThat(t.outbound(11 * S, at("192.168.1.10", 5000), at("198.51.100.9", 7001)).drop()).isNull();
    }

    /** A full table evicts the least recently refreshed mapping; among equals, the oldest. */
    @Test
    void eviction_takesTheFirstCreatedAmongEquals() {
        NatTable t = table(NatConfig.of(EI, EI).withLimits(0, 2), new Scripted(0), EXT);
        InetSocketAddress a = t.outbound(0, at("192.168.1.10", 5000), PEER).mapping().external;
        InetSocketAddress b = t.outbound(0, at("192.168.1.11", 6000), PEER).mapping().external;
        t.outbound(0, at("192.168.1.12", 7000), PEER);
        assertThat(t.inbound(0, a, PEER).drop()).isEqualTo(DropCause.NAT_NO_MAPPING);
        assertThat(t.inbound(0, b, PEER).drop()).isNull();
        assertThat(t.drainLog()).anyMatch(l -> l.contains("192.168.1.10:5000") && l.endsWith("evicted (table full)"));
    }

    /** After a reboot the ports are free again and no host keeps its pairing. */
    @Test
    void flush_freesThePorts_andForgetsThePairing() {
        NatTable t = table(NatConfig.of(EI, EI), new Scripted(0), EXT);
        assertThat(port(t, 0, "192.168.1.10", 5000)).isEqualTo(5000);
        t.flush("reboot");
        assertThat(port(t, S, "192.168.1.11", 5000)).as("5000 is free after the reboot").isEqualTo(5000);
        assertThat(t.drainLog()).contains("1 mappings flushed (reboot)");

        InetAddress e1 = ip("203.0.113.1");
        InetAddress e2 = ip("203.0.113.2");
        NatTable p = table(NatConfig.of(EI, EI), new Scripted(0), e1, e2);
        assertThat(p.outbound(0, at("192.168.1.10", 5000), PEER).mapping().external.getAddress()).isEqualTo(e1);
        InetAddress n1 = ip("203.0.113.101");
        InetAddress n2 = ip("203.0.113.102");
        p.setExternals(List.of(n1, n2));
        assertThat(p.outbound(S, at("192.168.1.10", 5000), PEER).mapping().external.getAddress())
                .as("an old pairing cannot outlive its address").isIn(n1, n2);
    }

    /** REQ-2 paired pooling: hosts are spread over the addresses in turn, each keeping its own. */
    @Test
    void pairedPooling_roundRobinOverTheAddresses() {
        InetAddress e1 = ip("203.0.113.1");
        InetAddress e2 = ip("203.0.113.2");
        NatTable t = table(NatConfig.of(APD, APD), new Scripted(0), e1, e2);
        List<InetAddress> got = new java.util.ArrayList<>();
        for (String h : List.of("192.168.1.10", "192.168.1.11", "192.168.1.12", "192.168.1.10")) {
            got.add(t.outbound(0, at(h, 5000), at("198.51.100.9", 7000 + got.size())).mapping().external.getAddress());
        }
        assertThat(got).containsExactly(e1, e2, e1, e1);
    }

    /** A firewall keeps one mapping per internal endpoint, untranslated. */
    @Test
    void firewall_keepsEachEndpointAsItIs() {
        NatTable t = new NatTable(NatConfig.of(EI, APD).withMode(NatConfig.Mode.FIREWALL), List.of(), new Scripted(0));
        InetSocketAddress a = at("203.0.113.50", 5000);
        InetSocketAddress b = at("203.0.113.51", 5000);
        assertThat(t.outbound(0, a, PEER).mapping().external).isEqualTo(a);
        assertThat(t.outbound(0, b, PEER).mapping().external).isEqualTo(b);
        assertThat(t.size(0)).isEqualTo(2);
    }
}
