package io.icelab.sim;

import static io.icelab.sim.SimFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each named profile, discovered from behind by the RFC 5780 client, is what its file says it is. */
class ProfilesClassifiedTest {

    @ParameterizedTest
    @ValueSource(strings = {"full-cone", "restricted-cone", "port-restricted-cone", "symmetric", "linux-masquerade",
            "cgn", "no-nat"})
    void discoveryAgreesWithTheProfile(String profile) {
        NatConfig config = NatProfiles.load(profile, Path.of("scenarios", "nat-profiles"));
        Simulation sim = SimFixtures.internetWithStunServer(3);
        Host alice = SimFixtures.aliceBehind(sim, config);
        NatBehavior b = SimFixtures.discover(sim, alice,
                NatDiscoveryClient.Config.of(at("192.168.1.10", 5000), at("198.51.100.1", 3478)));
        if (config.mode() == NatConfig.Mode.ROUTER) {
            assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NO_NAT);
            return;
        }
        assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NAT);
        assertThat(b.mapping().name()).isEqualTo(config.mapping().name());
        assertThat(b.filtering().name()).isEqualTo(config.filtering().name());
    }
}
