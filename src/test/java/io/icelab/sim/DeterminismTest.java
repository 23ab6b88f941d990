package io.icelab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same topology + seed ⇒ byte-identical pcap and timeline, in one JVM and across JVM restarts. */
class DeterminismTest {
    static final Path TOPOLOGY = Path.of("scenarios", "topologies", "nat444.yaml");

    record Run(byte[] pcap, String log) {
    }

    static Run runInThisJvm(long seed, Path dir, String tag) throws Exception {
        Path pcap = dir.resolve(tag + ".pcap");
        Scenario s = Scenario.load(TOPOLOGY, seed);
        try (PcapCapture c = new PcapCapture(pcap)) {
            s.simulation().capture(c);
            s.simulation().runUntil(60 * SimTime.S);
        }
        return new Run(Files.readAllBytes(pcap), s.simulation().log().text());
    }

    static Run runInAnotherJvm(long seed, Path dir, String tag) throws IOException, InterruptedException {
        Path pcap = dir.resolve(tag + ".pcap");
        Path log = dir.resolve(tag + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.icelab.cli.Main", "sim", TOPOLOGY.toString(), "--seed", String.valueOf(seed), "--until", "60s",
                "--pcap", pcap.toString(), "--log", log.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(tag + ".out").toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(tag + ".out"))).isZero();
        return new Run(Files.readAllBytes(pcap), Files.readString(log));
    }

    @Test
    void sameSeed_sameBytes_inOneJvm_differentSeed_differentRun(@TempDir Path dir) throws Exception {
        Run a = runInThisJvm(7, dir, "a");
        Run b = runInThisJvm(7, dir, "b");
        assertThat(a.pcap()).isEqualTo(b.pcap());
        assertThat(a.log()).isEqualTo(b.log());
        assertThat(a.pcap().length).isGreaterThan(24 + 50 * 16);
        Run c = runInThisJvm(8, dir, "c");
        assertThat(c.log()).isNotEqualTo(a.log());
    }

    @Test
    void sameSeed_sameBytes_acrossJvmRestarts(@TempDir Path dir) throws Exception {
        Run here = runInThisJvm(7, dir, "here");
        Run first = runInAnotherJvm(7, dir, "jvm1");
        Run second = runInAnotherJvm(7, dir, "jvm2");
        assertThat(first.pcap()).isEqualTo(second.pcap()).isEqualTo(here.pcap());
        assertThat(first.log()).isEqualTo(second.log()).isEqualTo(here.log());
    }
}
