package io.icelab.sim;

import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.NatDiscoveryEvent;
import io.icelab.stun.StunServer;
import io.icelab.stun.StunServerEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Small topologies shared by the simulator tests. */
final class SimFixtures {
    static final long MS = SimTime.MS;
    static final long S = SimTime.S;

    private SimFixtures() {
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    /** The internet with an RFC 5780 STUN server on 198.51.100.1:3478 / 198.51.100.2:3479. */
    static Simulation internetWithStunServer(long seed) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        Host stun = sim.addHost("stun");
        stun.attach(internet, ip("198.51.100.1"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        stun.attach(internet, ip("198.51.100.2"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        StunServer server = new StunServer(StunServer.Config.rfc5780(at("198.51.100.1", 3478), at("198.51.100.2", 3479)));
        SimApp<StunServerEvent> app = stun.run("stun-server", server, server.localAddresses());
        app.at(0, "start", () -> { });
        return sim;
    }

    /** Alice behind a NAT "home" with external address 203.0.113.1. */
    static Host aliceBehind(Simulation sim, NatConfig config) {
        NatDevice home = sim.addNat("home", sim.realm("internet"), config, List.of(ip("203.0.113.1")),
                Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        Host alice = sim.addHost("alice");
        alice.attach(home.inside(), ip("192.168.1.10"), Impairments.latency(MS), Impairments.latency(MS));
        return alice;
    }

    /** Runs RFC 5780 discovery from {@code host} and returns its result. */
    static NatBehavior discover(Simulation sim, Host host, NatDiscoveryClient.Config config) {
        NatDiscoveryClient client = new NatDiscoveryClient(sim.random(host.name() + ":discovery"), config);
        List<InetSocketAddress> locals = new ArrayList<>(List.of(config.local()));
        if (config.secondLocal() != null) {
            locals.add(config.secondLocal());
        }
        List<NatBehavior> result = new ArrayList<>();
        SimApp<NatDiscoveryEvent> app = host.run("discovery", client, locals).onEvent(e -> {
            if (e instanceof NatDiscoveryEvent.Finished f) {
                result.add(f.behavior());
            }
        });
        app.at(sim.now(), "start", () -> client.start(sim.now()));
        if (!sim.runUntil(() -> !result.isEmpty(), sim.now() + 3 * 3600 * S)) {
            throw new AssertionError("discovery did not finish; seed " + sim.seed() + "\n" + sim.log().text());
        }
        return result.get(0);
    }
}
