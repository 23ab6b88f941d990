package io.icelab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The translator answers as RFC 4787 §4 and §5 say for each mapping and filtering behaviour. */
class NatTranslatorTest {
    static final InetSocketAddress INSIDE = new InetSocketAddress("10.0.0.2", 5000);
    static final InetSocketAddress A = new InetSocketAddress("198.51.100.1", 3478);
    static final InetSocketAddress A_OTHER_PORT = new InetSocketAddress("198.51.100.1", 4000);
    static final InetSocketAddress B = new InetSocketAddress("198.51.100.2", 3478);

    static NatTranslator nat(NatConfig.Dependence mapping, NatConfig.Dependence filtering) throws Exception {
        return new NatTranslator(NatConfig.of(mapping, filtering), List.of(InetAddress.getByName("203.0.113.1")),
                new SplittableRandom(1));
    }

    @ParameterizedTest(name = "{0} mapping: a second destination {1} the mapping")
    @CsvSource({"ENDPOINT_INDEPENDENT, keeps", "ADDRESS_DEPENDENT, changes", "ADDRESS_AND_PORT_DEPENDENT, changes"})
    void mapping_perRfc4787Section4_1(NatConfig.Dependence mapping, String verdict) throws Exception {
        NatTranslator nat = nat(mapping, NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        NatTranslator.Result first = nat.outbound(0, INSIDE, A);
        NatTranslator.Result second = nat.outbound(1, INSIDE, B);
        assertThat(first.created()).isTrue();
        assertThat(first.address().getAddress().getHostAddress()).isEqualTo("203.0.113.1");
        assertThat(second.address().equals(first.address())).isEqualTo(verdict.equals("keeps"));
        assertThat(nat.outbound(2, INSIDE, A).address()).as("the same destination again").isEqualTo(first.address());
    }

    @ParameterizedTest(name = "{0} filtering: from the contacted address on another port {1}, another address {2}")
    @CsvSource({"ENDPOINT_INDEPENDENT, true, true", "ADDRESS_DEPENDENT, true, false",
            "ADDRESS_AND_PORT_DEPENDENT, false, false"})
    void filtering_perRfc4787Section5(NatConfig.Dependence filtering, boolean otherPort, boolean otherAddress)
            throws Exception {
        NatTranslator nat = nat(NatConfig.Dependence.ENDPOINT_INDEPENDENT, filtering);
        InetSocketAddress external = nat.outbound(0, INSIDE, A).address();
        assertThat(nat.inbound(1, external, A).address()).isEqualTo(INSIDE);
        assertThat(nat.inbound(1, external, A_OTHER_PORT).passes()).isEqualTo(otherPort);
        NatTranslator.Result fromB = nat.inbound(1, external, B);
        assertThat(fromB.passes()).isEqualTo(otherAddress);
        if (!otherAddress) {
            assertThat(fromB.drop()).isEqualTo(DropCause.NAT_FILTERED);
        }
    }

    @org.junit.jupiter.api.Test
    void aMappingExpires_andNothingComesInWithoutOne() throws Exception {
        NatTranslator nat = nat(NatConfig.Dependence.ENDPOINT_INDEPENDENT, NatConfig.Dependence.ENDPOINT_INDEPENDENT);
        InetSocketAddress external = nat.outbound(0, INSIDE, A).address();
        assertThat(nat.mappings(0)).isEqualTo(1);
        long later = NatConfig.DEFAULT_LIFETIME + 1;
        assertThat(nat.inbound(later, external, A).drop()).isEqualTo(DropCause.NAT_NO_MAPPING);
        assertThat(nat.inbound(0, new InetSocketAddress("203.0.113.1", 9), A).drop()).isEqualTo(DropCause.NAT_NO_MAPPING);
        assertThat(nat.drainLog()).anyMatch(l -> l.contains("created"));
    }

    @org.junit.jupiter.api.Test
    void onlyATranslatingNatIsATranslator() {
        assertThatThrownBy(() -> new NatTranslator(NatConfig.recommended().withMode(NatConfig.Mode.ROUTER), List.of(),
                new SplittableRandom(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAPT");
    }
}
