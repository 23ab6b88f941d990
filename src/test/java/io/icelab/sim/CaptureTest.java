package io.icelab.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's pcap: nanosecond raw-IP pcap with valid checksums that tshark decodes without complaint. */
class CaptureTest {

    static Path capture(Path dir) throws Exception {
        Path pcap = dir.resolve("nat444.pcap");
        Scenario s = Scenario.load(Path.of("scenarios", "topologies", "nat444.yaml"), 11);
        try (PcapCapture c = new PcapCapture(pcap)) {
            s.simulation().capture(c);
            s.simulation().runUntil(30 * SimTime.S);
            assertThat(c.written()).isEqualTo(s.simulation().realmDeliveries());
        }
        return pcap;
    }

    @Test
    void header_nanosecondRawIp_andFixedEpoch(@TempDir Path dir) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(capture(dir))).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        assertThat(b.getInt(0)).as("nanosecond pcap magic").isEqualTo(0xa1b23c4d);
        assertThat(b.getInt(20)).as("LINKTYPE_RAW").isEqualTo(101);
        assertThat(b.getInt(24)).as("first packet's seconds").isEqualTo((int) SimTime.CAPTURE_EPOCH_SECONDS);
        int ipHeader = 24 + 16;
        assertThat(b.get(ipHeader) >> 4).as("IPv4").isEqualTo(4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((b.get(ipHeader + i) & 0xff) << 8) | (b.get(ipHeader + i + 1) & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        assertThat(sum).as("IPv4 header checksum verifies").isEqualTo(0xffff);
    }

    @Test
    void tsharkDecodesEveryPacketAsStun_withNothingFlagged(@TempDir Path dir) throws Exception {
        Path script = Path.of(System.getProperty("icelab.shared", "../shared"), "tools", "check-capture.sh");
        boolean tshark = Files.isExecutable(Path.of("/usr/bin/tshark"));
        if (!tshark && System.getenv("CI") != null) {
            throw new AssertionError("tshark is not installed, but CI must have it: .ci/run installs it");
        }
        assumeTrue(tshark, "tshark not installed (apt-get install tshark); skipped outside CI");
        assumeTrue(Files.isReadable(script), "../shared/tools/check-capture.sh absent in this clone");
        Path pcap = capture(dir);
        Process p = new ProcessBuilder("bash", script.toString(), pcap.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("check.out").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("check.out"));
        assertThat(p.exitValue()).as(out).isZero();
        String[] counts = out.replaceAll(".*: (\\d+) packets, (\\d+) STUN.*\\s*", "$1 $2").strip().split(" ");
        assertThat(counts[0]).as(out).isEqualTo(counts[1]);
        assertThat(Integer.parseInt(counts[0])).isGreaterThan(40);
        assertThat(new File(pcap.toString())).exists();
    }
}
