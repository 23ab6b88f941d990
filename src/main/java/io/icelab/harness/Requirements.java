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

/** The list of testable RFC requirements ({@code features/requirements.yaml}) and the @req tags of the features. */
public final class Requirements {
    public record Requirement(String rfc, String id, String level, String summary) {
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
                if (out.put(id, new Requirement(e.getKey().toString(), id, String.valueOf(m.get("level")),
                        m.get("summary").toString())) != null) {
                    throw new TopologyException(file + ": the id " + id + " is listed twice");
                }
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

    public String coverage(Map<String, Boolean> results, Scope scope) {
        Map<String, int[]> perRfc = new LinkedHashMap<>();
        StringBuilder detail = new StringBuilder();
        for (Requirement r : byId.values()) {
            if (scope == Scope.SELECTION && !results.containsKey(r.id())) {
                continue;
            }
            int[] c = perRfc.computeIfAbsent(r.rfc(), k -> new int[3]);
            c[0]++;
            Boolean ok = results.get(r.id());
            if (ok != null) {
                c[1]++;
                if (ok) {
                    c[2]++;
                }
            }
            detail.append(String.format("%-8s %-22s %-6s %s  %s%n", ok == null ? "uncover" : ok ? "pass" : "FAIL",
                    r.id(), r.level(), r.summary(), ""));
        }
        StringBuilder sb = new StringBuilder(String.format("%-8s %12s %8s %8s%n", "RFC", "requirements", "covered", "passing"));
        perRfc.forEach((rfc, c) -> sb.append(String.format("%-8s %12d %8d %8d%n", rfc, c[0], c[1], c[2])));
        return sb.append('\n').append(detail).toString();
    }
}
