package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.CoreAttribute;
import io.icelab.stun.Method;
import io.icelab.stun.StunDecoder;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.TurnAttribute;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `icelab turn-server` as a process under attack on 127.0.0.1 (issue 13), bounded in count and time:
 * the 92-byte nonce-cookie datagram that used to end it, 2,000 datagrams of random bytes, and more TCP
 * connections than its file-descriptor limit (`ulimit -n 256` in the child) allows. It answers a Binding
 * request after each, stops by itself after its --duration-s, exits 0 and prints its fault counters.
 */
class TurnServerProcessTest {

    @Test
    void theServerSurvivesTheNonceDatagram_garbage_andFdExhaustion(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        Path out = dir.resolve("server.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -n 256 && exec " + java + " -cp '" + System.getProperty("java.class.path") + "'"
                + " io.icelab.cli.Main turn-server --listen 127.0.0.1:" + port + " --user u:p --realm r --tcp"
                + " --tcp-max-per-ip 1000 --duration-s 12 --stats-every 1s";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udp.setSoTimeout(500);
            awaitListening(out);
            assertThat(binding(udp, server)).as("answers before: %s", printed(out)).isTrue();

            SplittableRandom random = new SplittableRandom(13);
            byte[] nonceDatagram = StunMessageBuilder.request(Method.ALLOCATE, TransactionId.random(random))
                    .add(new TurnAttribute.RequestedTransport(TurnAttribute.RequestedTransport.UDP))
                    .add(CoreAttribute.Username.of("u")).add(CoreAttribute.Realm.of("r"))
                    .add(CoreAttribute.Nonce.of("obMatJos2AA==")).integrity(new byte[16]).encode();
            udp.send(new DatagramPacket(nonceDatagram, nonceDatagram.length, server));
            assertThat(binding(udp, server)).as("answers after the nonce datagram: %s", printed(out)).isTrue();

            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                if (i % 2 == 0 && junk.length >= 20) {
                    junk[0] = 0; // half of them look like STUN requests
                    junk[1] = 3;
                    junk[4] = 0x21;
                    junk[5] = 0x12;
                    junk[6] = (byte) 0xa4;
                    junk[7] = 0x42;
                }
                udp.send(new DatagramPacket(junk, junk.length, server));
            }
            assertThat(binding(udp, server)).as("answers after 2,000 random datagrams: %s", printed(out)).isTrue();

            List<Socket> conns = new ArrayList<>();
            try {
                int failures = 0;
                for (int i = 0; i < 400 && failures < 3; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(server, 200);
                        conns.add(s);
                        failures = 0;
                    } catch (java.io.IOException e) {
                        s.close(); // the backlog is full while the server cannot accept: expected
                        failures++;
                    }
                }
                assertThat(conns).as("connections until the backlog filled").hasSizeGreaterThan(150);
                Thread.sleep(300);
                assertThat(binding(udp, server)).as("answers UDP while out of file descriptors: %s", printed(out)).isTrue();
            } finally {
                for (Socket s : conns) {
                    s.close();
                }
            }
            Thread.sleep(2500); // the accept backoff resumes; the closed connections are reaped
            assertThat(binding(udp, server)).as("answers after the connections closed: %s", printed(out)).isTrue();
            try (Socket again = new Socket()) {
                again.connect(server, 2000);
                assertThat(again.isConnected()).as("accepts TCP again").isTrue();
            }
        } finally {
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertThat(ended).as("stopped by itself").isTrue();
        }
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed).doesNotContain("Exception in thread").contains("stats     allocations 0");
        assertThat(printed.lines().filter(l -> l.startsWith("stats")).reduce((a, b) -> b).orElse(""))
                .as("the last stats line counts accept faults").containsPattern("accept \\w*Exception: \\d+");
    }

    private static String printed(Path out) throws java.io.IOException {
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static void awaitListening(Path out) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(out) && Files.readString(out).contains("listening on")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start: " + (Files.exists(out) ? Files.readString(out) : ""));
    }

    private static boolean binding(DatagramSocket udp, InetSocketAddress server) throws Exception {
        byte[] req = StunMessageBuilder.request(Method.BINDING, TransactionId.random(new SplittableRandom())).encode();
        for (int attempt = 0; attempt < 4; attempt++) {
            udp.send(new DatagramPacket(req, req.length, server));
            DatagramPacket back = new DatagramPacket(new byte[1500], 1500);
            try {
                while (true) {
                    udp.receive(back);
                    StunMessage m = StunDecoder.decode(io.icelab.stun.Bytes.wrap(back.getData(), 0, back.getLength()));
                    if (m.transactionId().equals(StunDecoder.decode(io.icelab.stun.Bytes.wrap(req)).transactionId())) {
                        return m.isResponse();
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // retry
            }
        }
        return false;
    }
}
