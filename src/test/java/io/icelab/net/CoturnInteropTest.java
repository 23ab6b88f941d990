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
import io.icelab.stun.TransportAddresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** icelab's STUN client and server against coturn 4.6's turnserver and tools, on loopback only. */
class CoturnInteropTest {
    static final long S = 1_000_000_000L;

    static ExternalTool turnserver(int port, String... extra) throws Exception {
        String bin = ExternalTool.require("turnserver", "coturn");
        List<String> cmd = ExternalTool.args(bin, "-n", "--listening-ip=127.0.0.1", "--listening-port=" + port,
                "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--verbose", "--simple-log",
                "--pidfile=target/interop-logs/turnserver-" + port + ".pid", "--no-auth");
        cmd.addAll(List.of(extra));
        ExternalTool t = ExternalTool.start("turnserver-" + port, cmd);
        if (!t.awaitOutput("UDP listener opened on", 10_000) && !t.awaitOutput("listener opened on", 1000)) {
            String out = t.output();
            t.close();
            throw new AssertionError("turnserver did not start:\n" + out);
        }
        return t;
    }

    @Test
    void ourBindingClient_getsTheRightMappedAddress_fromCoturn() throws Exception {
        int port = Loopback.freePortRange(1);
        try (ExternalTool coturn = turnserver(port); SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            InetSocketAddress local = rt.localAddresses().get(0);
            StunClient client = new StunClient(new SplittableRandom(1));
            client.send(rt.nowNanos(), StunRequest.binding(local, Loopback.v4(port)));
            List<StunClientEvent> events = new ArrayList<>();
            rt.drive(client, events::add, () -> !events.isEmpty(), 10 * S);
            assertThat(events).hasSize(1);
            StunClientEvent.Success ok = (StunClientEvent.Success) events.get(0);
            assertThat(ok.response().attribute(CoreAttribute.XorMappedAddress.class).address()).isEqualTo(local);
            assertThat(ok.response().attribute(CoreAttribute.Software.class).text()).startsWith("Coturn-");
        }
    }

    @Test
    void coturnStunClient_printsTheMappedAddressOurServerSaw() throws Exception {
        String bin = ExternalTool.require("turnutils_stunclient", "coturn");
        try (ServerThread<StunServerEvent> server = new ServerThread<>(List.of(Loopback.v4(0)),
                locals -> new StunServer(StunServer.Config.basic(locals.get(0))))) {
            int port = server.addresses().get(0).getPort();
            ExternalTool.Result r = ExternalTool.run("turnutils_stunclient", 30, bin, "-p", String.valueOf(port), "127.0.0.1");
            assertThat(r.exitCode()).as(r.output()).isZero();
            Matcher m = Pattern.compile("UDP reflexive addr: (127\\.0\\.0\\.1:\\d+)").matcher(r.output());
            assertThat(m.find()).as(r.output()).isTrue();
            String printed = m.group(1);
            assertThat(server.events).anyMatch(e -> e instanceof StunServerEvent.Answered a && a.errorCode() == 0
                    && TransportAddresses.format(a.client()).equals(printed));
        }
    }

    @Test
    void coturnNatDiscovery_againstOurRfc5780Server_onASecondPort() throws Exception {
        int port = Loopback.freePortRange(2);
        assertNatDiscoveryPasses(Loopback.at("127.0.0.1", port), Loopback.at("127.0.0.1", port + 1));
    }

    @Test
    void coturnNatDiscovery_againstOurRfc5780Server_onASecondLoopbackAddress() throws Exception {
        int port = Loopback.freePortRange(2);
        assertNatDiscoveryPasses(Loopback.at("127.0.0.1", port), Loopback.at("127.0.0.2", port + 1));
    }

    private static void assertNatDiscoveryPasses(InetSocketAddress primary, InetSocketAddress alternate) throws Exception {
        String bin = ExternalTool.require("turnutils_natdiscovery", "coturn");
        StunServer shape = new StunServer(StunServer.Config.rfc5780(primary, alternate));
        try (ServerThread<StunServerEvent> server = new ServerThread<>(shape.localAddresses(),
                locals -> new StunServer(StunServer.Config.rfc5780(primary, alternate)))) {
            ExternalTool.Result r = ExternalTool.run("turnutils_natdiscovery-" + alternate.getPort(), 60, bin,
                    "-m", "-f", "-p", String.valueOf(primary.getPort()), "127.0.0.1");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("NAT with Endpoint Independent Mapping!")
                    .contains("NAT with Endpoint Independent Filtering!")
                    .doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("timeout");
            // Its filtering test asked for another source address, and got it.
            assertThat(server.events).anyMatch(e -> e instanceof StunServerEvent.Answered a
                    && a.respondedFrom().equals(alternate));
        }
    }

    @Test
    void ourNatDiscovery_againstCoturnInRfc5780Mode() throws Exception {
        int port = Loopback.freePortRange(2);
        try (ExternalTool coturn = turnserver(port, "--listening-ip=127.0.0.2", "--alt-listening-port=" + (port + 1));
             SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            NatDiscoveryClient client = new NatDiscoveryClient(new SplittableRandom(3),
                    NatDiscoveryClient.Config.of(rt.localAddresses().get(0), Loopback.v4(port)));
            NatBehavior b = Discovery.run(rt, client, 30 * S);
            assertThat(b).as(coturn.output()).isNotNull();
            assertThat(b.outcome()).isEqualTo(NatBehavior.Outcome.NO_NAT);
            assertThat(b.mapping()).isEqualTo(NatBehavior.Mapping.ENDPOINT_INDEPENDENT);
            assertThat(b.filtering()).isEqualTo(NatBehavior.Filtering.ENDPOINT_INDEPENDENT);
            assertThat(b.notes()).noneMatch(n -> n.contains("OTHER-ADDRESS"));
        }
    }
}
