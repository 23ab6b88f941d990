package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's results: one scenario run under two seeds is two tests in the report, not one with a retry. */
class SeedResultsTest {
    static final String RESULT = "{\"uuid\":\"%s\",\"historyId\":\"abc\",\"name\":\"s\",\"status\":\"passed\","
            + "\"parameters\":[{\"name\":\"who\",\"value\":\"alice\"}]}";

    @Test
    void eachSeedsResultsGetTheSeedAndAHistoryIdOfTheirOwn(@TempDir Path dir) throws Exception {
        Set<Path> seen = new HashSet<>();
        Files.writeString(dir.resolve("1-result.json"), String.format(RESULT, "1"));
        Files.writeString(dir.resolve("x-attachment.txt"), "not a result");
        assertThat(AllureResults.markSeed(dir, 7, seen)).isEqualTo(1);
        Files.writeString(dir.resolve("2-result.json"), String.format(RESULT, "2"));
        assertThat(AllureResults.markSeed(dir, 8, seen)).as("only the new run's results").isEqualTo(1);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(dir.resolve("1-result.json").toFile());
        JsonNode second = json.readTree(dir.resolve("2-result.json").toFile());
        assertThat(first.get("parameters").toString()).isEqualTo(
                "[{\"name\":\"who\",\"value\":\"alice\"},{\"name\":\"seed\",\"value\":\"7\"}]");
        assertThat(second.get("parameters").get(1).get("value").asText()).isEqualTo("8");
        assertThat(first.get("historyId").asText()).isNotEqualTo("abc").isNotEqualTo(second.get("historyId").asText());
    }
}
