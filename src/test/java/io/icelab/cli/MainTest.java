package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.net.Loopback;
import io.icelab.net.ServerThread;
import io.icelab.stun.StunServer;
import io.icelab.stun.StunServerEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    static final String RFC5769_IPV4_RESPONSE = "0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563"
            + " 746f7220 00200008 0001a147 e112a643 00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7 80280004 c07d4c96";
    static final String RFC5769_LONG_TERM = "00010060 2112a442 78ad3433 c6ad72c0 29da412e 00060012 e3839ee3 8388e383"
            + " aae38383 e382afe3 82b90000 0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341"
            + " 0014000b 6578616d 706c652e 6f726700 00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666";

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void decode_hexToJson_withEveryAttributeAndIntegrityChecked() {
        CliRun r = run("stun", "decode", RFC5769_IPV4_RESPONSE, "--password", "VOkJxbRl1RmTxUk/WvJxBt");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"class\": \"success response\"", "\"method\": \"Binding\"",
                "\"transactionId\": \"b7e7a701bc34d686fa87dfae\"", "\"type\": \"XOR-MAPPED-ADDRESS\"",
                "\"address\": \"192.0.2.1:32853\"", "\"value\": \"test vector\"", "\"fingerprint\": \"valid\"",
                "\"integrity\": \"valid\"");
    }

    @Test
    void decode_withoutKey_saysIntegrityWasNotChecked_andWrongKeyIsInvalid() {
        assertThat(run("stun", "decode", RFC5769_IPV4_RESPONSE).out()).contains("present, not checked");
        assertThat(run("stun", "decode", RFC5769_IPV4_RESPONSE, "--password", "x").out())
                .contains("\"integrity\": \"invalid\"");
    }

    @Test
    void decode_longTermCredentials() {
        CliRun r = run("stun", "decode", RFC5769_LONG_TERM, "--long-term",
                "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:The\u00adM\u00aatr\u2168");
        assertThat(r.out()).contains("\"integrity\": \"valid\"", "\"value\": \"example.org\"");
    }

    @Test
    void decode_base64() {
        CliRun r = run("stun", "decode", "AAEACCESpEL/qLJHuDKc5PsGghOAKAAEqgN+GQ==");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"class\": \"request\"", "\"fingerprint\": \"valid\"");
    }

    @Test
    void decode_malformed_exits2_withOneTypedLine() {
        CliRun r = run("stun", "decode", "0001009c2112a44278ad3433c6ad72c029da412e");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("error: TRUNCATED at offset 2: message length 156 needs 176 bytes, 20 given");
        CliRun attr = run("stun", "decode", "0101000c2112a442291fcd7cba58abd7f2410100 00010009 00019dfcac1744e6");
        assertThat(attr.code()).isEqualTo(2);
        assertThat(attr.err()).contains("ATTRIBUTE_OVERRUN at offset 20 in MAPPED-ADDRESS");
        CliRun text = run("stun", "decode", "not*stun");
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.err()).startsWith("error: input is neither hex nor base64");
    }

    @Test
    void binding_againstOurServer_printsMappedAddressRttAndSoftware() throws Exception {
        try (ServerThread<StunServerEvent> server = new ServerThread<>(List.of(Loopback.v4(0)),
                locals -> new StunServer(new StunServer.Config(locals.get(0), null, "cli-test", null)))) {
            InetSocketAddress a = server.addresses().get(0);
            CliRun r = run("stun", "binding", "127.0.0.1:" + a.getPort());
            assertThat(r.code()).as(r.err()).isZero();
            String local = r.out().lines().filter(l -> l.startsWith("local")).findFirst().orElseThrow().split("\\s+")[1];
            assertThat(r.out()).contains("mapped-address " + local).contains("software       cli-test")
                    .containsPattern("rtt-ms +\\d+\\.\\d{3}");
        }
    }

    @Test
    void binding_toASilentPort_failsWithTimeout() throws Exception {
        int port = Loopback.freePortRange(1);
        CliRun r = run("stun", "binding", "127.0.0.1:" + port, "--rto-ms", "20");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("TIMEOUT");
    }

    @Test
    void natDiscover_againstOurRfc5780Server() throws Exception {
        int port = Loopback.freePortRange(2);
        InetSocketAddress primary = Loopback.at("127.0.0.1", port);
        InetSocketAddress alternate = Loopback.at("127.0.0.2", port + 1);
        try (ServerThread<StunServerEvent> server = new ServerThread<>(
                new StunServer(StunServer.Config.rfc5780(primary, alternate)).localAddresses(),
                locals -> new StunServer(StunServer.Config.rfc5780(primary, alternate)))) {
            CliRun r = run("nat-discover", "127.0.0.1:" + port);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("outcome      NO_NAT", "mapping      ENDPOINT_INDEPENDENT",
                    "filtering    ENDPOINT_INDEPENDENT");
        }
    }

    @Test
    void stunServer_servesForItsDuration_thenExits() throws Exception {
        int port = Loopback.freePortRange(1);
        StringWriter out = new StringWriter();
        Thread t = new Thread(() -> Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "stun-server", "--listen", "127.0.0.1:" + port, "--duration-s", "3", "-v"));
        t.start();
        for (int i = 0; i < 100 && !out.toString().contains("listening"); i++) {
            t.join(20);
        }
        CliRun r = run("stun", "binding", "127.0.0.1:" + port);
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.toString()).contains("listening on udp 127.0.0.1:" + port).contains("answered Binding from 127.0.0.1:");
    }

    @Test
    void sim_printsTheSummary_writesCaptureAndTimeline_andTheRerunCommand(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pcap = dir.resolve("k.pcap");
        java.nio.file.Path log = dir.resolve("k.log");
        CliRun r = run("sim", "scenarios/topologies/keepalive.yaml", "--seed", "3", "--until", "1h", "--pcap", pcap.toString(),
                "--log", log.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("scenario  keepalive  seed 3  virtual time 3600.000000000 s")
                .containsPattern("nat +home +napt +1 mappings")
                // 37 keep-alives (0 s .. 3600 s); the last answer arrives 40 ms after the run ends.
                .containsPattern("alice/0-up +37 +37")
                .contains("app       alice:stun-client          {Success=36}")
                .contains("reproduce icelab sim scenarios/topologies/keepalive.yaml --seed 3 --until 1h");
        assertThat(java.nio.file.Files.size(pcap)).isGreaterThan(24);
        assertThat(java.nio.file.Files.readString(log)).contains("1 mappings flushed (reboot)");
    }

    @Test
    void sim_badTopology_exits2_namingFileLineAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "name: x\nroot: internet\nhosts:\n  - name: a\n    interfaces:\n"
                + "      - { realm: internet, address: 1.2.3.4, up: { jitter: soon } }\n");
        CliRun r = run("sim", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + bad + ":6: hosts[0].interfaces[0].up.jitter: 'soon' is not a"
                + " duration (e.g. 250ms, 1.5s, 2m)");
    }

    @Test
    void turnServer_servesTurnProbe_inBothModes_andRefusesAWrongPassword() throws Exception {
        int port = Loopback.freePortRange(1);
        int relay = Loopback.freePortRange(20);
        StringWriter out = new StringWriter();
        Thread t = new Thread(() -> Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "turn-server", "--listen", "127.0.0.1:" + port, "--user", "u:p", "--realm", "r",
                "--allow-loopback-peers", "--relay-range", relay + "-" + (relay + 19), "--duration-s", "4"));
        t.start();
        for (int i = 0; i < 100 && !out.toString().contains("listening"); i++) {
            t.join(20);
        }
        CliRun channel = run("turn-probe", "127.0.0.1:" + port, "--user", "u:p", "--count", "5", "--channel");
        CliRun indication = run("turn-probe", "127.0.0.1:" + port, "--user", "u:p", "--count", "5");
        CliRun wrong = run("turn-probe", "127.0.0.1:" + port, "--user", "u:bad", "--count", "1");
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(channel.code()).as(channel.err()).isZero();
        assertThat(channel.out()).contains("mode      channel 0x4000").contains("sent 5  received 5  loss 0.0%");
        assertThat(indication.out()).contains("mode      send indication").contains("received 5");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("401");
        assertThat(out.toString()).contains("listening on udp 127.0.0.1:" + port + " realm r");
    }
}
