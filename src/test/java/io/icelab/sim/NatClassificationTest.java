package io.icelab.sim;

import static io.icelab.sim.SimFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Self-verification: the RFC 5780 discovery client runs unchanged inside the simulator against the
 * RFC 5780 server on the public realm, and classifies every configured mapping × filtering (9) ×
 * hairpinning (2) exactly as configured.
 */
class NatClassificationTest {

    static Stream<Arguments> all18() {
        List<Arguments> out = new ArrayList<>();
        for (NatConfig.Dependence m : NatConfig.Dependence.values()) {
            for (NatConfig.Dependence f : NatConfig.Dependence.values()) {
                out.add(Arguments.of(m, f, true));
                out.add(Arguments.of(m, f, false));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "mapping {0}, filtering {1}, hairpinning {2}")
    @MethodSource("all18")
    void discoveryClassifiesTheSimulatedNatAsConfigured(NatConfig.Dependence m, NatConfig.Dependence f, boolean hairpin) {
        Simulation sim = SimFixtures.internetWithStunServer(1);
        Host alice = SimFixtures.aliceBehind(sim, NatConfig.of(m, f)
                .withHairpinning(hairpin, NatConfig.HairpinSource.EXTERNAL));
        NatBehavior b = SimFixtures.discover(sim, alice,
                NatDiscoveryClient.Config.of(at("192.168.1.10", 5000), at("198.51.100.1", 3478)));
        String seed = "seed " + sim.seed();
        assertThat(b.outcome()).as(seed).isEqualTo(NatBehavior.Outcome.NAT);
        assertThat(b.mapping().name()).as(seed).isEqualTo(m.name());
        assertThat(b.filtering().name()).as(seed).isEqualTo(f.name());
        // RFC 5780 §4.5 sees hairpinning only when the looped request passes the filter (see NatDiscoveryClient):
        // with endpoint-independent mapping it comes from the mapping itself; otherwise from a second mapping on the
        // NAT's own address, which the client's endpoint has sent to by IP (not by port): RFC 4787 §5 filtering by
        // the internal endpoint admits it unless the filter is address-and-port-dependent.
        boolean visible = hairpin && (f != NatConfig.Dependence.ADDRESS_AND_PORT_DEPENDENT
                || m == NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        assertThat(b.hairpinning()).as(seed).isEqualTo(visible ? NatBehavior.Hairpinning.SUPPORTED
                : NatBehavior.Hairpinning.NOT_SUPPORTED);
        assertThat(b.mappedAddress().getAddress()).isEqualTo(SimFixtures.ip("203.0.113.1"));
        assertThat(b.mappedAddress().getPort()).as("port preservation").isEqualTo(5000);
    }
}
