package io.icelab.sim;

import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.CoreAttribute;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.Method;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4787 behaviours of the simulated NAT, one by one. */
class NatDeviceTest {
    static final InetSocketAddress P7000 = at("198.51.100.9", 7000);
    static final InetSocketAddress P7001 = at("198.51.100.9", 7001);
    static final NatConfig.Dependence EI = NatConfig.Dependence.ENDPOINT_INDEPENDENT;
    static final NatConfig.Dependence AD = NatConfig.Dependence.ADDRESS_DEPENDENT;
    static final NatConfig.Dependence APD = NatConfig.Dependence.ADDRESS_AND_PORT_DEPENDENT;

    @Test
    void portPreservation_withCollision_nextFree() {
        // Two hosts both use port 5000: the second cannot keep it and gets the next free port.
        NatWorld w = new NatWorld(1, NatConfig.of(EI, EI), 5000, 5000);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 1, P7000);
        w.sim.runToQuiescence();
        assertThat(NatWorld.sources(w.peer7000)).containsExactly(at("203.0.113.1", 5000), at("203.0.113.1", 5001));
    }

    @Test
    void portPreservation_collisionRandom_staysInRange() {
        NatConfig c = NatConfig.of(EI, EI).withPorts(NatConfig.PortAssignment.PRESERVE, NatConfig.Collision.RANDOM,
                false, 20000, 20099);
        NatWorld w = new NatWorld(2, c, 20050, 20050);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 1, P7000);
        w.sim.runToQuiescence();
        List<InetSocketAddress> src = NatWorld.sources(w.peer7000);
        assertThat(src.get(0).getPort()).isEqualTo(20050);
        assertThat(src.get(1).getPort()).isBetween(20000, 20099).isNotEqualTo(20050);
    }

    /** RFC 4787 REQ-3a/3b: the side of 1024 is kept, whatever the assignment, at the very edges too. */
    @Test
    void privilegedPorts_mapBelow1024_theOthersFrom1024Up_atTheEdges() {
        for (NatConfig.PortAssignment a : NatConfig.PortAssignment.values()) {
            NatConfig c = NatConfig.of(EI, EI).withPorts(a, NatConfig.Collision.NEXT_FREE, false, 1024, 65535);
            NatWorld w = new NatWorld(9, c, 1, 1023, 1024, 65535);
            for (int i = 0; i < 4; i++) {
                w.sendFromInside(i * S, i, P7000);
            }
            w.sim.runToQuiescence();
            List<Integer> ports = new ArrayList<>();
            NatWorld.sources(w.peer7000).forEach(s -> ports.add(s.getPort()));
            assertThat(ports).as("%s", a).hasSize(4);
            assertThat(ports.get(0)).as("%s: from 1", a).isBetween(1, 1023);
            assertThat(ports.get(1)).as("%s: from 1023", a).isBetween(1, 1023);
            assertThat(ports.get(2)).as("%s: from 1024", a).isBetween(1024, 65535);
            assertThat(ports.get(3)).as("%s: from 65535", a).isBetween(1024, 65535);
            if (a == NatConfig.PortAssignment.PRESERVE) {
                assertThat(ports).as("preserved where free").containsExactly(1, 1023, 1024, 65535);
            }
        }
    }

    /** A configured range above 1024 holds for unprivileged ports; a privileged one still stays below 1024. */
    @Test
    void aConfiguredRange_boundsUnprivilegedPorts_only() {
        NatConfig c = NatConfig.of(EI, EI).withPorts(NatConfig.PortAssignment.SEQUENTIAL, NatConfig.Collision.NEXT_FREE,
                false, 40000, 40001);
        NatWorld w = new NatWorld(10, c, 80, 5000, 5001, 5002);
        for (int i = 0; i < 4; i++) {
            w.sendFromInside(i * S, i, P7000);
        }
        w.sim.runToQuiescence();
        List<Integer> ports = new ArrayList<>();
        NatWorld.sources(w.peer7000).forEach(s -> ports.add(s.getPort()));
        assertThat(ports.get(0)).isBetween(1, 1023);
        assertThat(ports.subList(1, 3)).containsExactly(40000, 40001);
        assertThat(ports).as("the range of two is full: the third unprivileged mapping fails").hasSize(3);
    }

    @Test
    void sequentialAssignment_andPortParity() {
        NatConfig seq = NatConfig.of(APD, APD).withPorts(NatConfig.PortAssignment.SEQUENTIAL,
                NatConfig.Collision.NEXT_FREE, true, 30000, 30100);
        NatWorld w = new NatWorld(3, seq, 5001);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 0, P7001);
        w.sendFromInside(2 * S, 0, at("198.51.100.10", 7000));
        w.sim.runToQuiescence();
        List<Integer> ports = new ArrayList<>();
        NatWorld.sources(w.peer7000).forEach(a -> ports.add(a.getPort()));
        NatWorld.sources(w.peer7001).forEach(a -> ports.add(a.getPort()));
        NatWorld.sources(w.peer2).forEach(a -> ports.add(a.getPort()));
        assertThat(ports).containsExactly(30001, 30003, 30005); // odd like 5001, ascending
    }

    @Test
    void randomAssignment_isDeterministicForASeed() {
        NatConfig rnd = NatConfig.of(APD, APD).withPorts(NatConfig.PortAssignment.RANDOM,
                NatConfig.Collision.NEXT_FREE, false, 1024, 65535);
        List<InetSocketAddress> a = randomRun(rnd, 9);
        assertThat(a).isEqualTo(randomRun(rnd, 9)).isNotEqualTo(randomRun(rnd, 10));
        assertThat(a.get(0).getPort()).isNotEqualTo(5000);
    }

    private static List<InetSocketAddress> randomRun(NatConfig c, long seed) {
        NatWorld w = new NatWorld(seed, c, 5000);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 0, P7000);
        w.sim.runToQuiescence();
        return NatWorld.sources(w.peer7000);
    }

    @Test
    void pooling_pairedKeepsOneExternalIpPerHost_arbitraryMixes() {
        NatConfig paired = NatConfig.of(APD, APD);
        var externals = List.of(ip("203.0.113.1"), ip("203.0.113.2"), ip("203.0.113.3"));
        NatWorld w = new NatWorld(4, paired, externals, 5000);
        for (int i = 0; i < 6; i++) {
            w.sendFromInside(i * S, 0, i % 2 == 0 ? P7000 : P7001);
        }
        w.sim.runToQuiescence();
        List<InetSocketAddress> all = new ArrayList<>(NatWorld.sources(w.peer7000));
        all.addAll(NatWorld.sources(w.peer7001));
        assertThat(all.stream().map(InetSocketAddress::getAddress).distinct()).hasSize(1);

        NatWorld arb = new NatWorld(4, paired.withPooling(NatConfig.Pooling.ARBITRARY), externals, 5000);
        for (int i = 0; i < 12; i++) {
            arb.sendFromInside(i * S, 0, at("198.51.100.9", 7000 + (i % 2)));
            arb.sendFromInside(i * S, 0, at("198.51.100.10", 7000));
        }
        arb.sim.runToQuiescence();
        List<InetSocketAddress> mixed = new ArrayList<>(NatWorld.sources(arb.peer7000));
        mixed.addAll(NatWorld.sources(arb.peer7001));
        mixed.addAll(NatWorld.sources(arb.peer2));
        assertThat(mixed.stream().map(InetSocketAddress::getAddress).distinct().count()).isGreaterThan(1);
    }

    @Test
    void perHostQuota_dropsTheThirdMapping() {
        NatWorld w = new NatWorld(5, NatConfig.of(APD, APD).withLimits(2, 0), 5000);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 0, P7001);
        w.sendFromInside(2 * S, 0, at("198.51.100.10", 7000));
        w.sim.runToQuiescence();
        assertThat(w.peer2.received).isEmpty();
        assertThat(w.sim.drops()).containsEntry(DropCause.NAT_QUOTA, 1L);
        assertThat(w.nat.tableSize()).isEqualTo(2);
    }

    @Test
    void tableLimit_evictsTheOldestMapping() {
        NatWorld w = new NatWorld(6, NatConfig.of(APD, APD).withLimits(0, 2), 5000);
        w.sendFromInside(0, 0, P7000);
        w.sendFromInside(S, 0, P7001);
        w.sendFromInside(2 * S, 0, at("198.51.100.10", 7000)); // evicts the mapping towards P7000
        w.sendFromPeer(3 * S, w.peer7000, at("203.0.113.1", 5000));
        w.sim.runToQuiescence();
        assertThat(w.inside.get(0).received).isEmpty();
        assertThat(w.sim.log().text()).contains("evicted (table full)");
        assertThat(w.nat.tableSize()).isEqualTo(2);
    }

    @Test
    void filtering_eachBehaviour() {
        for (NatConfig.Dependence f : NatConfig.Dependence.values()) {
            NatWorld w = new NatWorld(7, NatConfig.of(EI, f), 5000);
            w.sendFromInside(0, 0, P7000);
            w.sendFromPeer(S, w.peer7000, at("203.0.113.1", 5000));        // same address and port
            w.sendFromPeer(2 * S, w.peer7001, at("203.0.113.1", 5000));    // same address, other port
            w.sendFromPeer(3 * S, w.peer2, at("203.0.113.1", 5000));       // other address
            w.sim.runToQuiescence();
            List<InetSocketAddress> from = new ArrayList<>();
            w.inside.get(0).received.forEach(r -> from.add(r.from()));
            switch (f) {
                case ENDPOINT_INDEPENDENT -> assertThat(from).containsExactly(P7000, P7001, at("198.51.100.10", 7000));
                case ADDRESS_DEPENDENT -> assertThat(from).containsExactly(P7000, P7001);
                default -> assertThat(from).containsExactly(P7000);
            }
        }
    }

    @Test
    void mappingLifetime_keptAliveEvery100s_survivesAnHour_idle121sIsGone() {
        NatWorld w = new NatWorld(8, NatConfig.of(EI, EI), 5000);
        for (long t = 0; t <= 3600; t += 100) {
            w.sendFromInside(t * S, 0, P7000);
        }
        w.sendFromPeer(3650 * S, w.peer7000, at("203.0.113.1", 5000)); // 50 s after the last keep-alive
        w.sim.runToQuiescence();
        assertThat(NatWorld.sources(w.peer7000)).hasSize(37).containsOnly(at("203.0.113.1", 5000));
        assertThat(w.sim.log().text()).containsOnlyOnce("created").doesNotContain("expired");
        assertThat(w.inside.get(0).received).hasSize(1);

        NatWorld idle = new NatWorld(8, NatConfig.of(EI, EI), 5000);
        idle.sendFromInside(0, 0, P7000);
        idle.sendFromPeer(119 * S, idle.peer7000, at("203.0.113.1", 5000));
        idle.sendFromPeer(121 * S + SimTime.MS * 20, idle.peer7000, at("203.0.113.1", 5000));
        idle.sim.runToQuiescence();
        assertThat(idle.inside.get(0).received).hasSize(1);
        assertThat(idle.sim.drops()).containsEntry(DropCause.NAT_NO_MAPPING, 1L);
        assertThat(idle.nat.tableSize()).isZero();
    }

    @Test
    void refreshByInboundTraffic_onlyWhenConfigured() {
        for (NatConfig.Refresh r : NatConfig.Refresh.values()) {
            NatWorld w = new NatWorld(9, NatConfig.of(EI, EI).withLifetime(120 * S, r), 5000);
            w.sendFromInside(0, 0, P7000);
            for (long t = 60; t <= 300; t += 60) {
                w.sendFromPeer(t * S, w.peer7000, at("203.0.113.1", 5000));
            }
            w.sim.runToQuiescence();
            assertThat(w.inside.get(0).received).as(r.name()).hasSize(r == NatConfig.Refresh.BOTH ? 5 : 1);
        }
    }

    @Test
    void reboot_andExternalAddressChange_loseMappings() {
        NatWorld w = new NatWorld(10, NatConfig.of(EI, EI), 5000);
        w.sendFromInside(0, 0, P7000);
        w.sim.at(10 * S, "reboot", w.nat::reboot);
        w.sendFromPeer(11 * S, w.peer7000, at("203.0.113.1", 5000));
        w.sim.at(20 * S, "renumber", () -> w.nat.changeExternalAddresses(List.of(ip("203.0.113.77"))));
        w.sendFromInside(30 * S, 0, P7000);
        w.sim.runToQuiescence();
        assertThat(w.inside.get(0).received).isEmpty();
        assertThat(NatWorld.sources(w.peer7000)).containsExactly(at("203.0.113.1", 5000), at("203.0.113.77", 5000));
        assertThat(w.sim.log().text()).contains("mappings flushed (reboot)");
    }

    @Test
    void hairpinning_offDrops_internalSourceKeepsThePrivateAddress() {
        NatWorld off = new NatWorld(11, NatConfig.of(EI, EI).withHairpinning(false, NatConfig.HairpinSource.EXTERNAL),
                5000, 6000);
        off.sendFromInside(0, 1, P7000);                          // host 2 gets 203.0.113.1:6000
        off.sendFromInside(S, 0, at("203.0.113.1", 6000));        // host 1 sends to it
        off.sim.runToQuiescence();
        assertThat(off.inside.get(1).received).isEmpty();
        assertThat(off.sim.drops()).containsEntry(DropCause.HAIRPIN_DISABLED, 1L);

        for (NatConfig.HairpinSource src : NatConfig.HairpinSource.values()) {
            NatWorld on = new NatWorld(11, NatConfig.of(EI, APD).withHairpinning(true, src), 5000, 6000);
            on.sendFromInside(0, 1, P7000);
            on.sendFromInside(S, 1, at("203.0.113.1", 5000)); // host 2 "contacts" host 1's future mapping
            on.sendFromInside(S, 0, P7000);                  // host 1 gets 203.0.113.1:5000
            on.sendFromInside(2 * S, 0, at("203.0.113.1", 6000));
            on.sim.runToQuiescence();
            List<InetSocketAddress> from = new ArrayList<>();
            on.inside.get(1).received.forEach(r -> from.add(r.from()));
            assertThat(from).as(src.name()).containsExactly(src == NatConfig.HairpinSource.EXTERNAL
                    ? at("203.0.113.1", 5000) : at("192.168.1.10", 5000));
        }
    }

    @Test
    void udpBlocked_andInboundDenyFirewall() {
        NatWorld blocked = new NatWorld(12, NatConfig.recommended().withMode(NatConfig.Mode.UDP_BLOCKED), 5000);
        blocked.sendFromInside(0, 0, P7000);
        blocked.sim.runToQuiescence();
        assertThat(blocked.peer7000.received).isEmpty();
        assertThat(blocked.sim.drops()).containsEntry(DropCause.UDP_BLOCKED, 1L);

        // A stateful firewall: hosts keep public addresses; inbound only along outbound state.
        Simulation sim = new Simulation(13);
        Realm internet = sim.addRootRealm("internet");
        Endpoint peer = endpoint(sim, internet, "peer", P7000);
        UdpEndpoint p = peer.udp();
        SimApp<UdpEndpoint.Received> pa = peer.app();
        NatDevice fw = sim.addNat("fw", internet, NatConfig.of(EI, APD).withMode(NatConfig.Mode.FIREWALL), List.of());
        Endpoint h = endpoint(sim, fw.inside(), "h", at("203.0.113.50", 5000));
        UdpEndpoint e = h.udp();
        SimApp<UdpEndpoint.Received> ha = h.app();
        pa.at(0, "unsolicited", () -> p.send(sim.now(), at("203.0.113.50", 5000), 20));
        ha.at(S, "out", () -> e.send(sim.now(), P7000, 20));
        pa.at(2 * S, "reply", () -> p.send(sim.now(), at("203.0.113.50", 5000), 20));
        sim.runToQuiescence();
        assertThat(NatWorld.sources(p)).containsExactly(at("203.0.113.50", 5000)); // not translated
        assertThat(e.received).hasSize(1);
        assertThat(e.received.get(0).sentAt()).isEqualTo(2 * S);
    }

    @Test
    void misbehavingAlg_breaksMappedAddress_andWithItTheFingerprint() {
        Simulation sim = SimFixtures.internetWithStunServer(14);
        Host alice = SimFixtures.aliceBehind(sim, NatConfig.of(EI, EI).withAlg(true));
        // A modern Binding: XOR-MAPPED-ADDRESS is obfuscated, so the ALG cannot see the address in it.
        StunClient client = new StunClient(sim.random("alice:client"));
        List<StunClientEvent> events = new ArrayList<>();
        SimApp<StunClientEvent> app = alice.run("client", client, List.of(at("192.168.1.10", 5000))).onEvent(events::add);
        app.at(0, "binding", () -> client.send(sim.now(), StunRequest.binding(at("192.168.1.10", 5000),
                at("198.51.100.1", 3478))));
        sim.runUntil(() -> !events.isEmpty(), 60 * S);
        // The RFC 5780 server also sends the plain MAPPED-ADDRESS (§6.1); the ALG rewrites it, which breaks the
        // FINGERPRINT, so the client discards every answer and times out: an ALG breaks even modern STUN.
        assertThat(events.get(0)).isInstanceOfSatisfying(StunClientEvent.Failure.class,
                f -> assertThat(f.reason()).isEqualTo(StunClientEvent.Failure.Reason.TIMEOUT));
        assertThat(client.droppedDatagrams()).as("answers dropped for their FINGERPRINT").isPositive();
        // A classic (RFC 3489) Binding: the plain MAPPED-ADDRESS 203.0.113.1 is rewritten to the private address.
        byte[] classic = StunMessageBuilder.request(Method.BINDING, new TransactionId(1, 2)).cookie(0x01020304).encode();
        OneShot legacyClient = new OneShot(at("192.168.1.10", 5003), at("198.51.100.1", 3478), classic);
        alice.run("classic-client", legacyClient, List.of(at("192.168.1.10", 5003))).at(sim.now(), "send", () -> { });
        sim.runUntil(sim.now() + 10 * S);
        assertThat(sim.log().text()).contains("MappedAddress[address=192.168.1.10:5003]")
                .doesNotContain("MappedAddress[address=203.0.113.1:5003]");
    }

    /** Two NATs on one realm: each takes only the packets for its own external addresses. */
    @Test
    void twoNats_eachRoutesOnlyItsOwnAddresses() {
        Simulation sim = new Simulation(20);
        Realm internet = sim.addRootRealm("internet");
        Endpoint peer = endpoint(sim, internet, "peer", P7000);
        UdpEndpoint p = peer.udp();
        SimApp<UdpEndpoint.Received> pa = peer.app();
        NatDevice first = sim.addNat("first", internet, NatConfig.recommended(), List.of(ip("203.0.113.1")));
        NatDevice second = sim.addNat("second", internet, NatConfig.recommended(), List.of(ip("203.0.113.2")));
        assertThat(first.name()).isEqualTo("first");
        assertThat(second.externalAddresses()).containsExactly(ip("203.0.113.2"));
        Endpoint h = endpoint(sim, second.inside(), "h", at("192.168.1.10", 5000));
        UdpEndpoint e = h.udp();
        SimApp<UdpEndpoint.Received> ha = h.app();
        ha.at(0, "out", () -> e.send(sim.now(), P7000, 20));
        pa.at(S, "reply", () -> p.send(sim.now(), at("203.0.113.2", 5000), 20));
        pa.at(2 * S, "nowhere", () -> p.send(sim.now(), at("203.0.113.9", 5000), 20));
        sim.runToQuiescence();
        assertThat(e.received).hasSize(1);
        assertThat(sim.drops()).doesNotContainKey(DropCause.NAT_NO_MAPPING);
        assertThat(first.tableSize()).isZero();
    }

    /** Each way a hairpinned packet can fail is counted, with the table's own lines logged before the drop. */
    @Test
    void hairpin_failures_areCountedAndLogged() {
        // The hairpin needs a new mapping, and the host's quota is used up.
        NatWorld quota = new NatWorld(21, NatConfig.of(APD, APD).withLimits(1, 0), 5000);
        quota.sendFromInside(0, 0, P7000);
        quota.sendFromInside(S, 0, at("203.0.113.1", 5000));
        quota.sim.runToQuiescence();
        assertThat(quota.sim.drops()).containsEntry(DropCause.NAT_QUOTA, 1L);

        // External source through an address-and-port-dependent filter that has not seen it.
        NatWorld filtered = new NatWorld(22, NatConfig.of(EI, APD), 5000, 6000);
        filtered.sendFromInside(0, 1, P7000);                       // host 2 has 203.0.113.1:6000
        filtered.sendFromInside(S, 0, at("203.0.113.1", 6000));     // host 1's first packet: a new mapping
        filtered.sim.runToQuiescence();
        assertThat(filtered.inside.get(1).received).isEmpty();
        assertThat(filtered.sim.drops()).containsEntry(DropCause.NAT_FILTERED, 1L);
        assertThat(filtered.sim.log().firstTime("192.168.1.10:5000 -> 203.0.113.1:5000 created")).hasValue(S);

        // Internal source kept: a packet to a port nobody holds.
        NatWorld internal = new NatWorld(23, NatConfig.of(EI, EI).withHairpinning(true, NatConfig.HairpinSource.INTERNAL),
                5000);
        internal.sendFromInside(S, 0, at("203.0.113.1", 6000));
        internal.sim.runToQuiescence();
        assertThat(internal.sim.drops()).containsEntry(DropCause.NAT_NO_MAPPING, 1L);
        assertThat(internal.sim.log().firstTime("192.168.1.10:5000 -> 203.0.113.1:5000 created")).hasValue(S);

        // A hairpin that goes through: its mapping line comes before the hairpin line.
        NatWorld ok = new NatWorld(24, NatConfig.of(EI, EI), 5000, 6000);
        ok.sendFromInside(0, 1, P7000);
        ok.sendFromInside(S, 0, at("203.0.113.1", 6000));
        ok.sim.runToQuiescence();
        assertThat(ok.inside.get(1).received).hasSize(1);
        List<String> lines = ok.sim.log().lines();
        int created = indexOf(lines, "192.168.1.10:5000 -> 203.0.113.1:5000 created");
        int hairpin = indexOf(lines, "hairpin ");
        assertThat(created).isNotNegative().isLessThan(hairpin);
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    /** The table's lines are logged when they happen: expiry on an inbound packet, a reboot, a renumbering. */
    @Test
    void tableLines_areLoggedAtTheirTime() {
        NatWorld w = new NatWorld(25, NatConfig.of(EI, EI), 5000);
        w.sendFromInside(0, 0, P7000);
        w.sendFromPeer(200 * S, w.peer7000, at("203.0.113.1", 5000));
        w.sendFromInside(350 * S, 0, P7000);
        w.sim.at(400 * S, "renumber", () -> w.nat.changeExternalAddresses(List.of(ip("203.0.113.77"))));
        w.sendFromInside(500 * S, 0, P7000);
        w.sim.at(600 * S, "reboot", w.nat::reboot);
        w.sim.runToQuiescence();
        long expiredAt = w.sim.log().firstTime(" expired").orElseThrow();
        assertThat(expiredAt).isBetween(200 * S, 201 * S);
        assertThat(w.sim.log().firstTime("flushed (external address change")).hasValue(400 * S);
        assertThat(w.sim.log().firstTime("mappings flushed (reboot)")).hasValue(600 * S);
        assertThat(w.sim.drops()).containsEntry(DropCause.NAT_NO_MAPPING, 1L);
    }

    /** A UDP-blocking device drops inbound UDP too. */
    @Test
    void udpBlocked_dropsInboundToo() {
        Simulation sim = new Simulation(26);
        Realm internet = sim.addRootRealm("internet");
        Endpoint peer = endpoint(sim, internet, "peer", P7000);
        UdpEndpoint p = peer.udp();
        SimApp<UdpEndpoint.Received> pa = peer.app();
        NatDevice blocker = sim.addNat("blocker", internet, NatConfig.recommended().withMode(NatConfig.Mode.UDP_BLOCKED),
                List.of());
        Endpoint h = endpoint(sim, blocker.inside(), "h", at("203.0.113.50", 5000));
        UdpEndpoint e = h.udp();
        pa.at(0, "in", () -> p.send(sim.now(), at("203.0.113.50", 5000), 20));
        sim.runToQuiescence();
        assertThat(e.received).isEmpty();
        assertThat(sim.drops()).containsEntry(DropCause.UDP_BLOCKED, 1L);
    }

    /** The ALG rewrites every whole copy of the address, at the first byte and at the last; IPv6 it leaves alone. */
    @Test
    void alg_rewritesAtBothEnds_andLeavesIpv6Alone() {
        byte[] b = {(byte) 203, 0, 113, 1, 7, 7, (byte) 203, 0, 113, 1};
        Bytes out = NatDevice.rewrite(Bytes.wrap(b), ip("203.0.113.1"), ip("192.168.1.10"));
        assertThat(out.toArray()).containsExactly((byte) 192, (byte) 168, 1, 10, 7, 7, (byte) 192, (byte) 168, 1, 10);
        Bytes v6 = Bytes.wrap(new byte[] {1, 2, 3, 4});
        assertThat(NatDevice.rewrite(v6, ip("2001:db8::1"), ip("fd00::1"))).isSameAs(v6);
    }

    /** A host on {@code realm} running a {@link UdpEndpoint} at {@code at}. */
    record Endpoint(UdpEndpoint udp, SimApp<UdpEndpoint.Received> app) {
    }

    static Endpoint endpoint(Simulation sim, Realm realm, String name, InetSocketAddress at) {
        Host host = sim.addHost(name);
        host.attach(realm, at.getAddress());
        UdpEndpoint udp = new UdpEndpoint(at);
        return new Endpoint(udp, host.run(name.equals("peer") ? "p" : "e", udp, List.of(at)));
    }
}
