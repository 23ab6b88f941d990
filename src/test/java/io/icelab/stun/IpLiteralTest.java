package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Addresses read from SDP and topologies are literals only: a string InetAddress.getByName would have
 * looked up in DNS ("192.168.1.300", a host name, a zone id) is refused without a query.
 */
class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.300", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "example.com", "a.local", "fe80::1%eth0",
            "1.2.3.-4", "", " 1.2.3.4", "::g", "[::1]"})
    void nonLiterals_areRefused(String s) {
        assertThat(IpLiteral.parse(s)).as(s).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::7", "::ffff:192.0.2.1", "64:ff9b::1.2.3.4"})
    void literals_parse(String s) throws Exception {
        assertThat(IpLiteral.parse(s)).as(s).isEqualTo(InetAddress.getByName(s));
    }
}
