package io.icelab.sim;

import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IPv6 hosts and NATs, multi-homed hosts, and routes that do not exist. */
class AddressingTest {

    @Test
    void ipv6_throughATranslatingNat_andCapturedAsIpv6(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(1);
        Realm internet = sim.addRootRealm("internet");
        NatDevice nat66 = sim.addNat("nat66", internet, NatConfig.recommended(), List.of(ip("2001:db8::1")));
        Host a = sim.addHost("a");
        a.attach(nat66.inside(), ip("fd00::10"));
        Host p = sim.addHost("p");
        p.attach(internet, ip("2001:db8:ffff::9"));
        UdpEndpoint ea = new UdpEndpoint(at("fd00::10", 5000));
        UdpEndpoint ep = new UdpEndpoint(at("2001:db8:ffff::9", 7000));
        SimApp<UdpEndpoint.Received> aa = a.run("a", ea, List.of(at("fd00::10", 5000)));
        SimApp<UdpEndpoint.Received> pa = p.run("p", ep, List.of(at("2001:db8:ffff::9", 7000)));
        Path pcap = dir.resolve("v6.pcap");
        try (PcapCapture c = new PcapCapture(pcap)) {
            sim.capture(c);
            aa.at(0, "send", () -> ea.send(sim.now(), at("2001:db8:ffff::9", 7000), 30));
            pa.at(S, "reply", () -> ep.send(sim.now(), at("2001:db8::1", 5000), 30));
            sim.runToQuiescence();
        }
        assertThat(ep.received.get(0).from()).isEqualTo(at("2001:db8::1", 5000));
        assertThat(ea.received).hasSize(1);
        byte[] b = Files.readAllBytes(pcap);
        assertThat(b[24 + 16] >> 4).as("IPv6 version nibble").isEqualTo(6);
    }

    @Test
    void multiHomedHost_eachSourceAddressTakesItsOwnPath() {
        Simulation sim = new Simulation(2);
        Realm internet = sim.addRootRealm("internet");
        NatDevice home = sim.addNat("home", internet, NatConfig.recommended(), List.of(ip("203.0.113.1")));
        Host a = sim.addHost("a");
        a.attach(home.inside(), ip("192.168.1.10"));   // wifi behind a NAT
        a.attach(internet, ip("198.51.100.50"));        // a public second interface
        Host p = sim.addHost("p");
        p.attach(internet, ip("198.51.100.9"));
        UdpEndpoint viaNat = new UdpEndpoint(at("192.168.1.10", 5000));
        UdpEndpoint direct = new UdpEndpoint(at("198.51.100.50", 5000));
        UdpEndpoint ep = new UdpEndpoint(at("198.51.100.9", 7000));
        SimApp<UdpEndpoint.Received> a1 = a.run("wifi", viaNat, List.of(at("192.168.1.10", 5000)));
        SimApp<UdpEndpoint.Received> a2 = a.run("wired", direct, List.of(at("198.51.100.50", 5000)));
        p.run("p", ep, List.of(at("198.51.100.9", 7000)));
        a1.at(0, "send", () -> viaNat.send(sim.now(), at("198.51.100.9", 7000), 10));
        a2.at(S, "send", () -> direct.send(sim.now(), at("198.51.100.9", 7000), 10));
        sim.runToQuiescence();
        assertThat(NatWorld.sources(ep)).containsExactly(at("203.0.113.1", 5000), at("198.51.100.50", 5000));
    }

    @Test
    void unknownDestination_isDroppedAsNoRoute_andNothingListening_asNoListener() {
        Simulation sim = new Simulation(3);
        Realm internet = sim.addRootRealm("internet");
        Host a = sim.addHost("a");
        a.attach(internet, ip("198.51.100.1"));
        Host b = sim.addHost("b");
        b.attach(internet, ip("198.51.100.2"));
        UdpEndpoint e = new UdpEndpoint(at("198.51.100.1", 1));
        SimApp<UdpEndpoint.Received> app = a.run("e", e, List.of(at("198.51.100.1", 1)));
        app.at(0, "send", () -> {
            e.send(sim.now(), at("192.0.2.200", 9), 10);
            e.send(sim.now(), at("198.51.100.2", 9), 10);
        });
        sim.runToQuiescence();
        assertThat(sim.drops()).containsEntry(DropCause.NO_ROUTE, 1L).containsEntry(DropCause.NO_LISTENER, 1L);
        assertThat(sim.log().text()).contains("NO_ROUTE").contains("NO_LISTENER");
    }
}
