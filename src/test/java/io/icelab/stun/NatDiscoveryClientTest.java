package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** RFC 5780 discovery against our RFC 5780 server behind a test NAT with known behaviour. */
class NatDiscoveryClientTest {
    static final long S = 1_000_000_000L;
    static final InetSocketAddress PRIMARY = new InetSocketAddress("192.0.2.1", 3478);
    static final InetSocketAddress ALTERNATE = new InetSocketAddress("192.0.2.2", 3479);
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.2", 5000);
    static final InetSocketAddress LOCAL2 = new InetSocketAddress("10.0.0.2", 5001);

    static FakeNat nat(FakeNat.Dependence m, FakeNat.Dependence f, boolean hairpin) throws Exception {
        return new FakeNat(InetAddress.getByName("203.0.113.1"), m, f, hairpin, 120 * S);
    }

    static Stream<Arguments> all18() {
        List<Arguments> out = new ArrayList<>();
        for (FakeNat.Dependence m : FakeNat.Dependence.values()) {
            for (FakeNat.Dependence f : FakeNat.Dependence.values()) {
                out.add(Arguments.of(m, f, true));
                out.add(Arguments.of(m, f, false));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "mapping {0}, filtering {1}, hairpin {2}")
    @MethodSource("all18")
    void classifiesEveryCombination(FakeNat.Dependence m, FakeNat.Dependence f, boolean hairpin) throws Exception {
        NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(1),
                NatDiscoveryClient.Config.of(LOCAL, PRIMARY));
        NatBehavior b = FakeNat.discover(client, new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE)),
                nat(m, f, hairpin));
        assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NAT);
        assertThat(b.mapping().name()).isEqualTo(expected(m));
        assertThat(b.filtering().name()).isEqualTo(expected(f));
        // RFC 5780 §4.5 can only see hairpinning when the looped request passes the filter: with
        // endpoint-independent filtering, or endpoint-independent mapping (then it leaves through the same
        // binding, which thereby "contacted" its own address). Otherwise a hairpinning NAT still drops it.
        boolean visible = hairpin && (f == FakeNat.Dependence.ENDPOINT_INDEPENDENT
                || m == FakeNat.Dependence.ENDPOINT_INDEPENDENT);
        assertThat(b.hairpinning()).isEqualTo(visible ? NatBehavior.Hairpinning.SUPPORTED
                : NatBehavior.Hairpinning.NOT_SUPPORTED);
        if (!visible && m != FakeNat.Dependence.ENDPOINT_INDEPENDENT && f != FakeNat.Dependence.ENDPOINT_INDEPENDENT) {
            assertThat(b.notes()).anyMatch(n -> n.contains("masked by"));
        }
        assertThat(b.mappedAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.1");
    }

    private static String expected(FakeNat.Dependence d) {
        return switch (d) {
            case ENDPOINT_INDEPENDENT -> "ENDPOINT_INDEPENDENT";
            case ADDRESS -> "ADDRESS_DEPENDENT";
            case ADDRESS_AND_PORT -> "ADDRESS_AND_PORT_DEPENDENT";
        };
    }

    @Test
    void noNat_isReportedAsSuch() {
        NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(2),
                NatDiscoveryClient.Config.of(LOCAL, PRIMARY));
        NatBehavior b = FakeNat.discover(client, new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE)), null);
        assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NO_NAT);
        assertThat(b.filtering()).isEqualTo(NatBehavior.Filtering.ENDPOINT_INDEPENDENT);
        assertThat(b.mappedAddress()).isEqualTo(LOCAL);
    }

    @Test
    void serverWithoutRfc5780_leavesMappingAndFilteringUnknown_andSaysWhy() throws Exception {
        NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(3),
                NatDiscoveryClient.Config.of(LOCAL, PRIMARY));
        NatBehavior b = FakeNat.discover(client, new StunServer(StunServer.Config.basic(PRIMARY)),
                nat(FakeNat.Dependence.ENDPOINT_INDEPENDENT, FakeNat.Dependence.ENDPOINT_INDEPENDENT, true));
        assertThat(b.mapping()).isEqualTo(NatBehavior.Mapping.UNKNOWN);
        assertThat(b.filtering()).isEqualTo(NatBehavior.Filtering.UNKNOWN);
        assertThat(b.notes()).anyMatch(n -> n.contains("OTHER-ADDRESS"));
    }

    @Test
    void bindingLifetime_isFoundWithinTheSearchResolution() throws Exception {
        NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(4), new NatDiscoveryClient.Config(
                LOCAL, LOCAL2, PRIMARY, NatDiscoveryClient.Config.QUICK, false,
                new NatDiscoveryClient.LifetimeSearch(15 * S, 960 * S, 5 * S)));
        NatBehavior b = FakeNat.discover(client, new StunServer(StunServer.Config.rfc5780(PRIMARY, ALTERNATE)),
                nat(FakeNat.Dependence.ENDPOINT_INDEPENDENT, FakeNat.Dependence.ENDPOINT_INDEPENDENT, false));
        // The test NAT forgets a binding 120 s after its last outbound packet.
        assertThat(b.bindingLifetimeNanos()).isBetween(115 * S, 120 * S);
    }
}
