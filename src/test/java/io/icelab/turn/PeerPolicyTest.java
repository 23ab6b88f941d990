package io.icelab.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which peers the TURN server refuses (RFC 8656 §9, §21.4: tunnelled addresses such as Teredo and 6to4 are
 * judged by the IPv4 address they carry; RFC 6890 special-purpose ranges).
 */
class PeerPolicyTest {
    private static final InetAddress SERVER = IpLiteral.parse("192.0.2.10");
    private static final PeerPolicy STRICT = PeerPolicy.strict(List.of(SERVER));

    private static InetAddress ip(String s) {
        return IpLiteral.parse(s);
    }

    @Test
    void eachStandardEmbedding_yieldsItsIpv4Address() {
        assertThat(PeerPolicy.embeddedIpv4(ip("::198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
        assertThat(PeerPolicy.embeddedIpv4(ip("64:ff9b::198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
        assertThat(PeerPolicy.embeddedIpv4(ip("64:ff9b:1::198.51.100.7"))).isEqualTo(ip("198.51.100.7"));
        assertThat(PeerPolicy.embeddedIpv4(ip("2002:c633:6407::1"))).as("6to4").isEqualTo(ip("198.51.100.7"));
        // Teredo: 2001:0::/32, the client's address inverted in the last 32 bits
        assertThat(PeerPolicy.embeddedIpv4(ip("2001:0:4136:e378:8000:63bf:39cc:9bf8"))).isEqualTo(ip("198.51.100.7"));
    }

    @Test
    void otherAddresses_embedNothing() {
        for (String s : new String[] {"::1", "::", "2001:db8::1", "64:ff9b:2::c633:6407", "2003::1", "2001:1::1",
                "198.51.100.7", "fe80::1"}) {
            assertThat(PeerPolicy.embeddedIpv4(ip(s))).as(s).isNull();
        }
    }

    @Test
    void tunnelledAddresses_areRefusedWhenWhatTheyCarryIs() {
        assertThat(STRICT.refusal(ip("2002:0a00:0001::1"))).as("6to4 of 10.0.0.1").contains("private");
        assertThat(STRICT.refusal(ip("2001:0:4136:e378:8000:63bf:f5ff:fffe"))).as("Teredo of 10.0.0.1").contains("private");
        assertThat(STRICT.refusal(ip("64:ff9b::7f00:1"))).as("NAT64 of 127.0.0.1").contains("loopback");
        assertThat(STRICT.refusal(ip("2002:c633:6407::1"))).as("6to4 of a public address").isNull();
        assertThat(STRICT.refusal(ip("::ffff:192.0.2.10"))).as("the server itself, mapped").isNull();
    }

    @Test
    void ranges_atTheirEdges() {
        assertThat(PeerPolicy.range(ip("172.15.255.255"))).isNull();
        assertThat(PeerPolicy.range(ip("172.16.0.0"))).isEqualTo(PeerRange.PRIVATE);
        assertThat(PeerPolicy.range(ip("172.31.255.255"))).isEqualTo(PeerRange.PRIVATE);
        assertThat(PeerPolicy.range(ip("172.32.0.0"))).isNull();
        assertThat(PeerPolicy.range(ip("100.63.255.255"))).isNull();
        assertThat(PeerPolicy.range(ip("100.64.0.0"))).isEqualTo(PeerRange.PRIVATE);
        assertThat(PeerPolicy.range(ip("100.127.255.255"))).isEqualTo(PeerRange.PRIVATE);
        assertThat(PeerPolicy.range(ip("100.128.0.0"))).isNull();
        assertThat(PeerPolicy.range(ip("127.0.0.1"))).isEqualTo(PeerRange.LOOPBACK);
        assertThat(PeerPolicy.range(ip("fec0::1"))).as("site-local").isEqualTo(PeerRange.SPECIAL);
        assertThat(PeerPolicy.range(ip("fe80::1"))).isNotNull();
        assertThat(PeerPolicy.range(ip("2001:2::1"))).as("benchmarking").isEqualTo(PeerRange.SPECIAL);
        assertThat(PeerPolicy.range(ip("2001:3::1"))).isNull();
        assertThat(PeerPolicy.range(ip("100::1"))).as("discard-only").isEqualTo(PeerRange.SPECIAL);
        // documentation prefixes are allowed, as TEST-NET-1..3 are: the simulator's internet is made of them
        assertThat(PeerPolicy.range(ip("2001:db8::1"))).isNull();
        assertThat(PeerPolicy.range(ip("2600::1"))).isNull();
    }

    @Test
    void multicastAndUnspecified_areRefused() {
        assertThat(STRICT.refusal(ip("224.0.0.1"))).contains("multicast");
        assertThat(STRICT.refusal(ip("0.0.0.0"))).contains("unspecified");
        assertThat(STRICT.refusal(ip("ff02::1"))).contains("multicast");
    }
}
