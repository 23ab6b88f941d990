package io.icelab.harness;

import io.icelab.sim.TopologyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The normative statements of the RFCs icelab implements ({@code features/requirements.yaml}), each with its
 * class, and the @req tags of the features. A statement is {@code testable} (a black-box observer of the stack
 * can check it), {@code untestable} or {@code out-of-scope} (both with the reason); a testable one may be
 * {@code covered-by} another entry whose scenarios check it too.
 */
public final class Requirements {
    /** Whether a statement can be checked from outside the stack, and if not, why it is listed anyway. */
    public enum Kind {
        TESTABLE("testable"), UNTESTABLE("untestable"), OUT_OF_SCOPE("out-of-scope");

        final String yaml;

        Kind(String yaml) {
            this.yaml = yaml;
        }

        static Kind of(String s) {
            for (Kind k : values()) {
                if (k.yaml.equals(s)) {
                    return k;
                }
            }
            return null;
        }
    }

    public record Requirement(String rfc, String id, String level, Kind kind, String why, String coveredBy,
            String summary) {
    }

    /** A @req tag in a feature file, where it stands. */
    public record Tag(String id, Path file, int line) {
    }

    private final Map<String, Requirement> byId;

    private Requirements(Map<String, Requirement> byId) {
        this.byId = byId;
    }

    public static Requirements load(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | RuntimeException e) {
            throw new TopologyException(file + ": cannot read the requirements: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> rfcs)) {
            throw new TopologyException(file + ": expected a mapping of RFC names to lists of requirements");
        }
        Map<String, Requirement> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : rfcs.entrySet()) {
            if (!(e.getValue() instanceof List<?> list)) {
                throw new TopologyException(file + ": " + e.getKey() + ": expected a list");
            }
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m) || m.get("id") == null || m.get("summary") == null) {
                    throw new TopologyException(file + ": " + e.getKey() + ": every entry needs id and summary: " + o);
                }
                String id = m.get("id").toString();
                Object cls = m.get("class");
                Kind kind = cls == null ? Kind.TESTABLE : Kind.of(cls.toString());
                if (kind == null) {
                    throw new TopologyException(file + ": " + id + ": class '" + cls
                            + "' is not one of testable, untestable, out-of-scope");
                }
                Object why = m.get("why");
                if (kind != Kind.TESTABLE && why == null) {
                    throw new TopologyException(file + ": " + id + ": an " + kind.yaml + " statement needs a why");
                }
                Object by = m.get("covered-by");
                if (out.put(id, new Requirement(e.getKey().toString(), id, String.valueOf(m.get("level")), kind,
                        why == null ? "" : why.toString(), by == null ? null : by.toString(),
                        m.get("summary").toString())) != null) {
                    throw new TopologyException(file + ": the id " + id + " is listed twice");
                }
            }
        }
        for (Requirement r : out.values()) {
            if (r.coveredBy() != null && !out.containsKey(r.coveredBy())) {
                throw new TopologyException(file + ": " + r.id() + ": covered-by names " + r.coveredBy()
                        + ", which is not listed");
            }
        }
        return new Requirements(out);
    }

    public Map<String, Requirement> all() {
        return byId;
    }

    public boolean knows(String id) {
        return byId.containsKey(id);
    }

    /** Every @req tag under {@code dir}, in file order. */
    public static List<Tag> tags(Path dir) throws IOException {
        Pattern p = Pattern.compile("@req:(\\S+)");
        List<Tag> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".feature")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = p.matcher(lines.get(i));
                    while (m.find()) {
                        out.add(new Tag(m.group(1), f, i + 1));
                    }
                }
            }
        }
        return out;
    }

    /** The tags naming unknown ids, as "file:line: @req:ID is not in requirements.yaml". */
    public List<String> unknown(List<Tag> tags) {
        List<String> out = new ArrayList<>();
        for (Tag t : tags) {
            if (!knows(t.id())) {
                out.add(t.file() + ":" + t.line() + ": @req:" + t.id() + " is not in requirements.yaml");
            } else if (byId.get(t.id()).kind() != Kind.TESTABLE) {
                out.add(t.file() + ":" + t.line() + ": @req:" + t.id() + " is " + byId.get(t.id()).kind().yaml
                        + " in requirements.yaml: no scenario can claim it");
            }
        }
        return out;
    }

    /**
     * Per RFC: requirements, covered (a scenario tags them) and passing (every scenario tagging them
     * passed). {@code results} maps requirement ids to whether all their scenarios passed.
     */
    public String coverage(Map<String, Boolean> results) {
        return coverage(results, Scope.ALL);
    }

    /** Which requirements a coverage table lists. */
    public enum Scope {
        /** every requirement of requirements.yaml: the full suite's table */
        ALL,
        /** only the requirements the selected scenarios tag, and only their RFCs' rows: a rerun's table */
        SELECTION
    }

    /** A requirement's result: its own scenarios', else those of the entry it is covered by; null if uncovered. */
    public Boolean result(Map<String, Boolean> results, Requirement r) {
        Boolean own = results.get(r.id());
        return own != null || r.coveredBy() == null ? own : results.get(r.coveredBy());
    }

    /** Statements, testable, covered (of the testable), passing, untestable and out-of-scope, per RFC. */
    public Map<String, int[]> counts(Map<String, Boolean> results, Scope scope) {
        Map<String, int[]> perRfc = new LinkedHashMap<>();
        for (Requirement r : byId.values()) {
            if (scope == Scope.SELECTION && result(results, r) == null) {
                continue;
            }
            int[] c = perRfc.computeIfAbsent(r.rfc(), k -> new int[6]);
            c[0]++;
            switch (r.kind()) {
                case TESTABLE -> {
                    c[1]++;
                    Boolean ok = result(results, r);
                    if (ok != null) {
                        c[2]++;
                        if (ok) {
                            c[3]++;
                        }
                    }
                }
                case UNTESTABLE -> c[4]++;
                case OUT_OF_SCOPE -> c[5]++;
            }
        }
        return perRfc;
    }

    public String coverage(Map<String, Boolean> results, Scope scope) {
        StringBuilder sb = new StringBuilder(String.format("%-8s %10s %8s %8s %8s %6s %10s %12s%n", "RFC", "statements",
                "testable", "covered", "passing", "cover", "untestable", "out-of-scope"));
        counts(results, scope).forEach((rfc, c) -> sb.append(String.format("%-8s %10d %8d %8d %8d %5d%% %10d %12d%n",
                rfc, c[0], c[1], c[2], c[3], c[1] == 0 ? 100 : 100 * c[2] / c[1], c[4], c[5])));
        sb.append('\n');
        for (Requirement r : byId.values()) {
            Boolean ok = result(results, r);
            if (scope == Scope.SELECTION && ok == null) {
                continue;
            }
            sb.append(String.format("%-10s %-24s %-11s %s%s%n", status(r, ok), r.id(), r.level(), r.summary(),
                    r.why().isEmpty() ? "" : " (" + r.why() + ")"));
        }
        return sb.toString();
    }

    /** pass, FAIL, uncovered, untestable or out-of-scope. */
    public static String status(Requirement r, Boolean ok) {
        if (r.kind() != Kind.TESTABLE) {
            return r.kind().yaml;
        }
        return ok == null ? "uncovered" : ok ? "pass" : "FAIL";
    }

    /** The RFC section an id names: RFC8445-7.2.5.1-4 and RFC8445-7.2.5.1 give 7.2.5.1. */
    public static String section(String id) {
        Matcher m = Pattern.compile("^RFC\\d+-((?:Appendix [A-Z](?:\\.\\d+)*)|\\d+(?:\\.\\d+)*)").matcher(id);
        return m.find() ? m.group(1) : "";
    }

    /** Where the statement's section is on rfc-editor.org. */
    public static String url(Requirement r) {
        String section = section(r.id());
        String anchor = section.startsWith("Appendix ") ? "appendix-" + section.substring(9) : "section-" + section;
        return "https://www.rfc-editor.org/rfc/" + r.rfc().toLowerCase(java.util.Locale.ROOT) + "#" + anchor;
    }

    /**
     * The conformance matrix as one HTML page: the per-RFC counts, then a row per statement (id linked to
     * its RFC section, level, class, gist, status, and the scenarios that claim it with their outcome and
     * feature file:line). {@code scenarios}: requirement id to "PASS name (file:line)" or "FAIL ...".
     */
    public String html(Map<String, Boolean> results, Map<String, List<String>> scenarios, Scope scope, String title) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title><style>body{font-family:sans-serif;margin:1em}"
                        + "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 6px;"
                        + "vertical-align:top;font-size:13px}th{background:#eee}.pass{background:#dfd}.FAIL{background:#fcc}"
                        + ".uncovered{background:#ffd}.untestable,.out-of-scope{color:#777}</style></head><body><h1>")
                .append(esc(title)).append("</h1><table><tr><th>RFC</th><th>statements</th><th>testable</th>"
                        + "<th>covered</th><th>passing</th><th>coverage</th><th>untestable</th><th>out of scope</th></tr>");
        counts(results, scope).forEach((rfc, c) -> b.append("<tr><td>").append(rfc).append("</td><td>").append(c[0])
                .append("</td><td>").append(c[1]).append("</td><td>").append(c[2]).append("</td><td>").append(c[3])
                .append("</td><td>").append(c[1] == 0 ? 100 : 100 * c[2] / c[1]).append(" %</td><td>").append(c[4])
                .append("</td><td>").append(c[5]).append("</td></tr>"));
        b.append("</table><table><tr><th>id</th><th>level</th><th>statement (gist)</th><th>status</th>"
                + "<th>scenarios</th></tr>");
        for (Requirement r : byId.values()) {
            Boolean ok = result(results, r);
            if (scope == Scope.SELECTION && ok == null) {
                continue;
            }
            String status = status(r, ok);
            List<String> claims = scenarios.getOrDefault(r.id(),
                    r.coveredBy() == null ? List.of() : scenarios.getOrDefault(r.coveredBy(), List.of()));
            b.append("<tr class=\"").append(status).append("\"><td><a href=\"").append(url(r)).append("\">")
                    .append(esc(r.id())).append("</a></td><td>").append(esc(r.level())).append("</td><td>")
                    .append(esc(r.summary()));
            if (!r.why().isEmpty()) {
                b.append(" <i>(").append(esc(r.why())).append(")</i>");
            }
            if (r.coveredBy() != null) {
                b.append(" <i>(covered by ").append(esc(r.coveredBy())).append(")</i>");
            }
            b.append("</td><td>").append(status).append("</td><td>");
            for (String c : claims) {
                b.append(esc(c)).append("<br>");
            }
            b.append("</td></tr>");
        }
        return b.append("</table></body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
