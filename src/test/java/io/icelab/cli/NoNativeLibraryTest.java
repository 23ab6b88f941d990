package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths of `run`, `sim` and `replay` need no native library (issue 12): each runs in a JVM where
 * pcap4j's libpcap cannot be found and JNA may not load its own, and succeeds; and the JVM's class-load
 * log shows that no class of pcap4j's native layer (org.pcap4j.core) or of JNA was ever loaded.
 */
class NoNativeLibraryTest {

    @Test
    void runSimAndReplay_succeedWithoutLibpcap_andLoadNoNativeBinding(@TempDir Path dir) throws Exception {
        Path pcapng = dir.resolve("relay.pcapng");
        Path pcap = dir.resolve("relay.pcap");
        check(dir, "run", "run", "features/stun/codec.feature", "--no-report", "--results", dir.resolve("r").toString());
        check(dir, "sim-ng", "sim", "scenarios/topologies/ice-relay.yaml", "--seed", "7", "--until", "5s", "--pcap",
                pcapng.toString());
        check(dir, "sim", "sim", "scenarios/topologies/ice-relay.yaml", "--seed", "7", "--until", "5s", "--pcap",
                pcap.toString());
        check(dir, "replay", "replay", "--lint", pcapng.toString(), pcap.toString(),
                "captures/golden/nat444-seed7.pcap");
        assertThat(Files.size(pcapng)).isGreaterThan(1000);
    }

    private static void check(Path dir, String tag, String... args) throws Exception {
        Path log = dir.resolve(tag + ".out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.pcap4j.core.pcapLibName=/nonexistent", "-Djna.nosys=true", "-Djna.nounpack=true",
                "-Djna.boot.library.path=/nonexistent", "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(tag + " finished").isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(tag + ": " + tail(out)).isZero();
        assertThat(out.lines().filter(l -> l.contains("[class,load]"))).as(tag).hasSizeGreaterThan(500)
                .noneMatch(l -> l.contains(" org.pcap4j.core.") || l.contains(" com.sun.jna."));
    }

    private static String tail(String out) {
        List<String> lines = out.lines().filter(l -> !l.contains("[class,load]")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
