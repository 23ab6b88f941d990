package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.icelab.stun.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8839 §5 attributes. */
class IceSdpTest {

    /**
     * draft-ietf-mmusic-mdns-ice-candidates §3.1: a named host address shows its name; a server-reflexive candidate
     * whose related address is that host hides it (0.0.0.0, port 0); an unnamed address shows as it is.
     */
    @Test
    void formatCandidate_withHostNames_hidesTheNamedAddressEverywhere() throws Exception {
        InetAddress host = InetAddress.getByName("192.168.1.10");
        InetSocketAddress base = new InetSocketAddress(host, 5000);
        java.util.function.Function<InetAddress, String> names = a -> a.equals(host) ? "abc.local" : null;
        Candidate h = new Candidate("1", 1, Transport.UDP, 2130706431L, base, CandidateType.HOST, base, null, null);
        Candidate s = new Candidate("2", 1, Transport.UDP, 1694498815L, new InetSocketAddress(
                InetAddress.getByName("203.0.113.5"), 6000), CandidateType.SERVER_REFLEXIVE, base, base, null);
        assertThat(IceSdp.formatCandidate(h, names)).isEqualTo("a=candidate:1 1 UDP 2130706431 abc.local 5000 typ host");
        assertThat(IceSdp.formatCandidate(s, names))
                .isEqualTo("a=candidate:2 1 UDP 1694498815 203.0.113.5 6000 typ srflx raddr 0.0.0.0 rport 0");
        assertThat(IceSdp.formatCandidate(s)).endsWith("raddr 192.168.1.10 rport 5000");
        // and a resolver reads the name back
        assertThat(IceSdp.parseCandidate(IceSdp.formatCandidate(h, names), 1, n -> n.equals("abc.local") ? host : null)
                .address()).isEqualTo(base);
    }

    @Test
    void candidateLines_parseAndPrintBack() throws Exception {
        String host = "a=candidate:1 1 UDP 2130706431 192.168.1.10 5000 typ host";
        String srflx = "a=candidate:2 1 UDP 1694498815 203.0.113.10 40000 typ srflx raddr 192.168.1.10 rport 5000";
        String v6 = "a=candidate:3 2 UDP 2130706430 2001:db8::5 5001 typ host";
        for (String line : List.of(host, srflx, v6)) {
            assertThat(IceSdp.formatCandidate(IceSdp.parseCandidate(line, 1, HostnameResolver.NONE))).isEqualTo(line);
        }
        Candidate c = IceSdp.parseCandidate(srflx, 1, HostnameResolver.NONE);
        assertThat(c.type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
        assertThat(c.related()).isEqualTo(new InetSocketAddress("192.168.1.10", 5000));
        assertThat(c.priority()).isEqualTo(1694498815L);
    }

    @Test
    void tcpCandidates_areKeptWithTheirTcptype_andExtensionsIgnored() throws Exception {
        Candidate c = IceSdp.parseCandidate(
                "candidate:5 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 network-id 1", 3,
                HostnameResolver.NONE);
        assertThat(c.transport()).isEqualTo(Transport.TCP);
        assertThat(c.tcpType()).isEqualTo("active");
        assertThat(IceSdp.formatCandidate(c)).isEqualTo("a=candidate:5 1 TCP 1518280447 192.168.1.10 9 typ host tcptype active");
    }

    @Test
    void mdnsNames_goThroughTheResolver_unresolvableOnesAreIgnored() throws Exception {
        String line = "a=candidate:1 1 UDP 2130706431 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 54321 typ host";
        InetAddress ip = InetAddress.getByName("192.168.1.77");
        Candidate c = IceSdp.parseCandidate(line, 1, name -> name.endsWith(".local") ? ip : null);
        assertThat(c.address()).isEqualTo(new InetSocketAddress(ip, 54321));
        assertThat(IceSdp.parseCandidate(line, 1, HostnameResolver.NONE)).isNull();
        IceSdp.Description d = IceSdp.parse(List.of("a=ice-ufrag:abcd", "a=ice-pwd:0123456789012345678901",
                line, "a=candidate:2 1 UDP 1694498815 203.0.113.10 40000 typ srflx raddr 0.0.0.0 rport 0"),
                HostnameResolver.NONE);
        assertThat(d.candidates()).hasSize(1);
        assertThat(d.ignoredCandidates()).containsExactly(line);
    }

    @Test
    void sessionAttributes() throws Exception {
        IceSdp.Description d = IceSdp.parse(List.of("v=0", "a=ice-lite", "a=ice-options:trickle ice2",
                "a=ice-ufrag:F7gI", "a=ice-pwd:x9cml/YzichV2+XlhiMu8g", "a=end-of-candidates"), HostnameResolver.NONE);
        assertThat(d.lite()).isTrue();
        assertThat(d.trickle()).isTrue();
        assertThat(d.options()).containsExactly("trickle", "ice2");
        assertThat(d.ufrag()).isEqualTo("F7gI");
        assertThat(d.pwd()).isEqualTo("x9cml/YzichV2+XlhiMu8g");
        assertThat(d.endOfCandidates()).isTrue();
    }

    @Test
    void badLines_nameTheLineAndTheField() {
        record Bad(String line, String field, String text) {
        }
        List<Bad> bad = List.of(
                new Bad("a=ice-ufrag:abc", "ice-ufrag", "3 characters, must be 4..256"),
                new Bad("a=ice-pwd:short", "ice-pwd", "must be 22..256"),
                new Bad("a=ice-ufrag:ab-cd", "ice-ufrag", "'-' at 2 is not an ice-char"),
                new Bad("a=candidate:1 1 UDP 2130706431 192.168.1.10 5000 typ", "candidate", "7 fields"),
                new Bad("a=candidate:1 0 UDP 2130706431 192.168.1.10 5000 typ host", "component-id", "0 is outside 1..256"),
                new Bad("a=candidate:1 1 SCTP 2130706431 192.168.1.10 5000 typ host", "transport", "'SCTP'"),
                new Bad("a=candidate:1 1 UDP 99999999999 192.168.1.10 5000 typ host", "priority", "is not a number"),
                new Bad("a=candidate:1 1 UDP 2130706431 192.168.1.300 5000 typ host", "connection-address", "not an IP"),
                new Bad("a=candidate:1 1 UDP 2130706431 example.com 5000 typ host", "connection-address", "mDNS"),
                new Bad("a=candidate:1 1 UDP 2130706431 192.168.1.10 70000 typ host", "port", "70000 is outside"),
                new Bad("a=candidate:1 1 UDP 2130706431 192.168.1.10 5000 type host", "typ", "expected 'typ'"),
                new Bad("a=candidate:1 1 UDP 2130706431 192.168.1.10 5000 typ relayed", "cand-type", "'relayed'"),
                new Bad("a=candidate:1 1 TCP 2130706431 192.168.1.10 9 typ host", "tcptype", "needs tcptype"),
                new Bad("a=candidate:1 1 UDP 1694498815 203.0.113.10 4 typ srflx rport 5000", "rport", "before raddr"));
        for (Bad b : bad) {
            SdpParseException e = catchThrowableOfType(SdpParseException.class,
                    () -> IceSdp.parse(List.of("v=0", b.line()), HostnameResolver.NONE));
            assertThat(e).as(b.line()).isNotNull();
            assertThat(e.line()).as(b.line()).isEqualTo(2);
            assertThat(e.field()).as(b.line()).isEqualTo(b.field());
            assertThat(e.getMessage()).as(b.line()).startsWith("line 2, " + b.field() + ": ").contains(b.text());
        }
    }
}
