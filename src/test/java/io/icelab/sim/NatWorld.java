package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A public peer with two ports and two hosts behind one NAT, each running a {@link UdpEndpoint}. */
final class NatWorld {
    final Simulation sim;
    final NatDevice nat;
    final UdpEndpoint peer7000;
    final UdpEndpoint peer7001;
    final UdpEndpoint peer2;
    final List<UdpEndpoint> inside = new ArrayList<>();
    final List<SimApp<UdpEndpoint.Received>> insideApps = new ArrayList<>();
    private final List<SimApp<UdpEndpoint.Received>> peerApps = new ArrayList<>();

    NatWorld(long seed, NatConfig config, List<InetAddress> externals, int... insidePorts) {
        sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        Host peer = sim.addHost("peer");
        peer.attach(internet, ip("198.51.100.9"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        peer7000 = new UdpEndpoint(at("198.51.100.9", 7000));
        peer7001 = new UdpEndpoint(at("198.51.100.9", 7001));
        peerApps.add(peer.run("p7000", peer7000, List.of(at("198.51.100.9", 7000))));
        peerApps.add(peer.run("p7001", peer7001, List.of(at("198.51.100.9", 7001))));
        Host other = sim.addHost("peer2");
        other.attach(internet, ip("198.51.100.10"));
        peer2 = new UdpEndpoint(at("198.51.100.10", 7000));
        peerApps.add(other.run("p", peer2, List.of(at("198.51.100.10", 7000))));
        nat = sim.addNat("home", internet, config, externals, Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        for (int i = 0; i < insidePorts.length; i++) {
            String ipText = "192.168.1." + (10 + i);
            Host h = sim.host("h" + ipText) != null ? sim.host("h" + ipText) : sim.addHost("h" + ipText);
            if (h.interfaces().isEmpty()) {
                h.attach(nat.inside(), ip(ipText));
            }
            UdpEndpoint e = new UdpEndpoint(at(ipText, insidePorts[i]));
            inside.add(e);
            insideApps.add(h.run("e" + insidePorts[i], e, List.of(at(ipText, insidePorts[i]))));
        }
    }

    NatWorld(long seed, NatConfig config, int... insidePorts) {
        this(seed, config, List.of(ip("203.0.113.1")), insidePorts);
    }

    void sendFromInside(long time, int index, InetSocketAddress to) {
        UdpEndpoint e = inside.get(index);
        insideApps.get(index).at(time, "send", () -> e.send(sim.now(), to, 20));
    }

    void sendFromPeer(long time, UdpEndpoint from, InetSocketAddress to) {
        int idx = from == peer7000 ? 0 : from == peer7001 ? 1 : 2;
        peerApps.get(idx).at(time, "send", () -> from.send(sim.now(), to, 20));
    }

    /** Where the peer saw packets come from, in order. */
    static List<InetSocketAddress> sources(UdpEndpoint e) {
        List<InetSocketAddress> out = new ArrayList<>();
        e.received.forEach(r -> out.add(r.from()));
        return out;
    }
}
