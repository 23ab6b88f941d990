package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.icelab.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A seed sweep split over four shards run at once (containers of icelab/icelab under the local dockerd, or
 * local processes with -Dicelab.interop=local), merged with {@code icelab report} into one report whose counts
 * equal one unsharded run's, scenario by scenario and seed by seed (issue 18, "Beyond one machine").
 */
@Tag("interop")
class ShardedSweepTest {
    static final int SHARDS = 4;
    static final String TAGS = "@epic:RFC8445";
    static final String SEEDS = "1..6";

    @Test
    void fourShards_mergedIntoOneReport_countLikeOneRun() throws Exception {
        Interop.label("Sharded sweeps", "four shards of a seed sweep, merged, count like one run");
        Path base = Files.createDirectories(Path.of("target", "sharded-sweep").toAbsolutePath());
        clear(base);
        long t0 = System.nanoTime();
        Path whole = base.resolve("whole");
        assertThat(process("whole", whole, null)).as("the unsharded run").isZero();
        long wholeMs = (System.nanoTime() - t0) / 1_000_000;

        t0 = System.nanoTime();
        List<Path> shards = new ArrayList<>();
        for (int k = 1; k <= SHARDS; k++) {
            shards.add(base.resolve("shard-" + k));
        }
        int[] codes = Interop.mode() == Interop.Mode.CONTAINERS ? containers(base) : processes(shards);
        long shardedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(codes).as("each shard's exit code").containsOnly(0);

        Map<String, String> one = outcomes(List.of(whole));
        Map<String, String> merged = outcomes(shards);
        assertThat(one).hasSizeGreaterThan(100);
        assertThat(merged).as("every scenario and seed once, with the same outcome").isEqualTo(one);
        for (Path s : shards) {
            assertThat(outcomes(List.of(s))).as(s + " holds a share").isNotEmpty().hasSizeLessThan(one.size());
        }

        Path report = base.resolve("report");
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("report"));
        shards.forEach(s -> args.add(s.toString()));
        args.addAll(List.of("--report", report.toString(), "--layout", "folders"));
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(new String[0]));
        assertThat(code).as(out.toString()).isZero();
        JsonNode stats = new ObjectMapper().readTree(report.resolve("widgets/summary.json").toFile()).get("statistic");
        assertThat(stats.get("total").asInt()).as("the merged report's total").isEqualTo(one.size());
        assertThat(stats.get("passed").asInt()).isEqualTo((int) one.values().stream().filter("passed"::equals).count());
        Files.writeString(Interop.logFile("sharded-sweep"), String.format("%d results; unsharded %d ms, %d shards at"
                + " once %d ms (%s)%n", one.size(), wholeMs, SHARDS, shardedMs, Interop.mode()));
    }

    /** Each result's scenario (its Allure history id: name, parameters, seed) and status. */
    static Map<String, String> outcomes(List<Path> dirs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> out = new TreeMap<>();
        for (Path d : dirs) {
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList()) {
                    JsonNode r = json.readTree(f.toFile());
                    String id = r.path("historyId").asText() + " " + r.path("name").asText();
                    assertThat(out.put(id, r.path("status").asText())).as("%s twice", id).isNull();
                }
            }
        }
        return out;
    }

    static List<String> runArgs(String results, String shard) {
        List<String> a = new ArrayList<>(List.of("run", "--tags", TAGS, "--seeds", SEEDS, "--no-report", "--results",
                results));
        if (shard != null) {
            a.addAll(List.of("--shard", shard));
        }
        return a;
    }

    /** {@code icelab run} as a process of this JVM's classpath, from the repository root. */
    static Process start(String name, Path results, String shard) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.icelab.cli.Main"));
        cmd.addAll(runArgs(results.toString(), shard));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Interop.logFile(name).toFile()).start();
    }

    static int process(String name, Path results, String shard) throws Exception {
        Process p = start(name, results, shard);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    static int[] processes(List<Path> shards) throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int k = 1; k <= SHARDS; k++) {
            ps.add(start("sweep-shard-" + k, shards.get(k - 1), k + "/" + SHARDS));
        }
        int[] codes = new int[SHARDS];
        for (int k = 0; k < SHARDS; k++) {
            Process p = ps.get(k);
            codes[k] = p.waitFor(5, TimeUnit.MINUTES) ? p.exitValue() : -1;
            p.destroyForcibly();
        }
        return codes;
    }

    /** The four shards as icelab/icelab containers started together, writing to {@code base} through a bind mount. */
    static int[] containers(Path base) throws Exception {
        List<GenericContainer<?>> cs = new ArrayList<>();
        int[] codes = new int[SHARDS];
        try {
            for (int k = 1; k <= SHARDS; k++) {
                GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Interop.image("icelab")))
                        .withNetworkMode("none")
                        .withFileSystemBind(base.toString(), "/results", BindMode.READ_WRITE)
                        .withCommand(runArgs("/results/shard-" + k, k + "/" + SHARDS).toArray(new String[0]))
                        .withStartupCheckStrategy(new OneShotStartupCheckStrategy()
                                .withTimeout(java.time.Duration.ofMinutes(5)));
                cs.add(c);
            }
            // all four at once (a parallel stream would start only as many as the common pool has threads)
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(SHARDS);
            try {
                List<java.util.concurrent.Future<?>> started = new ArrayList<>();
                for (GenericContainer<?> c : cs) {
                    started.add(pool.submit(c::start)); // a one-shot start returns once the container exited 0
                }
                for (int k = 0; k < SHARDS; k++) {
                    try {
                        started.get(k).get(6, TimeUnit.MINUTES);
                        codes[k] = 0;
                    } catch (java.util.concurrent.ExecutionException e) {
                        codes[k] = 1;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            for (int k = 0; k < cs.size(); k++) {
                GenericContainer<?> c = cs.get(k);
                if (c.getContainerId() != null) {
                    Files.writeString(Interop.logFile("sweep-shard-" + (k + 1)), c.getLogs());
                }
                c.stop();
            }
        }
        return codes;
    }

    static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
    }
}
