package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.IpLiteral;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** RFC 8445 §5.1.1.1: which addresses may be host candidates. */
class LocalCandidatesTest {
    private static boolean usable(String ip, boolean allowLoopback) {
        return LocalCandidates.usable(new InetSocketAddress(IpLiteral.parse(ip), 5000), allowLoopback);
    }

    @Test
    void ordinaryAddressesAreUsable() {
        for (String ip : new String[] {"192.0.2.1", "10.0.0.1", "2001:db8::1", "fd00::1", "2001:db8::c000:201"}) {
            assertThat(usable(ip, false)).as(ip).isTrue();
        }
    }

    @Test
    void ipv4CompatibleAndSiteLocalIpv6_areNever_evenWithLoopbackAllowed() {
        for (String ip : new String[] {"::198.51.100.77", "::0.0.0.2", "::0.1.0.0", "::1.0.0.0", "::0.0.1.0",
                "fec0::1", "feff::1"}) {
            assertThat(usable(ip, false)).as(ip).isFalse();
            assertThat(usable(ip, true)).as(ip + " with loopback allowed").isFalse();
        }
    }

    @Test
    void loopbackAndLinkLocal_onlyWhenAllowed() {
        for (String ip : new String[] {"127.0.0.1", "::1", "fe80::1", "169.254.1.1"}) {
            assertThat(usable(ip, false)).as(ip).isFalse();
            assertThat(usable(ip, true)).as(ip + " allowed").isTrue();
        }
    }
}
