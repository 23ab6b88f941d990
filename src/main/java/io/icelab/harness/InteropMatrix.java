package io.icelab.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The interop matrix: rows are the peers icelab was run against (Chromium, Firefox, coturn, ice4j…), columns the
 * cases (controlled, controlling, trickle, restart, consent both ways, relays, TCP, mDNS), each cell the outcome of
 * the tests that claim it. The interop tests claim a cell with the Allure labels {@code interop.peer},
 * {@code interop.case} and {@code interop.version}; this reads them back from Allure results folders. A cell passes
 * when all its tests passed; a cell no test claims is shown empty, not as a pass.
 */
public final class InteropMatrix {
    /** The columns, in order; a case a test names that is not here is appended. */
    static final List<String> CASES = List.of("controlled", "controlling", "trickle", "restart", "consent out",
            "consent in", "relay via icelab", "relay via coturn", "TCP", "mDNS");
    /** The rows, in order; other peers follow, sorted. */
    static final List<String> PEERS = List.of("Chromium", "Firefox", "Chromium ↔ Firefox", "coturn", "ice4j");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The history id of the matrix's own Allure result. */
    static final String MATRIX_HISTORY_ID = "icelab-interop-matrix";

    /** One test's latest result in a cell. */
    public record Test(String name, String status, String historyId) {
        boolean passed() {
            return status.equals("passed");
        }
    }

    private final Map<String, Map<String, Map<String, Test>>> cells = new TreeMap<>();
    private final Map<String, String> versions = new TreeMap<>();
    /** A peer's ICE timing as icelab saw it in a case's capture (label {@code interop.timing}), by peer and case. */
    private final Map<String, Map<String, String>> timings = new TreeMap<>();

    private InteropMatrix() {
    }

    /** The matrix the results in these folders claim (none: an empty matrix). */
    public static InteropMatrix read(List<Path> folders) throws IOException {
        InteropMatrix m = new InteropMatrix();
        Map<String, Long> stops = new LinkedHashMap<>();
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
            }
            for (Path f : files) {
                m.add(JSON.readTree(f.toFile()), stops);
            }
        }
        return m;
    }

    private void add(JsonNode r, Map<String, Long> stops) {
        String peer = null;
        String matrixCase = null;
        String version = null;
        String timing = null;
        for (JsonNode l : r.path("labels")) {
            switch (l.path("name").asText()) {
                case "interop.peer" -> peer = l.path("value").asText();
                case "interop.case" -> matrixCase = l.path("value").asText();
                case "interop.version" -> version = l.path("value").asText();
                case "interop.timing" -> timing = l.path("value").asText();
                default -> {
                }
            }
        }
        if (peer == null || matrixCase == null) {
            return;
        }
        String historyId = r.path("historyId").asText(r.path("uuid").asText());
        long stop = r.path("stop").asLong();
        if (stops.getOrDefault(historyId, Long.MIN_VALUE) > stop) {
            return; // an earlier run of the same test
        }
        stops.put(historyId, stop);
        if (version != null) {
            versions.put(peer, version);
        }
        if (timing != null) {
            timings.computeIfAbsent(peer, k -> new TreeMap<>()).put(matrixCase, timing);
        }
        cells.computeIfAbsent(peer, k -> new TreeMap<>()).computeIfAbsent(matrixCase, k -> new TreeMap<>())
                .put(historyId, new Test(r.path("name").asText(), r.path("status").asText("unknown"), historyId));
    }

    /** True when no result claims a cell. */
    public boolean isEmpty() {
        return cells.isEmpty();
    }

    /** The tests in a cell, in a stable order (empty when none). */
    public List<Test> cell(String peer, String matrixCase) {
        return List.copyOf(cells.getOrDefault(peer, Map.of()).getOrDefault(matrixCase, Map.of()).values());
    }

    private List<String> rows() {
        Set<String> rows = new LinkedHashSet<>();
        PEERS.stream().filter(cells::containsKey).forEach(rows::add);
        rows.addAll(cells.keySet());
        return new ArrayList<>(rows);
    }

    private List<String> columns() {
        Set<String> columns = new LinkedHashSet<>(CASES);
        cells.values().forEach(byCase -> columns.addAll(byCase.keySet()));
        return new ArrayList<>(columns);
    }

    /**
     * The matrix as one HTML page. {@code link} gives the address of a test's page in the report by its history id
     * (null: the cell names its tests without links).
     */
    public String html(Function<String, String> link) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>icelab interop "
                + "matrix</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid "
                + "#bbb;padding:4px 8px;vertical-align:top}td.pass{background:#c8f0c8}td.fail{background:#f6c3c3}"
                + "td.none{background:#eee;color:#888}th small{font-weight:normal;color:#555}a{color:inherit}"
                + "</style></head><body><h1>Interop matrix</h1><p>Rows: the peers icelab ran against; columns: the cases. "
                + "A cell passes when every test that claims it passed; an empty cell has no test. (interop.html beside the "
                + "report holds this page with each test linked to its page.)</p><table><tr><th>peer"
                + "</th>");
        List<String> columns = columns();
        columns.forEach(c -> b.append("<th>").append(escape(c)).append("</th>"));
        b.append("</tr>");
        for (String peer : rows()) {
            b.append("<tr><th>").append(escape(peer));
            if (versions.containsKey(peer)) {
                b.append("<br><small>").append(escape(versions.get(peer))).append("</small>");
            }
            b.append("</th>");
            for (String c : columns) {
                List<Test> tests = cell(peer, c);
                if (tests.isEmpty()) {
                    b.append("<td class=\"none\">—</td>");
                    continue;
                }
                boolean pass = tests.stream().allMatch(Test::passed);
                b.append("<td class=\"").append(pass ? "pass" : "fail").append("\">").append(pass ? "pass" : "FAIL");
                for (Test t : tests) {
                    String href = link == null ? null : link.apply(t.historyId());
                    b.append("<br><small>");
                    if (href != null) {
                        b.append("<a target=\"_top\" href=\"").append(escape(href)).append("\">");
                    }
                    b.append(escape(t.name())).append(t.passed() ? "" : " (" + escape(t.status()) + ")");
                    b.append(href != null ? "</a>" : "").append("</small>");
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        if (!timings.isEmpty()) {
            b.append("<h2>ICE timing as icelab saw it</h2><p>From each case's capture: the peer's checks to icelab's agent "
                    + "(pacing, first retransmission, nomination when the peer controls, consent once nominated).</p>"
                    + "<table><tr><th>peer</th><th>case</th><th>timing</th></tr>");
            for (String peer : rows()) {
                for (Map.Entry<String, String> t : timings.getOrDefault(peer, Map.of()).entrySet()) {
                    b.append("<tr><td>").append(escape(peer)).append("</td><td>").append(escape(t.getKey()))
                            .append("</td><td>").append(escape(t.getValue())).append("</td></tr>");
                }
            }
            b.append("</table>");
        }
        return b.append("</body></html>").toString();
    }

    /**
     * Writes the matrix as one Allure result, "Interop matrix" in the Interop epic, its page an HTML attachment (the
     * cells name their tests: a report's test pages are known only once it is generated).
     */
    public void writeResult(Path dir, long now) throws IOException {
        Files.createDirectories(dir);
        String uuid = java.util.UUID.nameUUIDFromBytes(("interop-matrix" + now).getBytes(StandardCharsets.UTF_8))
                .toString();
        String attachment = uuid + "-attachment.html";
        Files.writeString(dir.resolve(attachment), html(null), StandardCharsets.UTF_8);
        boolean failed = cells.values().stream().flatMap(m -> m.values().stream()).flatMap(m -> m.values().stream())
                .anyMatch(t -> !t.passed());
        ObjectNode r = JSON.createObjectNode().put("uuid", uuid).put("historyId", MATRIX_HISTORY_ID)
                .put("name", "Interop matrix").put("fullName", "icelab.InteropMatrix")
                .put("status", failed ? "failed" : "passed").put("stage", "finished").put("start", now).put("stop", now);
        ArrayNode labels = r.putArray("labels");
        labels.addObject().put("name", "epic").put("value", "Interop");
        labels.addObject().put("name", "feature").put("value", "Interop matrix");
        labels.addObject().put("name", "story").put("value", "every peer against every case");
        r.putArray("attachments").addObject().put("name", "interop matrix").put("source", attachment)
                .put("type", "text/html");
        // the same page with every test linked to its page: beside the report (its test pages' ids are known only
        // once it is generated)
        r.putArray("links").addObject().put("name", "interop.html: the matrix, each test linked")
                .put("url", "interop.html").put("type", "link");
        JSON.writeValue(dir.resolve(uuid + "-result.json").toFile(), r);
    }

    /**
     * A generated report's test pages by history id: {@code index.html#testresult/UID}, read from its
     * {@code data/test-cases} (the folders layout) or from the data inlined in a single-file {@code index.html}.
     */
    public static Map<String, String> testPages(Path report) throws IOException {
        Map<String, String> pages = new LinkedHashMap<>();
        Path cases = report.resolve("data").resolve("test-cases");
        if (Files.isDirectory(cases)) {
            try (Stream<Path> s = Files.list(cases)) {
                for (Path f : s.sorted().toList()) {
                    page(JSON.readTree(f.toFile()), pages);
                }
            }
            return pages;
        }
        Path index = report.resolve("index.html");
        if (Files.isRegularFile(index)) {
            Matcher m = Pattern.compile("d\\('data/test-cases/[^']+\\.json','([^']*)'\\)")
                    .matcher(Files.readString(index, StandardCharsets.UTF_8));
            while (m.find()) {
                page(JSON.readTree(Base64.getDecoder().decode(m.group(1))), pages);
            }
        }
        return pages;
    }

    /**
     * Gives the generated report's "Interop matrix" test a link to every test of every cell (peer · case: test),
     * now that their pages are known: in {@code data/test-cases} (the folders layout) or in the data inlined in a
     * single-file {@code index.html}. {@code pages}: the report's test pages, from {@link #testPages}. Returns how
     * many links it added (0 when the report has no matrix test).
     */
    public int linkTests(Path report, Map<String, String> pages) throws IOException {
        ArrayNode links = JSON.createArrayNode();
        for (String peer : rows()) {
            for (String c : columns()) {
                for (Test t : cell(peer, c)) {
                    String href = pages.get(t.historyId());
                    if (href != null) {
                        links.addObject().put("name", peer + " · " + c + ": " + t.name()
                                + (t.passed() ? "" : " (" + t.status() + ")")).put("url", href).put("type", "link");
                    }
                }
            }
        }
        Path cases = report.resolve("data").resolve("test-cases");
        if (Files.isDirectory(cases)) {
            try (Stream<Path> s = Files.list(cases)) {
                for (Path f : s.sorted().toList()) {
                    JsonNode tc = JSON.readTree(f.toFile());
                    if (MATRIX_HISTORY_ID.equals(tc.path("historyId").asText())) {
                        Files.writeString(f, JSON.writeValueAsString(withLinks(tc, links)), StandardCharsets.UTF_8);
                        return links.size();
                    }
                }
            }
            return 0;
        }
        Path index = report.resolve("index.html");
        if (!Files.isRegularFile(index)) {
            return 0;
        }
        String html = Files.readString(index, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("d\\('(data/test-cases/[^']+\\.json)','([^']*)'\\)").matcher(html);
        while (m.find()) {
            JsonNode tc = JSON.readTree(Base64.getDecoder().decode(m.group(2)));
            if (MATRIX_HISTORY_ID.equals(tc.path("historyId").asText())) {
                String encoded = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(withLinks(tc, links)));
                Files.writeString(index, html.substring(0, m.start(2)) + encoded + html.substring(m.end(2)),
                        StandardCharsets.UTF_8);
                return links.size();
            }
        }
        return 0;
    }

    private static JsonNode withLinks(JsonNode testCase, ArrayNode links) {
        ObjectNode copy = testCase.deepCopy();
        ArrayNode all = copy.withArray("links");
        all.addAll(links);
        return copy;
    }

    private static void page(JsonNode testCase, Map<String, String> pages) {
        if (testCase.hasNonNull("historyId") && testCase.hasNonNull("uid")) {
            pages.put(testCase.get("historyId").asText(), "index.html#testresult/" + testCase.get("uid").asText());
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
