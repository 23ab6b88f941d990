package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icelab.stun.IpLiteral;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Values at the edges of their ranges: SDP fields (RFC 8839), candidates, agent settings, the consent interval. */
class IceEdgesTest {
    private static final String UFRAG = "a=ice-ufrag:";
    private static final String HOST = " 192.168.1.10 5000 typ host";

    private static IceSdp.Description parse(String... lines) throws SdpParseException {
        return IceSdp.parse(List.of(lines), HostnameResolver.NONE);
    }

    private static SdpParseException refused(String line) {
        return catchThrowableOfType(SdpParseException.class, () -> parse(line));
    }

    /** RFC 8839 §5.4: 4..256 ice-chars for the ufrag, 22..256 for the password; every ice-char class at its ends. */
    @Test
    void credentials_lengthsAndCharactersAtTheirEdges() throws Exception {
        assertThat(parse(UFRAG + "azAZ").ufrag()).isEqualTo("azAZ");
        assertThat(parse(UFRAG + "09+/").ufrag()).isEqualTo("09+/");
        assertThat(parse(UFRAG + "a".repeat(256)).ufrag()).hasSize(256);
        assertThat(refused(UFRAG + "a".repeat(257))).hasMessageContaining("257 characters, must be 4..256");
        assertThat(parse("a=ice-pwd:" + "p".repeat(22)).pwd()).hasSize(22);
        assertThat(refused("a=ice-pwd:" + "p".repeat(21))).hasMessageContaining("must be 22..256");
        for (char c : new char[] {'`', '{', '@', '[', ':', '.'}) {
            assertThat(refused(UFRAG + "abc" + c)).as("'%s'", c).hasMessageContaining("'" + c + "' at 3 is not an ice-char");
        }
    }

    /** RFC 8839 §5.1: component 1..256, priority 1..2^32-1, port 0..65535, and each extension needs its value. */
    @Test
    void candidateNumbers_atTheirEdges() throws Exception {
        assertThat(parse("a=candidate:1 256 UDP 4294967295" + HOST).candidates().get(0).component()).isEqualTo(256);
        assertThat(parse("a=candidate:1 1 UDP 1 192.168.1.10 65535 typ host").candidates().get(0).address().getPort())
                .isEqualTo(65535);
        assertThat(refused("a=candidate:1 257 UDP 1" + HOST)).hasMessageContaining("257 is outside 1..256");
        assertThat(refused("a=candidate:1 1 UDP 4294967296" + HOST)).hasMessageContaining("4294967296 is outside");
        assertThat(refused("a=candidate:1 1 UDP 0" + HOST)).hasMessageContaining("0 is outside");
        assertThat(refused("a=candidate:1 1 UDP 1" + HOST + " raddr")).hasMessageContaining("has no value");
        assertThat(refused("a=candidate:1 1 UDP 1" + HOST + " generation 0 network-id")).hasMessageContaining("has no value");
        Candidate srflx = parse("a=candidate:2 1 UDP 1694498815 203.0.113.10 40000 typ srflx raddr 192.168.1.10 rport 5000 "
                + "generation 0").candidates().get(0);
        assertThat(srflx.related()).isEqualTo(new InetSocketAddress(IpLiteral.parse("192.168.1.10"), 5000));
        assertThat(refused("a=candidate:2 1 UDP 1 203.0.113.10 4 typ srflx raddr 192.168.1.10 rport 65536"))
                .hasMessageContaining("65536 is outside");
        assertThat(refused("a=candidate:2 1 UDP 1 203.0.113.10 4 typ srflx raddr 192.168.1.10"))
                .hasMessageContaining("raddr without rport");
        Candidate tcp = parse("a=candidate:3 1 TCP 1 192.168.1.10 9 typ host tcptype active").candidates().get(0);
        assertThat(tcp.tcpType()).isEqualTo("active");
        assertThat(tcp.transport()).isEqualTo(Transport.TCP);
        assertThat(refused("a=candidate:3 1 TCP 1 192.168.1.10 9 typ host tcptype both"))
                .hasMessageContaining("'both' is not active, passive or so");
        assertThat(parse("a=ice-options:ice2").trickle()).isFalse();
    }

    @Test
    void candidateRecord_andAgentSettings_atTheirEdges() {
        InetSocketAddress a = new InetSocketAddress(IpLiteral.parse("192.168.1.10"), 5000);
        assertThat(new Candidate("1", 256, Transport.UDP, 0xffffffffL, a, CandidateType.HOST, a, null, null).component())
                .isEqualTo(256);
        assertThatThrownBy(() -> new Candidate("1", 257, Transport.UDP, 1, a, CandidateType.HOST, a, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Candidate("1", 1, Transport.UDP, 0x100000000L, a, CandidateType.HOST, a, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        IceConfig d = IceConfig.defaults(Role.CONTROLLING);
        assertThat(d.withTa(1).taNanos()).isEqualTo(1);
        assertThat(d.withMaxPairs(1).maxPairs()).isEqualTo(1);
        assertThat(d.withConsentTimeout(1).consentTimeoutNanos()).isEqualTo(1);
        assertThatThrownBy(() -> d.withTa(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxPairs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withConsentTimeout(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * RFC 6062 §4.1: a TCP allocation is asked for over TCP or TLS, never UDP; a server listed twice is refused (one
     * allocation per base and server), and the message names its address, not its password.
     */
    @Test
    void turnServers_tcpAllocationNeedsAStream_andEachServerIsListedOnce() {
        InetSocketAddress turn = new InetSocketAddress(IpLiteral.parse("192.0.2.10"), 3478);
        IceConfig.TurnServer udp = new IceConfig.TurnServer(turn, "u", "secret-pass");
        assertThat(udp.withTcpAllocation().transport()).isEqualTo(IceConfig.TurnTransport.TCP);
        assertThat(new IceConfig.TurnServer(turn, "u", "p", IceConfig.TurnTransport.TLS).withTcpAllocation().transport())
                .isEqualTo(IceConfig.TurnTransport.TLS);
        assertThatThrownBy(() -> new IceConfig.TurnServer(turn, "u", "p", IceConfig.TurnTransport.UDP,
                IceConfig.Allocation.TCP)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 6062");
        assertThatThrownBy(() -> IceConfig.defaults(Role.CONTROLLING).withTurnServers(List.of(udp, udp.withTcpAllocation())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.10")
                .hasMessageNotContaining("secret-pass");
    }

    /** RFC 7675 §5.1: the consent interval is uniform in 0.8..1.2 times the configured one. */
    @Test
    void consentInterval_spansPoint8To1Point2() {
        for (double r : new double[] {0.0, 0.5, 0.9999}) {
            RandomGenerator fixed = new RandomGenerator() {
                @Override
                public long nextLong() {
                    return 0;
                }

                @Override
                public double nextDouble() {
                    return r;
                }
            };
            long interval = ConsentFreshness.interval(IceConfig.defaults(Role.CONTROLLING).consentIntervalNanos(), fixed);
            assertThat(interval).as("draw %s", r).isEqualTo((long) (5_000_000_000L * (0.8 + 0.4 * r)));
        }
    }
}
