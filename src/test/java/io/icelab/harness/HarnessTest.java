package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: requirement tags, reproducible failures, shards. */
class HarnessTest {

    static io.icelab.cli.CliRun run(String... args) {
        return io.icelab.cli.CliRun.of(args);
    }

    @Test
    void everyReqTagInTheFeaturesIsAKnownRequirement_andEachFileCoversSome() throws Exception {
        Requirements r = Requirements.load(Path.of("features", "requirements.yaml"));
        List<Requirements.Tag> tags = Requirements.tags(Path.of("features"));
        assertThat(tags).hasSizeGreaterThan(30);
        assertThat(r.unknown(tags)).isEmpty();
        assertThat(r.all()).containsKeys("RFC8445-7.3.1.1", "RFC8489-6.2.1", "RFC8656-9", "RFC7675-5.1-2", "RFC8838-11",
                "RFC4787-4.1");
    }

    @Test
    void anUnknownReqTag_isReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.feature");
        Files.writeString(f, "Feature: x\n\n  @req:RFC8445-99.9\n  Scenario: y\n    Given nothing\n");
        Requirements r = Requirements.load(Path.of("features", "requirements.yaml"));
        assertThat(r.unknown(Requirements.tags(dir))).containsExactly(f + ":3: @req:RFC8445-99.9 is not in requirements.yaml");
    }

    @Test
    void coverage_countsCoveredAndPassingPerRfc() {
        Requirements r = Requirements.load(Path.of("features", "requirements.yaml"));
        String table = r.coverage(Map.of("RFC7675-5.1-2", true, "RFC8838-11", false));
        Map<String, int[]> c = r.counts(Map.of("RFC7675-5.1-2", true, "RFC8838-11", false), Requirements.Scope.ALL);
        assertThat(c.get("RFC7675")[2]).as("RFC 7675 covered").isEqualTo(1);
        assertThat(c.get("RFC7675")[3]).as("RFC 7675 passing").isEqualTo(1);
        assertThat(c.get("RFC8838")[2]).as("RFC 8838 covered").isEqualTo(1);
        assertThat(c.get("RFC8838")[3]).as("RFC 8838 passing").isZero();
        assertThat(c.get("RFC7675")[0]).isEqualTo(c.get("RFC7675")[1] + c.get("RFC7675")[4] + c.get("RFC7675")[5]);
        assertThat(table).contains("FAIL       RFC8838-11 ").containsPattern("out-of-scope +RFC7675-6-1");
    }

    static final String FAILING = String.join("\n",
            "Feature: a deliberately failing scenario",
            "",
            "  Scenario: alice expects the wrong mapped address",
            "    Given the internet with an RFC 5780 STUN server",
            "    And alice's link has 10% loss",  // (all 7 Binding transmissions lost: p < 1e-5; at 30 % it was 0.9 %)
            "    And alice behind \"port-restricted-cone\" NAT",
            "    When alice sends a Binding request to the STUN server",
            "    Then alice learns the mapped address \"203.0.113.99:1\"",
            "");

    @Test
    void aFailingScenario_printsItsSeedAndRerunCommand_andTheRerunReproducesItByteForByte(@TempDir Path dir)
            throws Exception {
        Path features = Files.createDirectories(dir.resolve("features"));
        Path feature = features.resolve("failing.feature");
        Files.writeString(feature, FAILING);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        io.icelab.cli.CliRun first;
        try {
            System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            first = run("run", feature.toString(), "--no-report", "--results", dir.resolve("r1").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(first.code()).isEqualTo(1);
        String printed = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("seed (-?\\d+); reproduce with: java -jar target/icelab.jar run (\\S+) --seed (-?\\d+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        assertThat(m.group(2)).endsWith("features/failing.feature:3");
        String seed = m.group(1);
        io.icelab.cli.CliRun again = run("run", feature + ":3", "--seed", seed, "--no-report", "--results", dir.resolve("r2").toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(failure(first.out())).isEqualTo(failure(again.out())).contains("203.0.113.99:1");
        // Every attachment (seed and rerun line, pcap, ladder, timeline) and the conformance matrix are the same,
        // byte for byte.
        List<String> a1 = attachments(dir.resolve("r1"));
        assertThat(a1).hasSizeGreaterThanOrEqualTo(4).anyMatch(a -> a.startsWith("\n\r\r\n"));
        assertThat(attachments(dir.resolve("r2"))).isEqualTo(a1);
        assertThat(Files.readString(dir.resolve("r2").resolve("icelab-coverage.html")))
                .isEqualTo(Files.readString(dir.resolve("r1").resolve("icelab-coverage.html")));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("r1"), "*-attachment.pcapng")) {
            assertThat(s.iterator().hasNext()).as("the capture's source file ends in .pcapng").isTrue();
        }
    }

    private static String failure(String out) {
        return out.lines().filter(l -> l.startsWith("FAIL ")).findFirst().orElse("");
    }

    /** The contents of every attachment in a results folder, as ISO-8859-1 text, sorted. */
    private static List<String> attachments(Path results) throws Exception {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(results, "*-attachment*")) {
            for (Path f : s) {
                out.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void shards_partitionTheScenarios(@TempDir Path dir) {
        Set<String> all = new LinkedHashSet<>();
        int total = 0;
        for (int k = 1; k <= 3; k++) {
            io.icelab.cli.CliRun r = run("run", "features/nat", "--shard", k + "/3", "--no-report", "--results", dir.resolve("s" + k).toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            Matcher m = Pattern.compile("(\\d+) scenarios: (\\d+) passed, \\d+ failed, \\d+ skipped").matcher(r.out());
            assertThat(m.find()).isTrue();
            total += Integer.parseInt(m.group(1));
            all.add(m.group(1));
        }
        io.icelab.cli.CliRun whole = run("run", "features/nat", "--no-report", "--results", dir.resolve("all").toString());
        Matcher w = Pattern.compile("(\\d+) scenarios: (\\d+) passed, \\d+ failed, \\d+ skipped").matcher(whole.out());
        assertThat(w.find()).isTrue();
        assertThat(total).as("the shards add up to the whole").isEqualTo(Integer.parseInt(w.group(1))).isPositive();
        assertThat(all).hasSizeGreaterThan(1);
    }

    /** A second run into the same folder replaces the first run's results instead of adding to them. */
    @Test
    void aSecondRunReplacesTheFirstRunsResults(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("r");
        Files.createDirectories(results);
        Files.writeString(results.resolve("notes.txt"), "not Allure's: kept");
        long[] counts = new long[2];
        for (int i = 0; i < 2; i++) {
            io.icelab.cli.CliRun r = run("run", "features/nat/profiles.feature", "--no-report", "--results", results.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            try (var files = Files.list(results)) {
                counts[i] = files.filter(f -> f.getFileName().toString().endsWith("-result.json")).count();
            }
        }
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isEqualTo(counts[0]);
        assertThat(results.resolve("notes.txt")).exists();
    }

    /** Names of every attachment in one Allure result file, wherever Allure put them (test or step level). */
    private static Set<String> attachmentNames(com.fasterxml.jackson.databind.JsonNode node, Set<String> into) {
        if (node.has("attachments")) {
            node.get("attachments").forEach(a -> into.add(a.get("name").asText()));
        }
        if (node.has("steps")) {
            node.get("steps").forEach(st -> attachmentNames(st, into));
        }
        return into;
    }

    @Test
    void everyScenario_attachesSeedPcapAndLadder_evenTheOnesAboutASingleMessage(@TempDir Path dir) throws Exception {
        io.icelab.cli.CliRun r = run("run", "features", "--no-report", "--results", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        int scenarios = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*-result.json")) {
            for (Path f : s) {
                var node = json.readTree(f.toFile());
                scenarios++;
                Set<String> names = attachmentNames(node, new java.util.TreeSet<>());
                assertThat(names).as(node.path("name").asText()).contains("seed and rerun command", "message ladder")
                        .anyMatch(n -> n.endsWith(".pcapng") && n.length() > ".pcapng".length());
            }
        }
        Matcher m = Pattern.compile("(\\d+) scenarios: (\\d+) passed, \\d+ failed, \\d+ skipped").matcher(r.out());
        assertThat(m.find()).isTrue();
        assertThat(scenarios).isEqualTo(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(150);
    }

    @Test
    void theResultsOfShards_mergeIntoOneReport(@TempDir Path dir) throws Exception {
        int total = 0;
        List<String> folders = new ArrayList<>(List.of("report"));
        for (int k = 1; k <= 2; k++) {
            Path results = dir.resolve("shard" + k);
            io.icelab.cli.CliRun r = run("run", "features/stun", "--shard", k + "/2", "--no-report", "--results", results.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            Matcher m = Pattern.compile("(\\d+) scenarios: \\d+ passed, \\d+ failed, \\d+ skipped").matcher(r.out());
            assertThat(m.find()).isTrue();
            total += Integer.parseInt(m.group(1));
            folders.add(results.toString());
        }
        folders.addAll(List.of("--report", dir.resolve("merged").toString()));
        io.icelab.cli.CliRun merged = run(folders.toArray(new String[0]));
        org.junit.jupiter.api.Assumptions.assumeFalse(merged.err().contains("no Allure commandline found"),
                "the Allure commandline is unpacked by `mvn generate-resources`");
        assertThat(merged.code()).as(merged.out() + merged.err()).isZero();
        assertThat(dir.resolve("merged")).as("a single-file report").isDirectoryNotContaining("glob:**/data");
        var summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ReportData.read(dir.resolve("merged"), "widgets/summary.json"));
        // the test cases are the scenarios; each shard's conformance matrix sits beside the report
        assertThat(summary.at("/statistic/total").asInt()).isEqualTo(total);
        assertThat(summary.at("/statistic/passed").asInt()).isEqualTo(total);
        assertThat(dir.resolve("merged").resolve("coverage-1.html")).exists();
        assertThat(dir.resolve("merged").resolve("coverage-2.html")).exists();
        assertThat(run("report", dir.resolve("nothing-here").toString()).code()).isEqualTo(2);
    }
}
