package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.ice.Candidate;
import io.icelab.ice.CandidateType;
import io.icelab.ice.IceAgent;
import io.icelab.ice.IceConfig;
import io.icelab.ice.IceEvent;
import io.icelab.ice.Role;
import io.icelab.net.EchoPeer;
import io.icelab.net.Loopback;
import io.icelab.net.TurnExchange;
import io.icelab.net.SocketRuntime;
import io.icelab.sim.PcapCapture;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * icelab against coturn 4.6 (the project's icelab/coturn image, or the machine's turnserver with
 * -Dicelab.interop=local): the TURN client's whole exchange over IPv4 and IPv6, and two icelab ICE
 * agents that may only use coturn's relay. Every capture lints clean, coturn's MESSAGE-INTEGRITY included.
 */
@Tag("interop")
class CoturnTest {
    static final String FEATURE = "icelab ↔ coturn";
    /** The version the images and .ci/run install (Debian bookworm's coturn). */
    static final String COTURN = "coturn 4.6.1";

    /** turnserver on {@code ip}:port with relays on {@code ip}, user u:p in realm r, loopback peers allowed. */
    static Service coturn(String name, String ip, int port, int relayMin) throws Exception {
        return Service.start(name, "coturn", "turnserver", List.of("-n", "--listening-ip=" + ip, "--relay-ip=" + ip,
                "--listening-port=" + port, "--min-port=" + relayMin, "--max-port=" + (relayMin + 50),
                "--lt-cred-mech", "--user=u:p", "--realm=r", "--no-tls", "--no-dtls", "--no-cli",
                "--allow-loopback-peers", "--fingerprint", "--log-file=stdout", "--verbose", "--simple-log",
                "--pidfile=/tmp/icelab-" + name + ".pid"), "listener opened on", Duration.ofSeconds(60));
    }

    /** coturn with a TLS listener on {@code port + 1} presenting the test's certificate (copied into a container). */
    static Service coturnTls(String name, int port, int relayMin, io.icelab.net.TestCertificates certs) throws Exception {
        return Service.start(name, "coturn", "turnserver", List.of("-n", "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1", "--listening-port=" + port, "--tls-listening-port=" + (port + 1),
                "--cert=" + certs.cert(), "--pkey=" + certs.key(), "--min-port=" + relayMin,
                "--max-port=" + (relayMin + 50), "--lt-cred-mech", "--user=u:p", "--realm=r", "--no-dtls", "--no-cli",
                "--allow-loopback-peers", "--fingerprint", "--log-file=stdout", "--verbose", "--simple-log",
                "--pidfile=/tmp/icelab-" + name + ".pid"), "listener opened on", Duration.ofSeconds(60),
                List.of(certs.cert(), certs.key()));
    }

    /**
     * RFC 6062: icelab's client with a TCP allocation through coturn, both ways (Connect to a TCP echo peer, 20
     * messages back whole; a peer connecting in, announced, bound, answered); the capture lints clean.
     */
    @Test
    void ourClient_tcpAllocation_rfc6062_bothWays() throws Exception {
        Interop.label(FEATURE, "RFC 6062: icelab's client with a TCP allocation through coturn, both ways");
        Interop.cell("coturn", COTURN, "TCP");
        Interop.requireLoopbackOnly();
        int port = Loopback.freePortRange(1);
        Path pcap = Interop.captureFile("coturn-tcp-allocation");
        try (Service server = coturn("coturn-tcp-allocation", "127.0.0.1", port, Loopback.freePortRange(60));
             SocketRuntime rt = SocketRuntime.open(List.of());
             PcapCapture capture = new PcapCapture(pcap)) {
            rt.tap(CaptureCheck.tap(capture));
            io.icelab.net.TcpAllocationExchange.run(rt, Loopback.v4(port));
        }
        CaptureCheck.sidecar(pcap, "icelab's TURN client with a TCP allocation (RFC 6062) and coturn on loopback, from "
                + "io.icelab.interop", List.of(), List.<String[]>of(new String[] {"u", "r", "p"}));
        CaptureCheck.Result r = CaptureCheck.lintsClean(pcap);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "Connect Success",
                "ConnectionBind Success", "ConnectionAttempt Indication");
    }

    /**
     * coturn's turnutils_uclient against icelab's TURN server (in this JVM, its capture written and linted): with
     * TCP allocations (RFC 6062, -T: Connect, ConnectionAttempt and ConnectionBind between two clients) and over
     * TLS with client-to-client channels (-S -t -y), every message back.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "uclient {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-T", "-S -t -y"})
    void coturnUclient_throughIcelabsServer(String mode, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Interop.label("coturn turnutils_uclient ↔ icelab TURN server", "uclient " + mode + " through icelab's server");
        Interop.cell("coturn", COTURN, mode.contains("T") ? "TCP" : "relay via icelab");
        Interop.requireLoopbackOnly();
        io.icelab.net.TestCertificates certs = io.icelab.net.TestCertificates.in(dir);
        String name = "uclient" + mode.replace(" ", "");
        Path pcap = Interop.captureFile("icelab-turn-" + name);
        int relayBase = Loopback.freePortRange(100);
        java.util.concurrent.atomic.AtomicReference<InetSocketAddress> tls = new java.util.concurrent.atomic.AtomicReference<>();
        Service.Run run;
        try (Driven<io.icelab.turn.TurnServer, io.icelab.turn.TurnServerEvent> server = new Driven<>("icelab-turn-" + name,
                List.of(Loopback.v4(0)), pcap, (rt, now) -> {
                    InetSocketAddress listen = rt.localAddresses().get(0);
                    try {
                        rt.listenTcp(listen);
                        tls.set(rt.listenTls(Loopback.v4(0), io.icelab.net.TlsFiles.server(certs.cert(), certs.key())));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    io.icelab.turn.TurnServer.Config config = io.icelab.turn.TurnServer.Config.of(List.of(listen, tls.get()),
                            "r", io.icelab.stun.StaticUsers.of("u", "p"))
                            .withPeers(io.icelab.turn.PeerPolicy.loopbackAllowed(List.of(listen.getAddress())));
                    return new io.icelab.turn.TurnServer(config, new io.icelab.net.RuntimeRelayAllocator(rt,
                            listen.getAddress(), relayBase, relayBase + 99), new io.icelab.net.RuntimeTcpRelays(rt,
                            listen.getAddress(), relayBase, relayBase + 99), new SplittableRandom(12));
                })) {
            int port = mode.contains("-S") ? tls.get().getPort() : server.address().getPort();
            List<String> args = new ArrayList<>(List.of("-p", String.valueOf(port), "-u", "u", "-w", "p", "-n", "20",
                    "-m", "1", "-e", "127.0.0.1"));
            args.addAll(List.of(mode.split(" ")));
            args.add("127.0.0.1");
            run = Service.runToEnd(name, "coturn", "turnutils_uclient", args, Duration.ofSeconds(60));
        }
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Total lost packets 0 (0.000000%)").containsPattern("tot_recv_msgs=[1-9]");
        CaptureCheck.sidecar(pcap, "coturn's turnutils_uclient " + mode + " and icelab's TURN server on loopback"
                + (mode.contains("-S") ? " (TLS decrypted at the runtime)" : "") + ", from io.icelab.interop", List.of(),
                List.<String[]>of(new String[] {"u", "r", "p"}));
        CaptureCheck.Result r = CaptureCheck.lintsClean(pcap);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success");
        if (mode.equals("-T")) {
            assertThat(r.analysis().stunCounts()).containsKeys("Connect Success", "ConnectionBind Success",
                    "ConnectionAttempt Indication");
        }
    }

    /** RFC 8656 §3.1 turns: icelab's client over TLS to coturn's TLS listener; the capture, decrypted, lints clean. */
    @Test
    void ourClient_overTls(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Interop.label(FEATURE, "icelab's TURN client over TLS to coturn");
        Interop.requireLoopbackOnly();
        io.icelab.net.TestCertificates certs = io.icelab.net.TestCertificates.in(dir);
        int port = Loopback.freePortRange(2);
        int relayMin = Loopback.freePortRange(60);
        Path pcap = Interop.captureFile("coturn-turn-tls");
        InetAddress addr = InetAddress.getByName("127.0.0.1");
        try (Service server = coturnTls("coturn-turn-tls", port, relayMin, certs);
             EchoPeer peer = new EchoPeer(new InetSocketAddress(addr, 0));
             SocketRuntime rt = SocketRuntime.open(List.of());
             PcapCapture capture = new PcapCapture(pcap)) {
            rt.tap(CaptureCheck.tap(capture));
            InetSocketAddress turn = new InetSocketAddress(addr, port + 1);
            InetSocketAddress local = rt.connectTls(turn, io.icelab.net.TlsFiles.client(certs.cert()));
            TurnClient c = new TurnClient(new SplittableRandom(4), TurnClient.Config.of(local, turn, "u", "p")
                    .withTransport(io.icelab.stun.Transport.TCP));
            TurnExchange.run(rt, c, peer.address(), addr, relayMin, relayMin + 50);
        }
        CaptureCheck.sidecar(pcap, "icelab's TURN client over TLS (decrypted at the runtime) and coturn on loopback, "
                + "from io.icelab.interop", List.of(), List.<String[]>of(new String[] {"u", "r", "p"}));
        CaptureCheck.Result r = CaptureCheck.lintsClean(pcap);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "ChannelBind Success", "ChannelData");
        assertThat(r.integrityChecked()).isGreaterThan(4);
    }

    private void turnClient(String name, String ip, int family) throws Exception {
        turnClient(name, ip, family, io.icelab.stun.Transport.UDP);
    }

    private void turnClient(String name, String ip, int family, io.icelab.stun.Transport transport) throws Exception {
        Interop.requireLoopbackOnly();
        InetAddress addr = InetAddress.getByName(ip);
        int port = Loopback.freePortRange(1);
        int relayMin = Loopback.freePortRange(60);
        Path pcap = Interop.captureFile(name);
        InetSocketAddress any = new InetSocketAddress(addr, 0);
        List<TurnClientEvent> events;
        try (Service server = coturn(name, ip, port, relayMin);
             EchoPeer peer = new EchoPeer(any);
             SocketRuntime rt = SocketRuntime.open(any);
             PcapCapture capture = new PcapCapture(pcap)) {
            rt.tap(CaptureCheck.tap(capture));
            InetSocketAddress turn = new InetSocketAddress(addr, port);
            InetSocketAddress local = transport == io.icelab.stun.Transport.TCP ? rt.connectTcp(turn)
                    : rt.localAddresses().get(0);
            TurnClient c = new TurnClient(new SplittableRandom(3), TurnClient.Config.of(local, turn, "u", "p")
                    .withFamily(family).withTransport(transport));
            events = TurnExchange.run(rt, c, peer.address(), addr, relayMin, relayMin + 50);
        }
        CaptureCheck.sidecar(pcap, "icelab's TURN client and coturn on loopback, from io.icelab.interop",
                List.of(), List.<String[]>of(new String[] {"u", "r", "p"}));
        CaptureCheck.Result r = CaptureCheck.lintsClean(pcap);
        assertThat(events).anyMatch(e -> e instanceof TurnClientEvent.ChannelBound);
        assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "CreatePermission Success",
                "ChannelBind Success", "Refresh Success", "Send Indication", "Data Indication", "ChannelData");
        assertThat(r.integrityChecked()).as("our requests and coturn's answers").isGreaterThanOrEqualTo(10);
    }

    @Test
    void turnClient_ipv4_allocatePermissionChannelData() throws Exception {
        Interop.label(FEATURE, "TURN client over IPv4");
        turnClient("coturn-turn-ipv4", "127.0.0.1", 1);
    }

    /** RFC 8656 §3.1: the same exchange with the client on a TCP connection to coturn (relay still UDP). */
    @Test
    void turnClient_overTcp_allocatePermissionChannelData() throws Exception {
        Interop.label(FEATURE, "TURN client over TCP");
        turnClient("coturn-turn-tcp", "127.0.0.1", 1, io.icelab.stun.Transport.TCP);
    }

    @Test
    void turnClient_ipv6_allocatePermissionChannelData() throws Exception {
        Interop.label(FEATURE, "TURN client over IPv6");
        turnClient("coturn-turn-ipv6", "::1", 2);
    }

    /** Two icelab agents with a relay-only policy meet on coturn's relayed addresses. */
    @Test
    void twoIcelabAgents_relayOnly_throughCoturn() throws Exception {
        Interop.label(FEATURE, "ICE relay-only through coturn");
        Interop.cell("coturn", COTURN, "relay via coturn");
        relayOnlyThroughCoturn("coturn-ice-relay", IceConfig.TurnTransport.UDP);
    }

    /** The same with the agents reaching coturn over TCP (RFC 8656 §3.1): relayed candidates obtained over TCP. */
    @Test
    void twoIcelabAgents_relayOnly_throughCoturn_overTcp() throws Exception {
        Interop.label(FEATURE, "ICE relay-only through coturn, reached over TCP");
        Interop.cell("coturn", COTURN, "TCP");
        relayOnlyThroughCoturn("coturn-ice-relay-tcp", IceConfig.TurnTransport.TCP);
    }

    private void relayOnlyThroughCoturn(String name, IceConfig.TurnTransport transport) throws Exception {
        Interop.requireLoopbackOnly();
        int port = Loopback.freePortRange(1);
        int relayMin = Loopback.freePortRange(60);
        Path pcapA = Interop.captureFile(name + "-controlling");
        Path pcapB = Interop.captureFile(name + "-controlled");
        List<String[]> ice = new ArrayList<>();
        Candidate[] selectedA;
        Candidate[] selectedB;
        String receivedByB;
        String receivedByA;
        try (Service server = coturn(name, "127.0.0.1", port, relayMin);
             Driven<IceAgent, IceEvent> a = agent("controlling", Role.CONTROLLING, port, transport, pcapA);
             Driven<IceAgent, IceEvent> b = agent("controlled", Role.CONTROLLED, port, transport, pcapB)) {
            List<Candidate> candA = gathered(a);
            List<Candidate> candB = gathered(b);
            assertThat(candA).isNotEmpty().allMatch(c -> c.type() == CandidateType.RELAYED);
            assertThat(candB).isNotEmpty().allMatch(c -> c.type() == CandidateType.RELAYED);
            String[] credA = a.read(x -> new String[] {x.localUfrag(), x.localPwd()});
            String[] credB = b.read(x -> new String[] {x.localUfrag(), x.localPwd()});
            ice.add(credA);
            ice.add(credB);
            introduce(a, credB, candB);
            introduce(b, credA, candA);
            a.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(15));
            b.await(IceEvent.SelectedPairChanged.class, e -> true, 0, Duration.ofSeconds(15));
            selectedA = a.read(x -> x.selectedPair(1, 1));
            selectedB = b.read(x -> x.selectedPair(1, 1));
            a.call((x, now) -> x.send(1, 1, "from the controlling agent".getBytes()));
            receivedByB = b.await(IceEvent.DataReceived.class, e -> true, 0, Duration.ofSeconds(5)).data().utf8();
            b.call((x, now) -> x.send(1, 1, "from the controlled agent".getBytes()));
            receivedByA = a.await(IceEvent.DataReceived.class, e -> true, 0, Duration.ofSeconds(5)).data().utf8();
        }
        assertThat(selectedA[0].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(selectedA[1].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(selectedB[0].type()).isEqualTo(CandidateType.RELAYED);
        assertThat(selectedA[1].address()).isEqualTo(selectedB[0].address());
        assertThat(selectedA[0].address().getPort()).isBetween(relayMin, relayMin + 50);
        assertThat(receivedByB).isEqualTo("from the controlling agent");
        assertThat(receivedByA).isEqualTo("from the controlled agent");
        for (Path pcap : List.of(pcapA, pcapB)) {
            CaptureCheck.sidecar(pcap, "an icelab ICE agent (relay only) and coturn on loopback, from io.icelab.interop",
                    ice, List.<String[]>of(new String[] {"u", "r", "p"}));
            CaptureCheck.Result r = CaptureCheck.lintsClean(pcap);
            assertThat(r.analysis().stunCounts()).containsKeys("Allocate Success", "CreatePermission Success");
        }
    }

    private static Driven<IceAgent, IceEvent> agent(String name, Role role, int turnPort,
            IceConfig.TurnTransport transport, Path pcap) throws Exception {
        IceConfig config = IceConfig.defaults(role).withLoopback(true).withTurnServers(List.of(
                new IceConfig.TurnServer(Loopback.v4(turnPort), "u", "p", transport))).withRelayOnly();
        return new Driven<>(name, List.of(Loopback.v4(0)), pcap, (rt, now) -> {
            if (transport == IceConfig.TurnTransport.TCP) {
                rt.openTcpOnSend(Loopback.v4(turnPort), io.icelab.stun.StreamFramer.Framing.STUN, null);
            }
            IceAgent x = new IceAgent(config, new SplittableRandom(name.hashCode()));
            x.addStream(List.of(List.of(rt.localAddresses().get(0))));
            x.gather(now);
            return x;
        });
    }

    private static List<Candidate> gathered(Driven<IceAgent, IceEvent> d) {
        d.await(IceEvent.GatheringComplete.class, e -> true, 0, Duration.ofSeconds(15));
        return d.events.stream().map(Driven.Timed::event).filter(e -> e instanceof IceEvent.CandidateGathered)
                .map(e -> ((IceEvent.CandidateGathered) e).candidate()).toList();
    }

    private static void introduce(Driven<IceAgent, IceEvent> d, String[] cred, List<Candidate> candidates) {
        d.call((x, now) -> {
            x.setRemoteCredentials(1, cred[0], cred[1]);
            for (Candidate c : candidates) {
                x.addRemoteCandidate(now, 1, Candidate.remote(c.foundation(), c.component(), c.priority(), c.address(),
                        c.type(), c.related()));
            }
            x.endOfRemoteCandidates(now, 1);
            return null;
        });
    }
}
