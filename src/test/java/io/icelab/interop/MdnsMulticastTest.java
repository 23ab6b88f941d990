package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.Loopback;
import io.icelab.net.mdns.MdnsQuerier;
import io.icelab.net.mdns.MdnsResolver;
import io.icelab.net.mdns.MdnsResponder;
import io.icelab.net.mdns.MdnsResponderSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RFC 6762 on the mDNS group itself, inside the interop namespace with multicast switched on for its {@code lo}:
 * icelab's responder on port 5353 joined to 224.0.0.251 answers icelab's one-shot queries sent to the group, by
 * unicast to the querier's own port (§6.7). (Neither browser answers or sends mDNS in this namespace: Firefox
 * signals .local names but its responder answers no query, on lo or on a private interface; Chromium signals no
 * name. The browser cases therefore connect through peer-reflexive candidates.)
 */
@Tag("interop")
class MdnsMulticastTest {
    @Test
    void icelabsResolver_findsIcelabsResponder_throughTheGroupOnLoopback() throws Exception {
        Interop.label("icelab mDNS (RFC 6762)", "one-shot query to the group on lo, answered by unicast");
        InetAddress named = io.icelab.stun.IpLiteral.parse("127.0.0.9");
        MdnsResponder responder = new MdnsResponder(new InetSocketAddress(5353));
        try (LoopbackMulticast multicast = LoopbackMulticast.enable();
             MdnsResponderSocket socket = MdnsResponderSocket.start(new InetSocketAddress(5353), multicast.loopback(),
                     responder);
             MdnsResolver resolver = MdnsResolver.open(Loopback.v4(0).getAddress(), multicast.loopback(),
                     MdnsQuerier.GROUP_V4, new SplittableRandom(21))) {
            String name = socket.name(new SplittableRandom(22), named);
            assertThat(resolver.resolve(name)).as("%s through 224.0.0.251:5353 on lo", name).isEqualTo(named);
            assertThat(resolver.resolve("00000000-0000-4000-8000-000000000001.local")).isNull();
        }
    }
}
