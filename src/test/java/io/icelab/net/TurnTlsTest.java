package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.StaticUsers;
import io.icelab.turn.PeerPolicy;
import io.icelab.turn.TurnClient;
import io.icelab.turn.TurnClientEvent;
import io.icelab.turn.TurnServer;
import io.icelab.turn.TurnServerEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TURN over TLS on loopback (RFC 8656 §3.1 {@code turns:}): icelab's client and server with a certificate the
 * JDK's keytool made for the test; the full exchange inside TLS, a client that does not trust the certificate
 * and a client that speaks plain STUN to the TLS port both turned away while the server goes on, and the PEM
 * files' mistakes named with the file.
 */
class TurnTlsTest {
    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    /** Our server with a UDP socket and a TLS listener on 127.0.0.1; the TLS address returned through {@code tls}. */
    static ServerThread<TurnServerEvent> tlsServer(SSLContext ctx, AtomicReference<InetSocketAddress> tls, int relayBase)
            throws Exception {
        return new ServerThread<>(List.of(Loopback.v4(0)), rt -> {
            try {
                tls.set(rt.listenTls(Loopback.v4(0), ctx));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            InetSocketAddress udp = rt.localAddresses().get(0);
            TurnServer.Config config = TurnServer.Config.of(List.of(udp, tls.get()), "r", StaticUsers.of("u", "p"))
                    .withPeers(PeerPolicy.loopbackAllowed(List.of(udp.getAddress())));
            return new TurnServer(config, new RuntimeRelayAllocator(rt, udp.getAddress(), relayBase, relayBase + 49),
                    new SplittableRandom(3));
        }, true);
    }

    @Test
    void ourClient_overTls_toOurServer_theWholeExchange() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        AtomicReference<InetSocketAddress> tls = new AtomicReference<>();
        int relayBase = Loopback.freePortRange(50);
        try (ServerThread<TurnServerEvent> server = tlsServer(TlsFiles.server(certs.cert(), certs.key()), tls, relayBase);
             EchoPeer peer = new EchoPeer(Loopback.v4(0));
             SocketRuntime rt = SocketRuntime.open(List.of())) {
            List<byte[]> wire = new ArrayList<>();
            InetSocketAddress local = rt.connectTls(tls.get(), TlsFiles.client(certs.cert()));
            TurnClient c = new TurnClient(new SplittableRandom(4), TurnClient.Config.of(local, tls.get(), "u", "p")
                    .withTransport(io.icelab.stun.Transport.TCP));
            TurnExchange.run(rt, c, peer.address(), InetAddress.getByName("127.0.0.1"), relayBase, relayBase + 49);
            assertThat(server.events).anyMatch(e -> e instanceof TurnServerEvent.AllocationCreated a
                    && a.client().equals(local));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate_isTurnedAway_andTheServerGoesOn() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        AtomicReference<InetSocketAddress> tls = new AtomicReference<>();
        int relayBase = Loopback.freePortRange(50);
        try (ServerThread<TurnServerEvent> server = tlsServer(TlsFiles.server(certs.cert(), certs.key()), tls, relayBase)) {
            // the JDK's default trust does not know our self-signed certificate: the handshake fails, the
            // connection closes, nothing is allocated
            try (SocketRuntime rt = SocketRuntime.open(List.of())) {
                InetSocketAddress local = rt.connectTls(tls.get(), TlsFiles.client(null));
                TurnClient c = new TurnClient(new SplittableRandom(5), TurnClient.Config.of(local, tls.get(), "u", "p")
                        .withTransport(io.icelab.stun.Transport.TCP));
                c.allocate(rt.nowNanos());
                rt.drive(c, e -> { }, () -> rt.tcpConnections() == 0, 10 * S);
                assertThat(rt.tcpConnections()).as("the untrusting client's connection is closed").isZero();
            }
            // plain STUN to the TLS port: not a TLS record, the connection is closed
            try (java.net.Socket s = new java.net.Socket(tls.get().getAddress(), tls.get().getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(io.icelab.stun.StunMessageBuilder.request(io.icelab.stun.Method.BINDING,
                        io.icelab.stun.TransactionId.random(new SplittableRandom(6))).encode());
                assertThat(s.getInputStream().read(new byte[512])).as("no STUN answer in the clear").isLessThan(20);
            } catch (java.net.SocketException reset) {
                // closed with a reset: as good
            }
            assertThat(server.events).noneMatch(e -> e instanceof TurnServerEvent.AllocationCreated);
            // and a client that trusts it still gets an allocation
            try (SocketRuntime rt = SocketRuntime.open(List.of())) {
                InetSocketAddress local = rt.connectTls(tls.get(), TlsFiles.client(certs.cert()));
                TurnClient c = new TurnClient(new SplittableRandom(7), TurnClient.Config.of(local, tls.get(), "u", "p")
                        .withTransport(io.icelab.stun.Transport.TCP));
                c.allocate(rt.nowNanos());
                assertThat(TurnExchange.await(rt, c, new ArrayList<>(), TurnClientEvent.AllocationCreated.class)).isNotNull();
            }
        }
    }

    /** turn-probe --tls --ca against our TLS listener: the probe trusts the test's certificate and gets its echoes. */
    @Test
    void turnProbe_overTls_withTheCa_andWithoutIt() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        AtomicReference<InetSocketAddress> tls = new AtomicReference<>();
        try (ServerThread<TurnServerEvent> server = tlsServer(TlsFiles.server(certs.cert(), certs.key()), tls,
                Loopback.freePortRange(50))) {
            io.icelab.cli.CliRun ok = io.icelab.cli.CliRun.of("turn-probe", "127.0.0.1:" + tls.get().getPort(), "--user",
                    "u:p", "--count", "5", "--channel", "--tls", "--ca", certs.cert().toString());
            assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("sent 5  received 5  loss 0.0%");
            io.icelab.cli.CliRun caWithoutTls = io.icelab.cli.CliRun.of("turn-probe", "127.0.0.1:" + tls.get().getPort(),
                    "--user", "u:p", "--ca", certs.cert().toString());
            assertThat(caWithoutTls.code()).isEqualTo(2);
            assertThat(caWithoutTls.err()).contains("--ca goes with --tls");
        }
    }

    /** turn-server's TLS options: missing halves and a key that is not one are usage errors naming what is wrong. */
    @Test
    void turnServerTlsOptions_mistakesAreUsageErrors() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        io.icelab.cli.CliRun noKey = io.icelab.cli.CliRun.of("turn-server", "--listen", "127.0.0.1:0", "--user", "u:p",
                "--tls-listen", "127.0.0.1:0", "--cert", certs.cert().toString());
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("--tls-listen needs --cert FILE and --key FILE");
        io.icelab.cli.CliRun wrongKey = io.icelab.cli.CliRun.of("turn-server", "--listen", "127.0.0.1:0", "--user", "u:p",
                "--tls-listen", "127.0.0.1:0", "--cert", certs.cert().toString(), "--key", certs.cert().toString());
        assertThat(wrongKey.code()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("turn-cert.pem").contains("no BEGIN PRIVATE KEY");
        io.icelab.cli.CliRun certAlone = io.icelab.cli.CliRun.of("turn-server", "--listen", "127.0.0.1:0", "--user",
                "u:p", "--cert", certs.cert().toString());
        assertThat(certAlone.code()).isEqualTo(2);
        assertThat(certAlone.err()).contains("--cert and --key go with --tls-listen");
    }

    @Test
    void pemMistakes_nameTheFile_andWhatIsWrong() throws Exception {
        TestCertificates certs = TestCertificates.in(dir);
        assertThatThrownBy(() -> TlsFiles.server(certs.cert(), dir.resolve("missing.pem")))
                .isInstanceOf(TlsFiles.TlsFileException.class).hasMessageContaining("missing.pem").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> TlsFiles.server(certs.cert(), certs.cert()))
                .hasMessageContaining("turn-cert.pem").hasMessageContaining("no BEGIN PRIVATE KEY");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsFiles.server(certs.cert(), pkcs1)).hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> TlsFiles.server(certs.key(), certs.key())).hasMessageContaining("turn-key.pem")
                .hasMessageContaining("certificate");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsFiles.server(certs.cert(), garbage)).hasMessageContaining("garbage.pem");
        assertThatThrownBy(() -> TlsFiles.client(dir.resolve("nope.pem"))).hasMessageContaining("nope.pem");
    }
}
