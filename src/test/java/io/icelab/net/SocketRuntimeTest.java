package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.NatBehavior;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import io.icelab.stun.StunServerEvent;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The same sans-IO objects the unit tests drive, on real loopback sockets. */
class SocketRuntimeTest {
    static final long S = 1_000_000_000L;

    @Test
    void ourClient_getsItsLoopbackAddress_fromOurServer() throws Exception {
        try (ServerThread<StunServerEvent> server = new ServerThread<>(List.of(Loopback.v4(0)),
                locals -> new StunServer(StunServer.Config.basic(locals.get(0))));
             SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            InetSocketAddress local = rt.localAddresses().get(0);
            StunClient client = new StunClient(new SplittableRandom(1));
            client.send(rt.nowNanos(), StunRequest.binding(local, server.addresses().get(0)));
            List<StunClientEvent> events = new ArrayList<>();
            assertThat(rt.drive(client, events::add, () -> !events.isEmpty(), 10 * S)).isTrue();
            StunClientEvent.Success ok = (StunClientEvent.Success) events.get(0);
            assertThat(ok.response().attribute(CoreAttribute.XorMappedAddress.class).address()).isEqualTo(local);
            assertThat(ok.source()).isEqualTo(server.addresses().get(0));
            assertThat(ok.rttNanos()).isPositive();
        }
    }

    @Test
    void natDiscovery_overRealSockets_onTwoLoopbackAddresses_findsNoNat() throws Exception {
        int port = Loopback.freePortRange(2);
        InetSocketAddress primary = Loopback.at("127.0.0.1", port);
        InetSocketAddress alternate = Loopback.at("127.0.0.2", port + 1);
        StunServer shape = new StunServer(StunServer.Config.rfc5780(primary, alternate));
        try (ServerThread<StunServerEvent> server = new ServerThread<>(shape.localAddresses(),
                locals -> new StunServer(StunServer.Config.rfc5780(primary, alternate)));
             SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(2),
                    NatDiscoveryClient.Config.of(rt.localAddresses().get(0), primary));
            NatBehavior b = Discovery.run(rt, client, 30 * S);
            assertThat(b).isNotNull();
            assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NO_NAT);
            assertThat(b.mapping()).isEqualTo(NatBehavior.Mapping.ENDPOINT_INDEPENDENT);
            assertThat(b.filtering()).isEqualTo(NatBehavior.Filtering.ENDPOINT_INDEPENDENT);
            assertThat(server.events).anyMatch(e -> e instanceof StunServerEvent.Answered a
                    && a.respondedFrom().equals(alternate));
        }
    }

    @Test
    void silentPeer_driveReturnsAtItsLimit_andCloseReleasesTheSockets() throws Exception {
        InetSocketAddress bound;
        try (SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            bound = rt.localAddresses().get(0);
            StunServer idle = new StunServer(StunServer.Config.basic(bound));
            assertThat(rt.drive(idle, e -> { }, () -> false, S / 10)).isFalse();
        }
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertThat(again.getLocalSocketAddress()).isEqualTo(bound);
        }
    }
}
