package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.CandidateType;
import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceSimTest {

    @Test
    void twoPublicHosts_connectHostToHost() {
        Simulation sim = new Simulation(1);
        Realm internet = sim.addRootRealm("internet");
        Host a = sim.addHost("alice");
        a.attach(internet, ip("198.51.100.1"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        Host b = sim.addHost("bob");
        b.attach(internet, ip("198.51.100.2"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        IceHost ia = new IceHost(sim, a, "ice", IceConfig.defaults(Role.CONTROLLING),
                List.of(List.of(at("198.51.100.1", 5000))));
        IceHost ib = new IceHost(sim, b, "ice", IceConfig.defaults(Role.CONTROLLED),
                List.of(List.of(at("198.51.100.2", 6000))));
        IceHost.pair(ia, ib, 50 * MS, true);
        ia.start(0);
        ib.start(0);
        sim.runUntil(() -> ia.connected() && ib.connected(), 30 * S);
        assertThat(ia.connected()).as(sim.log().text()).isTrue();
        assertThat(ib.connected()).isTrue();
        assertThat(ia.selected(1)[0].type()).isEqualTo(CandidateType.HOST);
        assertThat(ia.selected(1)[1].address()).isEqualTo(at("198.51.100.2", 6000));
        assertThat(ib.selected(1)[1].address()).isEqualTo(at("198.51.100.1", 5000));
    }

    @Test
    void twoComponents_rtpAndRtcp_bothConnect_andTimeToConnectedIsLogged() {
        Simulation sim = SimFixtures.internetWithStunServer(2);
        NatDevice an = sim.addNat("alice-nat", sim.realm("internet"), NatConfig.recommended(), List.of(ip("203.0.113.10")));
        Host a = sim.addHost("alice");
        a.attach(an.inside(), ip("192.168.1.10"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        Host b = sim.addHost("bob");
        b.attach(sim.realm("internet"), ip("198.51.100.30"), Impairments.latency(10 * MS), Impairments.latency(10 * MS));
        IceConfig stun = IceConfig.defaults(Role.CONTROLLING).withStunServers(List.of(at("198.51.100.1", 3478)));
        IceHost ia = new IceHost(sim, a, "ice", stun,
                List.of(List.of(at("192.168.1.10", 5000)), List.of(at("192.168.1.10", 5001))));
        IceHost ib = new IceHost(sim, b, "ice", IceConfig.defaults(Role.CONTROLLED),
                List.of(List.of(at("198.51.100.30", 6000)), List.of(at("198.51.100.30", 6001))));
        IceHost.pair(ia, ib, 50 * MS, false);
        ia.start(0);
        ib.start(0);
        assertThat(sim.runUntil(() -> ia.connected() && ib.connected(), 30 * S)).as(sim.log().text()).isTrue();
        assertThat(ia.selected(1)[0].component()).isEqualTo(1);
        assertThat(ia.selected(2)[0].address()).isEqualTo(at("203.0.113.10", 5001));
        assertThat(ib.selected(2)[1].address()).isEqualTo(at("203.0.113.10", 5001));
        assertThat(ia.selected(1)[0].priority()).as("component 1 ranks above 2").isGreaterThan(ia.selected(2)[0].priority());
        assertThat(sim.log().text()).containsPattern("alice:ice: connected: every component has a selected pair, \\d+ ms after start");
    }
}
