package io.icelab.sim;

import static io.icelab.sim.SimFixtures.MS;
import static io.icelab.sim.SimFixtures.S;
import static io.icelab.sim.SimFixtures.at;
import static io.icelab.sim.SimFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunClientEvent;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import io.icelab.stun.StunServerEvent;
import io.icelab.stun.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP in the simulator: the stack's applications send TCP datagrams as on real sockets, the host opens and accepts
 * connections, NATs translate TCP with mappings of its own (RFC 5382 §4.1), a UDP-blocking firewall lets TCP through,
 * and the capture holds real TCP segments that tshark dissects without a complaint.
 */
class SimTcpTest {
    static final InetSocketAddress SERVER = at("198.51.100.1", 3478);
    static final InetSocketAddress ALICE = at("192.168.1.10", 5000);

    /** A STUN server listening on UDP and TCP 3478, and alice behind {@code nat}. */
    static Simulation world(long seed, NatConfig nat) {
        Simulation sim = new Simulation(seed);
        Realm internet = sim.addRootRealm("internet");
        Host stun = sim.addHost("stun");
        stun.attach(internet, SERVER.getAddress(), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        StunServer server = new StunServer(StunServer.Config.basic(SERVER));
        SimApp<StunServerEvent> app = stun.run("stun-server", server, List.of(SERVER));
        stun.listenTcp(app, SERVER, StreamFramer.Framing.STUN);
        NatDevice home = sim.addNat("home", internet, nat, List.of(ip("203.0.113.1")), Impairments.latency(10 * MS),
                Impairments.latency(10 * MS));
        Host alice = sim.addHost("alice");
        alice.attach(home.inside(), ALICE.getAddress(), Impairments.latency(MS), Impairments.latency(MS));
        return sim;
    }

    /** RFC 8489 §6.2.2: a Binding over TCP from alice; the events of her client. */
    static List<StunClientEvent> bindingOverTcp(Simulation sim) {
        Host alice = sim.host("alice");
        StunClient client = new StunClient(sim.random("alice:client"));
        List<StunClientEvent> events = new ArrayList<>();
        SimApp<StunClientEvent> app = alice.run("client", client, List.of(ALICE)).onEvent(events::add);
        alice.tcpFraming(app, StreamFramer.Framing.STUN);
        app.at(0, "binding over TCP", () -> client.send(sim.now(), new StunRequest(Transport.TCP, ALICE, SERVER,
                Method.BINDING, List.of(), null, true)));
        sim.runUntil(() -> !events.isEmpty(), 60 * S);
        return events;
    }

    @Test
    void aBindingOverTcp_throughANat_learnsTheTcpMapping() {
        Simulation sim = world(1, NatConfig.recommended());
        List<StunClientEvent> events = bindingOverTcp(sim);
        assertThat(events).hasSize(1).first().isInstanceOfSatisfying(StunClientEvent.Success.class, ok -> {
            CoreAttribute.XorMappedAddress x = ok.response().attribute(CoreAttribute.XorMappedAddress.class);
            assertThat(x.address().getAddress()).isEqualTo(ip("203.0.113.1"));
            // the answer came back on the connection: the same two addresses
            assertThat(ok.source()).isEqualTo(SERVER);
            assertThat(ok.local()).isEqualTo(ALICE);
        });
        // handshake, request and answer: 1 ms + 10 ms + 5 ms each way, so the answer lands after two round trips
        assertThat(sim.now()).isEqualTo(4 * 16 * MS);
        assertThat(sim.log().text()).contains("alice:tcp: Connected 192.168.1.10:5000 > 198.51.100.1:3478",
                "stun:tcp: Connected 198.51.100.1:3478 > 203.0.113.1:");
    }

    @Test
    void aUdpBlockingFirewall_letsTcpThrough_butNotUdp() {
        Simulation sim = world(2, NatConfig.recommended().withMode(NatConfig.Mode.UDP_BLOCKED));
        assertThat(bindingOverTcp(sim)).first().isInstanceOf(StunClientEvent.Success.class);
        Host alice = sim.host("alice");
        StunClient udp = new StunClient(sim.random("alice:udp"));
        List<StunClientEvent> events = new ArrayList<>();
        InetSocketAddress local = at("192.168.1.10", 5001);
        alice.run("udp-client", udp, List.of(local)).onEvent(events::add)
                .at(sim.now(), "binding over UDP", () -> udp.send(sim.now(), StunRequest.binding(local, SERVER)));
        sim.runUntil(() -> !events.isEmpty(), sim.now() + 60 * S);
        assertThat(events).first().isInstanceOf(StunClientEvent.Failure.class);
        assertThat(sim.drops()).containsKey(DropCause.UDP_BLOCKED);
    }

    @Test
    void aClosedTcpPort_answersRst_andTheRequestFails() {
        Simulation sim = world(3, NatConfig.recommended());
        Host alice = sim.host("alice");
        StunClient client = new StunClient(sim.random("alice:client"));
        List<StunClientEvent> events = new ArrayList<>();
        SimApp<StunClientEvent> app = alice.run("client", client, List.of(ALICE)).onEvent(events::add);
        InetSocketAddress closed = at("198.51.100.1", 3479);
        app.at(0, "binding to a closed port", () -> client.send(sim.now(), new StunRequest(Transport.TCP, ALICE,
                closed, Method.BINDING, List.of(), null, true)));
        sim.runUntil(sim.now() + 5 * S);
        assertThat(sim.log().text()).contains("alice:tcp: Refused 192.168.1.10:5000 > 198.51.100.1:3479");
    }

    /** RFC 9293 §3.7.1: the SYN announces the link's MTU less 40 bytes; data segments stay within the peer's. */
    @Test
    void theMss_followsTheLinkMtu_andLargeMessagesGoInSegmentsThatFit() {
        Simulation sim = new Simulation(5);
        Realm internet = sim.addRootRealm("internet");
        Host server = sim.addHost("server");
        server.attach(internet, SERVER.getAddress(), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        TcpMessenger s = new TcpMessenger();
        SimApp<String> sa = server.run("m", s, List.of(SERVER));
        server.listenTcp(sa, SERVER, StreamFramer.Framing.RFC4571);
        Host alice = sim.addHost("alice");
        InetSocketAddress local = at("198.51.100.7", 5000);
        alice.attach(internet, local.getAddress(), Impairments.latency(MS).withMtu(1280), Impairments.latency(MS).withMtu(1280));
        TcpMessenger a = new TcpMessenger();
        SimApp<String> aa = alice.run("m", a, List.of(local));
        List<SimPacket> fromAlice = new ArrayList<>();
        sim.capture((t, tap, p) -> {
            if (p.source().equals(local) && tap.equals("internet")) {
                fromAlice.add(p);
            }
        });
        String big = "x".repeat(5000);
        aa.at(0, "send", () -> a.send(local, SERVER, big));
        sim.runUntil(5 * S);
        assertThat(s.received()).extracting(d -> d.payload().utf8()).containsExactly(big);
        assertThat(fromAlice).as("nothing dropped for the MTU").allMatch(p -> p.wireSize() <= 1280);
        assertThat(sim.drops()).doesNotContainKey(DropCause.MTU);
        assertThat(fromAlice.get(0).payload().length()).as("the SYN: 20-byte header and the MSS option").isEqualTo(24);
        assertThat(fromAlice.get(0).payload().get(22) << 8 | fromAlice.get(0).payload().get(23))
                .as("MSS = 1280 - 40").isEqualTo(1240);
    }

    /** Same seed, same bytes: the capture and the event log of a TCP run; another seed draws other sequence numbers. */
    @Test
    void tcpRuns_areByteForByteReproducible_fromTheSeed(@TempDir Path dir) throws Exception {
        byte[][] pcaps = new byte[3][];
        String[] logs = new String[3];
        long[] seeds = {42, 42, 43};
        for (int i = 0; i < 3; i++) {
            Simulation sim = world(seeds[i], NatConfig.recommended());
            Path pcap = dir.resolve("run" + i + ".pcap");
            try (PcapCapture capture = new PcapCapture(pcap)) {
                sim.capture(capture);
                bindingOverTcp(sim);
                sim.runUntil(sim.now() + 130 * S); // through TIME-WAIT's end and the idle connections
            }
            pcaps[i] = Files.readAllBytes(pcap);
            logs[i] = sim.log().text();
        }
        assertThat(pcaps[1]).isEqualTo(pcaps[0]);
        assertThat(logs[1]).isEqualTo(logs[0]);
        assertThat(pcaps[2]).as("another seed, other initial sequence numbers").isNotEqualTo(pcaps[0]);
    }

    @Test
    void theCapture_holdsTcpThatTsharkDissects_withGoodChecksums(@TempDir Path dir) throws Exception {
        boolean tshark = Files.isExecutable(Path.of("/usr/bin/tshark"));
        if (!tshark && System.getenv("CI") != null) {
            throw new AssertionError("tshark is not installed, but CI must have it: .ci/run installs it");
        }
        assumeTrue(tshark, "tshark not installed (apt-get install tshark); skipped outside CI");
        Simulation sim = world(4, NatConfig.recommended());
        Path pcap = dir.resolve("tcp.pcap");
        try (PcapCapture capture = new PcapCapture(pcap)) {
            sim.capture(capture);
            assertThat(bindingOverTcp(sim)).first().isInstanceOf(StunClientEvent.Success.class);
        }
        String all = tshark(pcap, "");
        String syn = tshark(pcap, "tcp.flags.syn == 1");
        String stun = tshark(pcap, "stun");
        String bad = tshark(pcap, "tcp.checksum.status == 0 || ip.checksum.status == 0 || _ws.malformed || _ws.expert.severity >= 0x00600000");
        // SYN, SYN-ACK, ACK, request, ACK, answer: six segments, each inside and outside the NAT
        assertThat(all.lines().count()).as(all).isEqualTo(12);
        assertThat(syn.lines().count()).as("SYN and SYN-ACK on each side of the NAT:\n" + syn).isEqualTo(4);
        assertThat(stun.lines().count()).as("the request and the answer, each seen twice:\n" + stun).isEqualTo(4);
        assertThat(bad).as("frames tshark flags").isEmpty();
    }

    private static String tshark(Path pcap, String filter) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-o", "tcp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE"));
        if (!filter.isEmpty()) {
            cmd.addAll(List.of("-Y", filter));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // one line per frame ("  3 0.020000000 ..."); tshark's own notes (running as root) are not frames
        return out.lines().filter(l -> l.matches("\\s*\\d+ \\d+\\.\\d+ .*")).collect(java.util.stream.Collectors.joining("\n"));
    }
}
