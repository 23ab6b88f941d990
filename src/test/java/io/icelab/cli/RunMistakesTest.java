package io.icelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `icelab run` fails loudly (issue 12): every mistake in the command is one line on stderr and exit 2;
 * an undefined step fails its scenario with its text, file:line and the closest steps; a rerun of one
 * scenario writes its own results, covers only its own requirements, and works as printed.
 */
class RunMistakesTest {
    static final String PROFILES = "features/nat/profiles.feature";

    private static void oneLineExit2(CliRun r, String expected) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").doesNotContain("\n").startsWith("error: ").contains(expected);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aPathThatDoesNotExist() {
        oneLineExit2(CliRun.of("run", "features/nope.feature", "--no-report"),
                "features/nope.feature: no such file or folder");
    }

    @Test
    void fileLineWithNoScenarioThere_namesTheNearestScenarios() {
        oneLineExit2(CliRun.of("run", PROFILES + ":5", "--no-report"),
                PROFILES + ":5: no scenario or example row at line 5 (nearest: line 15)");
    }

    @Test
    void aTagExpressionThatDoesNotParse() {
        oneLineExit2(CliRun.of("run", "--tags", "@epic:RFC8489 and (", "--no-report"), "--tags '@epic:RFC8489 and (' does not parse");
    }

    @Test
    void aSelectionOfNoScenario() {
        oneLineExit2(CliRun.of("run", "--tags", "@no-such-tag", "--no-report"), "no scenario matches features/ with --tags '@no-such-tag'");
        oneLineExit2(CliRun.of("run", "--seeds", "9..2", "--no-report"), "--seeds '9..2'");
        oneLineExit2(CliRun.of("run", "--shard", "0/3", "--no-report"), "--shard '0/3'");
    }

    @Test
    void outsideTheRepositoryRoot_saysWhereItLooked(@TempDir Path dir) {
        oneLineExit2(CliRun.of("run", "--root", dir.toString(), "--no-report"),
                "no features/requirements.yaml and scenarios/ in " + dir.toAbsolutePath().normalize()
                        + ": run icelab from the repository root or pass --root DIR");
    }

    /**
     * An undefined step: the scenario fails (exit 1) with the step's text, its file:line and the closest
     * defined steps, in the output and in the Allure result; a scenario that failed before any packet
     * attaches no empty capture, ladder or timeline.
     */
    @Test
    void anUndefinedStep_failsItsScenarioWithTextLineAndClosestSteps(@TempDir Path dir) throws Exception {
        Path feature = Files.createDirectories(dir.resolve("features")).resolve("u.feature");
        Files.writeString(feature, String.join("\n", "Feature: undefined", "", "  Scenario: one step nobody wrote",
                "    Given the internet with an RFC 5780 STUN server", "    When alice sends a Binding request to the sever",
                "    Then nothing else", ""));
        Path results = dir.resolve("r");
        CliRun r = CliRun.of("run", feature.toString(), "--no-report", "--results", results.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        String expected = "undefined step \"When alice sends a Binding request to the sever\" at " + feature + ":5;"
                + " closest defined steps: ";
        assertThat(r.out()).contains("FAIL one step nobody wrote: " + expected);
        JsonNode result = results(results).stream().filter(n -> n.path("name").asText().equals("one step nobody wrote"))
                .findFirst().orElseThrow();
        assertThat(result.path("status").asText()).isEqualTo("failed");
        assertThat(result.path("statusDetails").path("message").asText()).startsWith(expected)
                .contains("{word} sends a Binding request");
        List<String> names = new ArrayList<>();
        result.path("attachments").forEach(a -> names.add(a.path("name").asText()));
        assertThat(names).contains("seed and rerun command").noneMatch(n -> n.endsWith(".pcapng"))
                .doesNotContain("message ladder");
        try (DirectoryStream<Path> s = Files.newDirectoryStream(results, "*-attachment*")) {
            for (Path f : s) {
                assertThat(Files.size(f)).as(f.toString()).isGreaterThan(24);
            }
        }
    }

    /**
     * A rerun (FILE:LINE) writes under target/icelab-rerun/, leaves the full run's results alone, lists only
     * the requirements it exercised, and the rerun command in its attachment, run as printed, reproduces it.
     */
    @Test
    void aRerunWritesItsOwnResults_coversItsSelection_andItsPrintedCommandWorks() throws Exception {
        Path full = Path.of("target", "icelab-results");
        long before = Files.isDirectory(full) ? Files.getLastModifiedTime(full).toMillis() : -1;
        CliRun r = CliRun.of("run", PROFILES + ":15", "--no-report");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("1 scenarios: 1 passed").contains("results   " + Path.of("target", "icelab-rerun",
                "results").toAbsolutePath());
        String table = r.out().substring(r.out().indexOf("RFC      statements"));
        assertThat(table.lines().skip(1).takeWhile(l -> l.startsWith("RFC")).toList())
                .as("only the RFCs this scenario covers").isNotEmpty()
                .allMatch(l -> !l.matches("RFC\\d+\\s+\\d+\\s+\\d+\\s+0\\s+0.*"));
        assertThat(Files.isDirectory(full) ? Files.getLastModifiedTime(full).toMillis() : -1).isEqualTo(before);

        String rerun = null;
        for (JsonNode n : results(Path.of("target", "icelab-rerun", "results"))) {
            for (JsonNode a : n.path("attachments")) {
                if (a.path("name").asText().equals("seed and rerun command")) {
                    rerun = Files.readString(Path.of("target", "icelab-rerun", "results", a.path("source").asText()));
                }
            }
        }
        Matcher m = Pattern.compile("rerun: java -jar target/icelab.jar (run \\S+ --seed -?\\d+)\\n").matcher(rerun);
        assertThat(m.find()).as(rerun).isTrue();
        CliRun again = CliRun.of(m.group(1).split(" "));
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("1 scenarios: 1 passed");
    }

    private static List<JsonNode> results(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*-result.json")) {
            for (Path f : s) {
                out.add(new ObjectMapper().readTree(f.toFile()));
            }
        }
        return out;
    }
}
