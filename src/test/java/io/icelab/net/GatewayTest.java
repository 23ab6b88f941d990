package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A runtime's gateway: the protocol addresses an endpoint by its name, the datagram goes to the socket address the
 * gateway gives, and the answer comes back under the name. Loopback only: the name is a documentation address that
 * is never sent to.
 */
class GatewayTest {
    static final InetSocketAddress NAME = new InetSocketAddress("198.51.100.7", 7000);

    /** Sends one datagram to {@link #NAME} and keeps what comes back. */
    static final class Asker implements SansIo<Void> {
        final Queue<Datagram> out = new ArrayDeque<>();
        final List<Datagram> answers = new ArrayList<>();

        @Override
        public void handleDatagram(long now, Datagram d) {
            answers.add(d);
        }

        @Override
        public Datagram pollTransmit(long now) {
            return out.poll();
        }

        @Override
        public Void pollEvent() {
            return null;
        }
    }

    @Test
    void theProtocolSeesTheName_theWireTheRealAddress() throws Exception {
        try (EchoPeer echo = new EchoPeer(Loopback.v4(0)); SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            InetSocketAddress real = echo.address();
            List<InetSocketAddress> onTheWire = new ArrayList<>();
            rt.tap((now, from, to, payload) -> onTheWire.add(to.equals(rt.localAddresses().get(0)) ? from : to));
            rt.gateway(new SocketRuntime.Gateway() {
                @Override
                public InetSocketAddress outbound(InetSocketAddress to) {
                    return to.equals(NAME) ? real : to;
                }

                @Override
                public InetSocketAddress inbound(InetSocketAddress from) {
                    return from.equals(real) ? NAME : from;
                }
            });
            Asker a = new Asker();
            a.out.add(new Datagram(Transport.UDP, rt.localAddresses().get(0), NAME, Bytes.wrap("hello".getBytes())));
            assertThat(rt.drive(a, e -> { }, () -> !a.answers.isEmpty(), 5_000_000_000L)).isTrue();
            assertThat(a.answers.get(0).remote()).as("the answer, under the name").isEqualTo(NAME);
            assertThat(onTheWire).as("the tap sees the wire").containsOnly(real);
        }
    }
}
