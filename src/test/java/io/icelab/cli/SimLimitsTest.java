package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `icelab sim` refuses what it cannot run (issue 13): absurd durations, sizes and rates and duplicate
 * keys are one line naming file:line and field, exit 2; a run that cannot reach --until within its
 * wall-clock budget stops with a clear error, exit 1.
 */
class SimLimitsTest {
    static String topology(String aliceLink) {
        return String.join("\n", "name: t", "root: internet", "hosts:",
                "  - name: stun",
                "    interfaces: [{ realm: internet, address: 192.0.2.1 }]",
                "    apps: [{ type: stun-server, listen: 192.0.2.1:3478 }]",
                "  - name: alice",
                "    interfaces: [{ realm: internet, address: 192.0.2.10, up: " + aliceLink + " }]",
                "    apps:",
                "      - { type: stun-client, name: k, local: 192.0.2.10:5000, server: 192.0.2.1:3478, every: 1s }",
                "");
    }

    private static CliRun sim(Path dir, String yaml, String... more) throws Exception {
        Path t = Files.writeString(dir.resolve("t.yaml"), yaml);
        String[] args = new String[2 + more.length];
        args[0] = "sim";
        args[1] = t.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return CliRun.of(args);
    }

    private static void oneLine(CliRun r, String expected) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains(expected).doesNotContain("Exception");
    }

    @Test
    void theTopologyRunsAsWritten(@TempDir Path dir) throws Exception {
        assertThat(sim(dir, topology("{ latency: 5ms }"), "--until", "3s").code()).isZero();
    }

    @Test
    void absurdValues_areOneLineNamingFileLineAndField(@TempDir Path dir) throws Exception {
        oneLine(sim(dir, topology("{ latency: 1e300s }")), "t.yaml:8: hosts[1].interfaces[0].up.latency: '1e300s' is"
                + " longer than the 30 days icelab simulates");
        oneLine(sim(dir, topology("{ latency: 2h }")), "up.latency: '2h' is more than 3600 s");
        oneLine(sim(dir, topology("{ rate: 1mbit, queue: 1e12 }")), "up.queue: '1e12' is more than 1000MB");
        oneLine(sim(dir, topology("{ rate: 1e300gbit }")), "up.rate: '1e300gbit' is more than 1000gbit");
        oneLine(sim(dir, topology("{ latency: 5ms }"), "--until", "1e300s"),
                "--until: '1e300s' is longer than the 30 days icelab simulates");
    }

    @Test
    void duplicateKeys_areRefused(@TempDir Path dir) throws Exception {
        oneLine(sim(dir, topology("{ latency: 5ms, latency: 9ms }")), "t.yaml:8: hosts[1].interfaces[0].up.latency:"
                + " duplicate key (first at line 8)");
        oneLine(sim(dir, "name: t\nname: u\nroot: internet\n"), "t.yaml:2: name: duplicate key (first at line 1)");
    }

    /** A keepalive every 1 ms for 30 days is too much real time: the wall-clock budget ends it with an error. */
    @Test
    void aRunBeyondItsWallClockBudget_stopsWithAClearError(@TempDir Path dir) throws Exception {
        CliRun r = sim(dir, topology("{ latency: 1ms }").replace("every: 1s", "every: 1ms"), "--until", "720h",
                "--wall-budget", "1s");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: the simulation reached ").contains("in 1s of real time; stopped")
                .contains("reproduce: icelab sim");
    }
}
