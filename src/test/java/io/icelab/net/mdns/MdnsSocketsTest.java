package io.icelab.net.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.Loopback;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The resolver and the responder on real sockets, by unicast on 127.0.0.1 (the default suite sends no multicast:
 * the interop suite runs them on the mDNS group inside its own namespace).
 */
class MdnsSocketsTest {
    @Test
    void aNameTheResponderGaveResolves_andAnUnknownOneDoesNot() throws Exception {
        InetAddress named = io.icelab.stun.IpLiteral.parse("127.0.0.7");
        MdnsResponder responder = new MdnsResponder(Loopback.v4(0));
        try (MdnsResponderSocket socket = MdnsResponderSocket.start(Loopback.v4(0), null, responder);
             MdnsResolver resolver = MdnsResolver.open(Loopback.v4(0).getAddress(), null, socket.address(),
                     new SplittableRandom(5))) {
            String name = socket.name(new SplittableRandom(6), named);
            assertThat(resolver.resolve(name)).isEqualTo(named);
            assertThat(resolver.resolve(name.toUpperCase(java.util.Locale.ROOT))).as("cached, any case").isEqualTo(named);
            assertThat(resolver.resolve("00000000-0000-4000-8000-000000000000.local")).isNull();
            // a peer may name as many hosts as it likes: the answers kept stay bounded
            SplittableRandom names = new SplittableRandom(7);
            for (int i = 0; i < MdnsResolver.MAX_KNOWN + 10; i++) {
                assertThat(resolver.resolve(socket.name(names, named))).isEqualTo(named);
            }
            assertThat(resolver.known()).isEqualTo(MdnsResolver.MAX_KNOWN);
        }
    }
}
