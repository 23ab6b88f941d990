package io.icelab.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.Bytes;
import io.icelab.stun.IpLiteral;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings of client and server, the REST API credentials, and peer ranges at the edges of their fields. */
class TurnSettingsTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress(IpLiteral.parse("192.168.1.10"), 5000);
    static final InetSocketAddress SERVER = new InetSocketAddress(IpLiteral.parse("127.0.0.1"), 3478);

    @Test
    void clientConfig_eachWithSetsItsField() {
        TurnClient.Config c = TurnClient.Config.of(LOCAL, SERVER, "alice", "pw");
        assertThat(c.transport()).isEqualTo(Transport.UDP);
        assertThat(c.keepaliveNanos()).isEqualTo(TurnClient.Config.DEFAULT_KEEPALIVE);
        assertThat(c.withTransport(Transport.TCP).transport()).isEqualTo(Transport.TCP);
        assertThat(c.withFamily(2).family()).isEqualTo(2);
        assertThat(c.withSoftware("x/1").software()).isEqualTo("x/1");
        assertThat(c.withKeepalive(0).keepaliveNanos()).as("0: no keepalives").isZero();
        TurnClient.Config all = c.withDual().withDontFragment().withEvenPort(TurnClient.EvenPort.EVEN)
                .withReservationToken(7).withFamily(2);
        assertThat(all.dual()).isTrue();
        assertThat(all.dontFragment()).isTrue();
        assertThat(all.evenPort()).isEqualTo(TurnClient.EvenPort.EVEN);
        assertThat(all.reservationToken()).isEqualTo(7);
        assertThat(all.software()).isEqualTo(c.software());
        assertThatThrownBy(() -> c.withKeepalive(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverLimits_mustBePositive_andOwnAddressesAreRelayable() {
        assertThat(new TurnServer.Limits(1, 1).channelsPerAllocation()).isEqualTo(1);
        assertThatThrownBy(() -> new TurnServer.Limits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnServer.Limits(1, 0)).isInstanceOf(IllegalArgumentException.class);
        TurnServer.Config c = TurnServer.Config.of(List.of(SERVER), "icelab", new StaticUsers(Map.of()));
        // The strict policy refuses loopback peers, except the server's own addresses (relay to relay, RFC 8656 §9).
        assertThat(c.peers().refusal(IpLiteral.parse("127.0.0.1"))).isNull();
        assertThat(c.peers().refusal(IpLiteral.parse("127.0.0.2"))).contains("loopback");
    }

    /** coturn's REST API scheme: "expiry:user", the password base64(HMAC-SHA1(secret, username)); valid until expiry. */
    @Test
    void restApiUsers_passwordAndExpiry() {
        RestApiUsers users = new RestApiUsers("north", () -> 1000);
        assertThat(RestApiUsers.passwordFor("north", "1000:alice")).isEqualTo("6ANS2sM+SnH+pQyRUs6nGfTCfYk=");
        assertThat(users.password("1000:alice", "r")).as("valid in its last second").isEqualTo("6ANS2sM+SnH+pQyRUs6nGfTCfYk=");
        assertThat(users.password("999:alice", "r")).isNull();
        assertThat(users.password("soon:alice", "r")).isNull();
        assertThat(users.password("1000", "r")).isEqualTo(RestApiUsers.passwordFor("north", "1000"));
        assertThat(users.usernameForHash(Bytes.wrap(new byte[32]), "r")).isNull();
    }

    /** Fields of the special-purpose ranges that are not their first bytes: benchmarking is 2001:2::/48 only. */
    @Test
    void ipv6Ranges_lookAtEachField() {
        assertThat(PeerPolicy.range(IpLiteral.parse("2001:2::1"))).isEqualTo(PeerRange.SPECIAL);
        for (String s : new String[] {"2001:202::1", "2001:2:100::1", "2001:2:1::1", "100:0:0:1::1", "100:0:1::1"}) {
            assertThat(PeerPolicy.range(IpLiteral.parse(s))).as(s).isNull();
        }
        assertThat(PeerPolicy.range(IpLiteral.parse("100::1"))).as("discard-only").isEqualTo(PeerRange.SPECIAL);
    }

    /** An IPv4-mapped address held as IPv6 (the JDK turns parsed ones into IPv4) is judged by its IPv4 address. */
    @Test
    void ipv4Mapped_heldAsIpv6() throws Exception {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        b[12] = 127;
        b[15] = 1;
        InetAddress mapped = Inet6Address.getByAddress(null, b, -1);
        assertThat(PeerPolicy.embeddedIpv4(mapped)).isEqualTo(IpLiteral.parse("127.0.0.1"));
        PeerPolicy strict = PeerPolicy.strict(List.of(IpLiteral.parse("192.0.2.10")));
        assertThat(strict.refusal(mapped)).contains("loopback").contains("(embedded in ");
        b[10] = 1; // ::1ff:7f00:1 is neither mapped nor compatible
        assertThat(PeerPolicy.embeddedIpv4(Inet6Address.getByAddress(null, b, -1))).isNull();
        b[10] = (byte) 0xff;
        b[11] = 1;
        assertThat(PeerPolicy.embeddedIpv4(Inet6Address.getByAddress(null, b, -1))).isNull();
    }
}
