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
}
