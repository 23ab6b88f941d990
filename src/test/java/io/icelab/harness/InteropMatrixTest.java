package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interop matrix drawn from Allure results' labels: cells, the latest result per test, links, the result. */
class InteropMatrixTest {
    @TempDir
    Path dir;

    private void result(String uuid, String name, String status, String historyId, long stop, String peer,
            String matrixCase, String version) throws Exception {
        String labels = "{\"name\":\"epic\",\"value\":\"Interop\"}"
                + (peer == null ? "" : ",{\"name\":\"interop.peer\",\"value\":\"" + peer + "\"}"
                + ",{\"name\":\"interop.case\",\"value\":\"" + matrixCase + "\"}")
                + (version == null ? "" : ",{\"name\":\"interop.version\",\"value\":\"" + version + "\"}");
        Files.writeString(dir.resolve(uuid + "-result.json"), "{\"uuid\":\"" + uuid + "\",\"name\":\"" + name
                + "\",\"status\":\"" + status + "\",\"historyId\":\"" + historyId + "\",\"stop\":" + stop
                + ",\"labels\":[" + labels + "]}");
    }

    @Test
    void cellsPassOnlyWhenEveryTestPassed_theLatestRunCounts_andUnclaimedTestsAreLeftOut() throws Exception {
        result("a", "controlled()", "passed", "h1", 1, "Firefox", "controlled", "Firefox 153.0");
        result("b", "consent()", "failed", "h2", 1, "Firefox", "consent in", null);
        result("c", "consent()", "passed", "h2", 2, "Firefox", "consent in", null); // a later rerun
        result("d", "relay()", "passed", "h3", 1, "coturn", "relay via coturn", "coturn 4.6.1");
        result("e", "relay tcp()", "broken", "h4", 1, "coturn", "relay via coturn", null);
        result("f", "unit()", "passed", "h5", 1, null, null, null);
        InteropMatrix m = InteropMatrix.read(List.of(dir));

        assertThat(m.cell("Firefox", "consent in")).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("passed"));
        assertThat(m.cell("coturn", "relay via coturn")).hasSize(2);
        assertThat(m.cell("Chromium", "controlled")).isEmpty();
        String html = m.html(Map.of("h1", "index.html#testresult/u1")::get);
        assertThat(html).contains("Firefox 153.0", "coturn 4.6.1", "href=\"index.html#testresult/u1\"", "relay tcp() (broken)")
                .doesNotContain("unit()");
        // Firefox's row lists before coturn's, and the coturn relay cell fails
        assertThat(html.indexOf("<th>Firefox")).isLessThan(html.indexOf("<th>coturn"));
        assertThat(html).contains("class=\"fail\">FAIL");

        Path out = dir.resolve("matrix");
        m.writeResult(out, 1000);
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).toList())
                .anyMatch(n -> n.endsWith("-result.json")).anyMatch(n -> n.endsWith("-attachment.html"));
        assertThat(InteropMatrix.read(List.of(out)).isEmpty()).as("the matrix result claims no cell").isTrue();
    }

    /** After generation the report's Interop matrix test links every test of every cell to its page. */
    @Test
    void linkTests_givesTheMatrixTestALinkPerTest() throws Exception {
        result("a", "controlled()", "passed", "h1", 1, "Firefox", "controlled", "Firefox 153.0");
        result("b", "relay()", "failed", "h2", 1, "coturn", "relay via coturn", null);
        InteropMatrix m = InteropMatrix.read(List.of(dir));
        Path cases = Files.createDirectories(dir.resolve("report/data/test-cases"));
        Files.writeString(cases.resolve("t1.json"), "{\"uid\":\"u1\",\"historyId\":\"h1\"}");
        Files.writeString(cases.resolve("t2.json"), "{\"uid\":\"u2\",\"historyId\":\"h2\"}");
        Files.writeString(cases.resolve("tm.json"), "{\"uid\":\"um\",\"historyId\":\"" + InteropMatrix.MATRIX_HISTORY_ID
                + "\",\"links\":[{\"name\":\"interop.html\",\"url\":\"interop.html\"}]}");
        assertThat(m.linkTests(dir.resolve("report"), InteropMatrix.testPages(dir.resolve("report")))).isEqualTo(2);
        String matrix = Files.readString(cases.resolve("tm.json"));
        assertThat(matrix).contains("\"url\":\"interop.html\"", "Firefox · controlled: controlled()",
                "index.html#testresult/u1", "coturn · relay via coturn: relay() (failed)", "index.html#testresult/u2");
        Path none = Files.createDirectories(dir.resolve("no-report"));
        assertThat(m.linkTests(none, InteropMatrix.testPages(none))).isZero();
    }

    @Test
    void testPages_areReadFromAReportsTestCases() throws Exception {
        Path cases = Files.createDirectories(dir.resolve("report/data/test-cases"));
        Files.writeString(cases.resolve("x.json"), "{\"uid\":\"u9\",\"historyId\":\"h9\",\"name\":\"n\"}");
        assertThat(InteropMatrix.testPages(dir.resolve("report"))).containsEntry("h9", "index.html#testresult/u9");
        assertThat(InteropMatrix.read(List.of(Files.createDirectories(dir.resolve("empty")))).isEmpty()).isTrue();
    }
}
