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
}
