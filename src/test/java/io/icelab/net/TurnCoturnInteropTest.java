package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.StaticUsers;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** icelab's TURN client against coturn's turnserver, and coturn's turnutils_uclient against icelab's server. */
class TurnCoturnInteropTest {
    static final long S = 1_000_000_000L;

    static ExternalTool coturn(String ip, int port, int minRelay) throws Exception {
        String bin = ExternalTool.require("turnserver", "coturn");
        ExternalTool t = ExternalTool.start("coturn-turn-" + port, ExternalTool.args(bin, "-n",
                "--listening-ip=" + ip, "--relay-ip=" + ip, "--listening-port=" + port,
                "--min-port=" + minRelay, "--max-port=" + (minRelay + 50), "--lt-cred-mech", "--user=u:p", "--realm=r",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--fingerprint", "--log-file=stdout",
                "--verbose", "--simple-log", "--pidfile=target/interop-logs/coturn-turn-" + port + ".pid"));
        if (!t.awaitOutput("listener opened on", 10_000)) {
            String out = t.output();
            t.close();
            throw new AssertionError("turnserver did not start:\n" + out);
        }
        return t;
    }

    /** coturn with a TLS listener on {@code port + 1} presenting the test's certificate. */
    static ExternalTool coturnTls(int port, int minRelay, TestCertificates certs) throws Exception {
        String bin = ExternalTool.require("turnserver", "coturn");
        ExternalTool t = ExternalTool.start("coturn-tls-" + port, ExternalTool.args(bin, "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--tls-listening-port=" + (port + 1), "--cert=" + certs.cert(), "--pkey=" + certs.key(),
                "--min-port=" + minRelay, "--max-port=" + (minRelay + 50), "--lt-cred-mech", "--user=u:p", "--realm=r",
                "--no-dtls", "--no-cli", "--allow-loopback-peers", "--fingerprint", "--log-file=stdout", "--verbose",
                "--simple-log", "--pidfile=target/interop-logs/coturn-tls-" + port + ".pid"));
        if (!t.awaitOutput("listener opened on", 10_000)) {
            String out = t.output();
            t.close();
            throw new AssertionError("turnserver did not start:\n" + out);
        }
        return t;
    }

    static <T extends TurnClientEvent> T await(SocketRuntime rt, TurnClient c, List<TurnClientEvent> seen, Class<T> kind)
            throws Exception {
        return TurnExchange.await(rt, c, seen, kind);
    }

    private void clientAgainstCoturn(String ip, int family) throws Exception {
        clientAgainstCoturn(ip, family, (t, from, to, payload) -> { });
    }

    private void clientAgainstCoturn(String ip, int family, SocketRuntime.Tap tap) throws Exception {
        int port = Loopback.freePortRange(1);
        int relayBase = Loopback.freePortRange(60);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName(ip), 0);
        try (ExternalTool server = coturn(ip, port, relayBase);
             EchoPeer peer = new EchoPeer(any);
             SocketRuntime rt = SocketRuntime.open(any)) {
            rt.tap(tap);
            InetSocketAddress peerAddress = peer.address();
            TurnClient c = new TurnClient(new SplittableRandom(1), new TurnClient.Config(rt.localAddresses().get(0),
                    new InetSocketAddress(InetAddress.getByName(ip), port),
                    io.icelab.stun.StunCredentials.LongTerm.of("u", "p"), 600, family, false, "icelab", false, TurnClient.EvenPort.NONE, 0));
            TurnExchange.run(rt, c, peerAddress, InetAddress.getByName(ip), relayBase, relayBase + 50);
        }
    }

    @Test
    void ourClient_againstCoturn_ipv4_indicationsChannelsRefreshDelete() throws Exception {
        clientAgainstCoturn("127.0.0.1", 1);
    }

    /**
     * The same exchange recorded from our side into a pcap lints clean with its credentials, coturn's
     * MESSAGE-INTEGRITY included; one flipped byte inside an authenticated message is flagged.
     */
    @Test
    void aLiveCaptureOfOurClientAndCoturn_lintsClean_andAFlippedByteIsFlagged(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pcap = dir.resolve("turn-client-coturn.pcap");
        long[] first = {-1};
        try (io.icelab.sim.PcapCapture capture = new io.icelab.sim.PcapCapture(pcap)) {
            clientAgainstCoturn("127.0.0.1", 1, (t, from, to, payload) -> {
                if (first[0] < 0) {
                    first[0] = t;
                }
                capture.packet(t - first[0], "lo", new io.icelab.sim.SimPacket(0, from, to, payload));
            });
        }
        java.nio.file.Files.writeString(dir.resolve("turn-client-coturn.pcap.credentials.yaml"),
                "# coturn 4.6 on loopback, started by TurnCoturnInteropTest\nturn: [{ user: u, realm: r, password: p }]\n");
        String keep = System.getProperty("icelab.record"); // e.g. captures/recorded: refresh the checked-in copy
        if (keep != null) {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(keep));
            for (String name : List.of("turn-client-coturn.pcap", "turn-client-coturn.pcap.credentials.yaml")) {
                java.nio.file.Files.copy(dir.resolve(name), java.nio.file.Path.of(keep, name),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        io.icelab.replay.CaptureAnalysis a = io.icelab.replay.CaptureAnalysis.of(pcap);
        assertThat(a.stunCounts()).containsKeys("Allocate Request", "Allocate Error", "Allocate Success",
                "CreatePermission Success", "ChannelBind Success", "Refresh Success", "Send Indication",
                "Data Indication", "ChannelData");
        io.icelab.replay.Credentials creds = io.icelab.replay.Credentials.forCapture(pcap);
        List<io.icelab.replay.Finding> findings = io.icelab.replay.CaptureLint.lint(a, creds);
        assertThat(findings).noneMatch(f -> f.severity() != io.icelab.replay.Finding.Severity.INFO);
        String summary = findings.stream().filter(f -> f.rule().equals("RFC8489-14.5")).findFirst().orElseThrow().text();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("checked on (\\d+) message.*; (\\d+) could not")
                .matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(10); // requests and coturn's answers
        assertThat(Integer.parseInt(m.group(2))).as(summary).isZero();

        io.icelab.replay.CapturedMessage perm = a.messages().stream().filter(x -> x.content()
                instanceof io.icelab.replay.CapturedMessage.Stun s && s.message().method().equals(
                io.icelab.stun.Method.CREATE_PERMISSION) && s.message().messageClass()
                == io.icelab.stun.MessageClass.SUCCESS_RESPONSE).findFirst().orElseThrow();
        List<io.icelab.replay.RawFrame> frames = new ArrayList<>(io.icelab.replay.CaptureFile.read(pcap));
        io.icelab.replay.RawFrame f = frames.get(perm.frame() - 1);
        byte[] bytes = f.bytes().clone();
        bytes[bytes.length - 12] ^= 0x01; // inside coturn's MESSAGE-INTEGRITY (FINGERPRINT follows it)
        frames.set(perm.frame() - 1, new io.icelab.replay.RawFrame(f.number(), f.timeNanos(), f.linkType(), bytes));
        assertThat(io.icelab.replay.CaptureLint.lint(io.icelab.replay.CaptureAnalysis.of(pcap, frames), creds))
                .anyMatch(x -> x.rule().startsWith("RFC8489-14.") && x.frame() == perm.frame()
                        && x.severity() == io.icelab.replay.Finding.Severity.ERROR && x.text().contains("its request"));
    }

    /**
     * RFC 8656 §3.1: our client reaches coturn over TCP; the relay to the peer stays UDP. The session,
     * captured as TCP segments from our side, reassembles and lints clean with every MESSAGE-INTEGRITY checked.
     */
    @Test
    void ourClient_againstCoturn_overTcp_andItsCaptureLintsClean(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int port = Loopback.freePortRange(1);
        int relayBase = Loopback.freePortRange(60);
        InetSocketAddress server = Loopback.v4(port);
        java.nio.file.Path pcap = dir.resolve("turn-tcp-coturn.pcap");
        try (ExternalTool coturn = coturn("127.0.0.1", port, relayBase);
             EchoPeer peer = new EchoPeer(Loopback.v4(0));
             SocketRuntime rt = SocketRuntime.open(List.of());
             io.icelab.sim.PcapCapture capture = new io.icelab.sim.PcapCapture(pcap)) {
            rt.tap(new SocketRuntime.Tap() {
                @Override
                public void packet(long t, InetSocketAddress from, InetSocketAddress to, io.icelab.stun.Bytes payload) {
                    capture.packet(t, "lo", new io.icelab.sim.SimPacket(0, from, to, payload));
                }

                @Override
                public void packet(long t, io.icelab.stun.Transport transport, InetSocketAddress from,
                        InetSocketAddress to, io.icelab.stun.Bytes payload) {
                    if (transport == io.icelab.stun.Transport.TCP) {
                        capture.tcpSegment(t, "lo", from, to, payload.toArray());
                    } else {
                        packet(t, from, to, payload);
                    }
                }
            });
            InetSocketAddress local = rt.connectTcp(server);
            TurnClient c = new TurnClient(new SplittableRandom(4), TurnClient.Config.of(local, server, "u", "p")
                    .withTransport(io.icelab.stun.Transport.TCP));
            TurnExchange.run(rt, c, peer.address(), InetAddress.getByName("127.0.0.1"), relayBase, relayBase + 50);
            assertThat(rt.tcpConnections()).isEqualTo(1);
            assertThat(coturn.output()).contains("TCP");
        }
        java.nio.file.Files.writeString(dir.resolve("turn-tcp-coturn.pcap.credentials.yaml"),
                "turn: [{ user: u, realm: r, password: p }]\n");
        io.icelab.replay.CaptureAnalysis a = io.icelab.replay.CaptureAnalysis.of(pcap);
        assertThat(a.stunCounts()).containsKeys("Allocate Success", "CreatePermission Success", "ChannelBind Success",
                "Send Indication", "Data Indication", "ChannelData", "Refresh Success");
        assertThat(a.messages()).filteredOn(m -> m.transport().equals("tcp")).hasSizeGreaterThan(10);
        List<io.icelab.replay.Finding> findings = io.icelab.replay.CaptureLint.lint(a,
                io.icelab.replay.Credentials.forCapture(pcap));
        assertThat(findings).as(findings.toString()).noneMatch(f -> f.severity() != io.icelab.replay.Finding.Severity.INFO);
        assertThat(findings).anyMatch(f -> f.rule().equals("RFC8489-14.5") && f.text().contains("; 0 could not"));
    }

    /**
     * RFC 6062 with icelab's client against coturn, both ways: a TCP allocation; Connect to a TCP echo peer, a data
     * connection bound to it and 20 messages echoed back whole; then a peer connecting to the relayed address is
     * announced by ConnectionAttempt, bound, and bytes cross both ways.
     */
    @Test
    void ourClient_againstCoturn_tcpAllocation_rfc6062_bothWays() throws Exception {
        int port = Loopback.freePortRange(1);
        try (ExternalTool coturn = coturn("127.0.0.1", port, Loopback.freePortRange(60))) {
            try (SocketRuntime rt = SocketRuntime.open(List.of())) {
                TcpAllocationExchange.run(rt, Loopback.v4(port));
            }
        }
    }

    /** The same exchange, icelab's client against icelab's server on real sockets. */
    @Test
    void ourClient_againstOurServer_tcpAllocation_rfc6062_bothWays() throws Exception {
        try (ServerThread<TurnServerEvent> server = ourServer(Loopback.freePortRange(100), 7, c -> c)) {
            try (SocketRuntime rt = SocketRuntime.open(List.of())) {
                TcpAllocationExchange.run(rt, server.addresses().get(0));
            }
        }
    }

    @Test
    void ourClient_againstCoturn_ipv6OnLoopback() throws Exception {
        clientAgainstCoturn("::1", 2);
    }

    /** icelab's TURN server on loopback, relaying to loopback peers, its configuration adjusted by {@code tweak}. */
    static ServerThread<TurnServerEvent> ourServer(int relayBase, long seed,
            java.util.function.UnaryOperator<TurnServer.Config> tweak) throws java.io.IOException {
        // The TCP listener takes the UDP socket's port number, which another (client) TCP socket may hold: then a
        // new UDP port is drawn, a few times at most.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOurServer(relayBase, seed, tweak);
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.net.BindException) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static ServerThread<TurnServerEvent> startOurServer(int relayBase, long seed,
            java.util.function.UnaryOperator<TurnServer.Config> tweak) throws java.io.IOException {
        return new ServerThread<>(List.of(Loopback.v4(0)), rt -> {
            InetSocketAddress listen = rt.localAddresses().get(0);
            try {
                rt.listenTcp(listen); // clients may also come over TCP (RFC 8656 §3.1)
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            TurnServer.Config config = TurnServer.Config.of(List.of(listen), "r", StaticUsers.of("u", "p"))
                    .withPeers(PeerPolicy.loopbackAllowed(List.of(listen.getAddress())));
            return new TurnServer(tweak.apply(config), new RuntimeRelayAllocator(rt, listen.getAddress(), relayBase,
                    relayBase + 99), new RuntimeTcpRelays(rt, listen.getAddress(), relayBase, relayBase + 99),
                    new SplittableRandom(seed));
        }, true);
    }

    private static ExternalTool echoPeer(int port) throws Exception {
        String peerBin = ExternalTool.require("turnutils_peer", "coturn");
        ExternalTool peer = ExternalTool.start("turnutils_peer-" + port,
                ExternalTool.args(peerBin, "-L", "127.0.0.1", "-p", String.valueOf(port)));
        Thread.sleep(200); // turnutils_peer binds its port; no readiness line to wait for
        return peer;
    }

    private static ExternalTool.Result runUclient(int serverPort, int peerPort, String password, String... extra)
            throws Exception {
        String bin = ExternalTool.require("turnutils_uclient", "coturn");
        List<String> cmd = ExternalTool.args(bin, "-p", String.valueOf(serverPort), "-u", "u", "-w", password, "-e",
                "127.0.0.1", "-r", String.valueOf(peerPort), "-n", "20");
        cmd.addAll(List.of(extra));
        cmd.add("127.0.0.1");
        return ExternalTool.run("turnutils_uclient-" + serverPort + String.join("", extra) + password, 60,
                cmd.toArray(new String[0]));
    }

    /** Runs coturn's uclient against our server; returns its exit code and output. */
    private static ExternalTool.Result uclient(String password, String... extra) throws Exception {
        int peerPort = Loopback.freePortRange(1);
        try (ExternalTool peer = echoPeer(peerPort);
             ServerThread<TurnServerEvent> server = ourServer(Loopback.freePortRange(100), 5, c -> c)) {
            return runUclient(server.addresses().get(0).getPort(), peerPort, password, extra);
        }
    }

    @Test
    void coturnUclient_againstOurServer_channelMode_zeroLoss() throws Exception {
        ExternalTool.Result r = uclient("p");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
    }

    @Test
    void coturnUclient_againstOurServer_indicationMode_threeClients_zeroLoss() throws Exception {
        ExternalTool.Result r = uclient("p", "-s", "-m", "3");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
    }

    /** RFC 8656 §3.1: coturn's uclient reaches our server over TCP; ChannelData comes and goes padded (§12.5). */
    @Test
    void coturnUclient_overTcp_channelMode_zeroLoss() throws Exception {
        ExternalTool.Result r = uclient("p", "-t");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
    }

    @Test
    void coturnUclient_overTcp_indicationMode_zeroLoss() throws Exception {
        ExternalTool.Result r = uclient("p", "-t", "-s");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
    }

    /**
     * RFC 6062: coturn's uclient with TCP relaying (-T: two clients, each a TCP allocation, one Connects to the
     * other's relayed address, the other gets a ConnectionAttempt, both ConnectionBind data connections) sends
     * its messages through our server and gets every one back.
     */
    @Test
    void coturnUclient_tcpAllocations_rfc6062_zeroLoss() throws Exception {
        ExternalTool.Result r = uclient("p", "-T", "-m", "1");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("2 connections are completed").contains("tot_send_msgs=40, tot_recv_msgs=40")
                .contains("Total lost packets 0 (0.000000%)");
    }

    /** RFC 8656 §3.1 turns: coturn's uclient over TLS (-S -t) to our TLS listener: channels and 0 lost. */
    @Test
    void coturnUclient_overTls_zeroLoss(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ExternalTool.Result r = uclientOverTls(dir, "-S", "-t");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
    }

    /** TLS to the server and TCP allocations (RFC 6062) together: coturn's uclient -S -T, 40 of 40 back. */
    @Test
    void coturnUclient_overTls_tcpAllocations_zeroLoss(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ExternalTool.Result r = uclientOverTls(dir, "-S", "-T", "-m", "1");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("tot_send_msgs=40, tot_recv_msgs=40").contains("Total lost packets 0 (0.000000%)");
    }

    private static ExternalTool.Result uclientOverTls(java.nio.file.Path dir, String... extra) throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        java.util.concurrent.atomic.AtomicReference<InetSocketAddress> tls = new java.util.concurrent.atomic.AtomicReference<>();
        int peerPort = Loopback.freePortRange(1);
        int relayBase = Loopback.freePortRange(50);
        try (ExternalTool peer = echoPeer(peerPort);
             ServerThread<TurnServerEvent> server = new ServerThread<>(List.of(Loopback.v4(0)), rt -> {
                 InetSocketAddress udp = rt.localAddresses().get(0);
                 try {
                     tls.set(rt.listenTls(Loopback.v4(0), TlsFiles.server(certs.cert(), certs.key())));
                 } catch (java.io.IOException e) {
                     throw new java.io.UncheckedIOException(e);
                 }
                 TurnServer.Config config = TurnServer.Config.of(List.of(udp, tls.get()), "r", StaticUsers.of("u", "p"))
                         .withPeers(PeerPolicy.loopbackAllowed(List.of(udp.getAddress())));
                 return new TurnServer(config, new RuntimeRelayAllocator(rt, udp.getAddress(), relayBase, relayBase + 49),
                         new RuntimeTcpRelays(rt, udp.getAddress(), relayBase, relayBase + 49), new SplittableRandom(8));
             }, true)) {
            return runUclient(tls.get().getPort(), peerPort, "p", extra);
        }
    }

    /** icelab's client over TLS to coturn's TLS listener, trusting the test's certificate: the whole exchange. */
    @Test
    void ourClient_againstCoturn_overTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        int port = Loopback.freePortRange(2);
        int relayBase = Loopback.freePortRange(60);
        try (ExternalTool coturn = coturnTls(port, relayBase, certs);
             EchoPeer peer = new EchoPeer(Loopback.v4(0));
             SocketRuntime rt = SocketRuntime.open(List.of())) {
            InetSocketAddress server = Loopback.v4(port + 1);
            InetSocketAddress local = rt.connectTls(server, TlsFiles.client(certs.cert()));
            TurnClient c = new TurnClient(new SplittableRandom(9), TurnClient.Config.of(local, server, "u", "p")
                    .withTransport(io.icelab.stun.Transport.TCP));
            TurnExchange.run(rt, c, peer.address(), InetAddress.getByName("127.0.0.1"), relayBase, relayBase + 50);
            assertThat(coturn.output()).contains("TLS");
        }
    }

    @Test
    void coturnUclient_withAWrongPassword_isRefused() throws Exception {
        ExternalTool.Result r = uclient("wrong");
        assertThat(r.output()).contains("Cannot complete Allocation").doesNotContain("Total lost packets 0");
    }

    /** RFC 8489 §10: coturn's uclient, sent to our redirecting server, follows the 300 and relays through the other. */
    @Test
    void coturnUclient_followsOur300TryAlternate_andRelaysThroughTheAlternate() throws Exception {
        int peerPort = Loopback.freePortRange(1);
        int relayBase = Loopback.freePortRange(100);
        try (ExternalTool peer = echoPeer(peerPort);
             ServerThread<TurnServerEvent> target = ourServer(relayBase, 5, c -> c);
             ServerThread<TurnServerEvent> redirector = ourServer(relayBase, 6,
                     c -> c.withAlternateServer(target.addresses().get(0)))) {
            ExternalTool.Result r = runUclient(redirector.addresses().get(0).getPort(), peerPort, "p");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Total lost packets 0 (0.000000%)");
            assertThat(redirector.events).anyMatch(e -> e instanceof TurnServerEvent.Refused f && f.code() == 300);
            assertThat(redirector.events).as("the redirector allocates nothing")
                    .noneMatch(e -> e instanceof TurnServerEvent.AllocationCreated);
            assertThat(target.events).anyMatch(e -> e instanceof TurnServerEvent.AllocationCreated);
        }
    }

    static String[] probe(String... args) {
        return io.icelab.cli.CliRun.of(args).parts();
    }

    @Test
    void turnProbe_againstCoturn_channelAndIndication_noLoss_andRefusalsReported() throws Exception {
        int port = Loopback.freePortRange(1);
        try (ExternalTool server = coturn("127.0.0.1", port, Loopback.freePortRange(60))) {
            for (String mode : List.of("--channel", "--indication")) {
                String[] r = probe("turn-probe", "127.0.0.1:" + port, "--user", "u:p", "--count", "10", mode);
                assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
                assertThat(r[1]).contains("relayed   127.0.0.1:").contains("lifetime  600 s")
                        .contains("sent 10  received 10  loss 0.0%").containsPattern("rtt-ms +min [0-9.]+");
            }
            String[] overTcp = probe("turn-probe", "127.0.0.1:" + port, "--user", "u:p", "--count", "10", "--channel",
                    "--tcp");
            assertThat(overTcp[0]).as(overTcp[1] + overTcp[2]).isEqualTo("0");
            assertThat(overTcp[1]).contains("sent 10  received 10  loss 0.0%");
            String[] wrong = probe("turn-probe", "127.0.0.1:" + port, "--user", "u:nope", "--count", "1");
            assertThat(wrong[0]).isEqualTo("1");
            assertThat(wrong[2]).startsWith("error: allocation failed: 401");
        }
    }

    /**
     * coturn 4.6.1 does not implement ADDITIONAL-ADDRESS-FAMILY: with IPv4 and IPv6 relays configured it
     * still answers a dual-stack request with one IPv4 relayed address. Our client must take that as a
     * plain IPv4 allocation (our own server's dual allocation is tested in TurnAllocationOptionsTest).
     */
    @Test
    void ourDualStackRequest_onCoturn_becomesAnIpv4Allocation() throws Exception {
        int port = Loopback.freePortRange(1);
        int relayBase = Loopback.freePortRange(60);
        String bin = ExternalTool.require("turnserver", "coturn");
        try (ExternalTool server = ExternalTool.start("coturn-dual-" + port, ExternalTool.args(bin, "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--relay-ip=::1", "--listening-port=" + port,
                "--min-port=" + relayBase, "--max-port=" + (relayBase + 50), "--lt-cred-mech", "--user=u:p", "--realm=r",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout", "--verbose",
                "--simple-log", "--pidfile=target/interop-logs/coturn-dual-" + port + ".pid"));
             SocketRuntime rt = SocketRuntime.open(Loopback.v4(0))) {
            assertThat(server.awaitOutput("listener opened on", 10_000)).as(server.output()).isTrue();
            TurnClient c = new TurnClient(new SplittableRandom(9), TurnClient.Config.of(rt.localAddresses().get(0),
                    Loopback.v4(port), "u", "p").withDual());
            List<TurnClientEvent> seen = new ArrayList<>();
            c.allocate(rt.nowNanos());
            await(rt, c, seen, TurnClientEvent.AllocationCreated.class);
            assertThat(c.relayedAddresses()).as(server.output()).hasSize(1);
            assertThat(c.relayedAddresses().get(0).getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(c.state()).isEqualTo(TurnClient.State.ALLOCATED);
        }
    }
}
