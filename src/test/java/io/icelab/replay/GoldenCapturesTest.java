package io.icelab.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Today's code still produces the golden simulator captures in captures/golden byte for byte, and
 * they lint clean. After an intended change, regenerate them with the command in captures/README.md.
 */
class GoldenCapturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"nat444", "ice-two-nats", "ice-relay"})
    void theSimulatorStillProducesTheGoldenCapture_andItLintsClean(String topology, @TempDir Path dir) throws Exception {
        Path golden = Path.of("captures", "golden", topology + "-seed7.pcap");
        Path now = dir.resolve(topology + ".pcap");
        String[] r = ReplayCorpusTest.cli("sim", "scenarios/topologies/" + topology + ".yaml", "--seed", "7", "--until",
                "20s", "--pcap", now.toString());
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(Files.readAllBytes(now)).as("%s differs from %s; if the change is intended, regenerate it (see"
                + " captures/README.md)", now, golden).isEqualTo(Files.readAllBytes(golden));
        CaptureAnalysis a = CaptureAnalysis.of(golden);
        assertThat(a.stunCounts()).isNotEmpty();
        List<Finding> findings = CaptureLint.lint(a);
        assertThat(findings).as("findings").noneMatch(f -> f.severity() != Finding.Severity.INFO);
    }

    /**
     * With its credentials sidecar the relay capture's TURN messages verify (MESSAGE-INTEGRITY, RFC 8489
     * §14.5); one flipped byte inside an authenticated Allocate's MESSAGE-INTEGRITY(-SHA256) is flagged at its frame.
     */
    @org.junit.jupiter.api.Test
    void theRelayCaptureVerifiesWithItsCredentials_andAFlippedByteIsFlagged() throws Exception {
        Path golden = Path.of("captures", "golden", "ice-relay-seed7.pcap");
        Credentials creds = Credentials.forCapture(golden);
        assertThat(creds.turnUsers()).hasSize(1);
        CaptureAnalysis a = CaptureAnalysis.of(golden);
        List<Finding> clean = CaptureLint.lint(a, creds);
        assertThat(clean).noneMatch(f -> f.severity() == Finding.Severity.ERROR);
        Finding summary = clean.stream().filter(f -> f.rule().equals("RFC8489-14.5")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("checked on (\\d+) message").matcher(summary.text());
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThan(50);

        CapturedMessage allocate = a.messages().stream().filter(x -> x.content() instanceof CapturedMessage.Stun s
                && s.message().isRequest() && s.message().method().equals(io.icelab.stun.Method.ALLOCATE)
                && (s.message().has(io.icelab.stun.CoreAttribute.MessageIntegrity.class)
                        || s.message().has(io.icelab.stun.CoreAttribute.MessageIntegritySha256.class)))
                .findFirst().orElseThrow();
        List<RawFrame> frames = new java.util.ArrayList<>(CaptureFile.read(golden));
        RawFrame f = frames.get(allocate.frame() - 1);
        byte[] bytes = f.bytes().clone();
        bytes[bytes.length - 12] ^= 0x40; // inside MESSAGE-INTEGRITY(-SHA256), with or without a FINGERPRINT after it
        frames.set(allocate.frame() - 1, new RawFrame(f.number(), f.timeNanos(), f.linkType(), bytes));
        List<Finding> flipped = CaptureLint.lint(CaptureAnalysis.of(golden, frames), creds);
        assertThat(flipped).anyMatch(x -> x.rule().startsWith("RFC8489-14.") && x.severity() == Finding.Severity.ERROR
                && x.frame() == allocate.frame() && x.text().contains("credentials for ice"));
        // without credentials the same flip is invisible to MESSAGE-INTEGRITY checks
        assertThat(CaptureLint.lint(CaptureAnalysis.of(golden, frames)))
                .noneMatch(x -> x.rule().equals("RFC8489-14.5") || x.rule().equals("RFC8489-14.6"));
    }

    @org.junit.jupiter.api.Test
    void aBrokenCredentialsFile_namesFileLineAndField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.pcap.credentials.yaml");
        Files.writeString(bad, "turn:\n  - { user: ice, realm: r }\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Credentials.load(bad))
                .isInstanceOf(Credentials.CredentialsException.class).hasMessageContaining("has no 'password'");
        Files.writeString(bad, "ice: [ {ufrag: a, pwd: b}\nturn: x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Credentials.load(bad))
                .isInstanceOf(Credentials.CredentialsException.class).hasMessageMatching(".*x.pcap.credentials.yaml:\\d+: .*");
    }

    /** `icelab replay --results`: one Allure test per capture with a step per rule and the capture attached. */
    @org.junit.jupiter.api.Test
    void replayWritesAllureResults_onePassedTestPerCleanCapture(@TempDir Path dir) throws Exception {
        String[] r = ReplayCorpusTest.cli("replay", "--results", dir.toString(), "captures/golden/nat444-seed7.pcap",
                "captures/golden/ice-relay-seed7.pcap");
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> results = new java.util.ArrayList<>();
        try (var files = Files.newDirectoryStream(dir, "*-result.json")) {
            for (Path f : files) {
                results.add(json.readTree(f.toFile()));
            }
        }
        assertThat(results).hasSize(2).allSatisfy(n -> {
            assertThat(n.get("status").asText()).isEqualTo("passed");
            assertThat(n.get("labels").toString()).contains("\"Captures\"");
            assertThat(n.get("attachments").toString()).contains("application/vnd.tcpdump.pcap").contains("image/svg+xml");
        });
        com.fasterxml.jackson.databind.JsonNode relay = results.stream()
                .filter(n -> n.get("name").asText().contains("ice-relay")).findFirst().orElseThrow();
        assertThat(relay.get("steps").toString()).contains("RFC8489-14.5"); // the integrity summary, from the sidecar
        String svg = ReplayResults.ladder(CaptureAnalysis.of(Path.of("captures/golden/ice-relay-seed7.pcap")));
        assertThat(svg).startsWith("<svg").contains("Allocate Error 401").contains("ChannelData").contains("192.0.2.10");
    }
}
