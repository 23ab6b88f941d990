package io.icelab.sim;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with where it came from, so every validation error can say "file:line: field: what".
 * Built on SnakeYAML's composed node tree (no object binding, no tags executed).
 */
final class Yaml {
    private final String file;
    private final String path;
    private final Node node;
    /** The line of this value's key in its mapping (0 when not a mapping's value): for duplicate-key errors. */
    private int keyLine;

    private Yaml(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static Yaml load(Path p) {
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return parse(p.toString(), r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TopologyException(p + ": no such file");
        } catch (IOException e) {
            throw new TopologyException(p + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Yaml parse(String name, Reader r) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new org.yaml.snakeyaml.Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new TopologyException(name + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new TopologyException(name + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new TopologyException(name + ":1: the file is empty");
        }
        return new Yaml(name, "", root);
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    String where() {
        return file + ":" + line() + ": " + (path.isEmpty() ? "(top)" : path);
    }

    TopologyException error(String message) {
        return new TopologyException(where() + ": " + message);
    }

    private MappingNode mapping() {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of keys to values");
        }
        return m;
    }

    /** The keys of this mapping, in file order, refusing any not in {@code allowed}. */
    Map<String, Yaml> fields(Set<String> allowed) {
        Map<String, Yaml> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping().getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error("keys must be plain words");
            }
            String key = k.getValue();
            Yaml child = new Yaml(file, path.isEmpty() ? key : path + "." + key, t.getValueNode());
            if (!allowed.contains(key)) {
                throw child.error("unknown field (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
            Yaml first = out.get(key);
            if (first != null) {
                throw child.error("duplicate key (first at line " + first.keyLine + ")");
            }
            child.keyLine = k.getStartMark().getLine() + 1;
            out.put(key, child);
        }
        return out;
    }

    /** The keys of this mapping, in file order (for maps whose keys are data, such as user names). */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        for (NodeTuple t : mapping().getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error("keys must be plain words");
            }
            if (out.contains(k.getValue())) {
                throw new Yaml(file, path.isEmpty() ? k.getValue() : path + "." + k.getValue(), t.getValueNode())
                        .error("duplicate key");
            }
            out.add(k.getValue());
        }
        return out;
    }

    static Yaml require(Map<String, Yaml> fields, String key, Yaml parent) {
        Yaml y = fields.get(key);
        if (y == null) {
            throw parent.error("missing required field '" + key + "'");
        }
        return y;
    }

    List<Yaml> list() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<Yaml> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new Yaml(file, path + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    long duration() {
        try {
            return SimTime.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** A duration no longer than {@code max}. */
    long duration(long max) {
        long d = duration();
        if (d > max) {
            throw error("'" + text() + "' is more than " + SimTime.format(max).replaceAll("\\.?0+$", "") + " s");
        }
        return d;
    }

    double probability() {
        try {
            double v = Double.parseDouble(text());
            if (v < 0 || v > 1) {
                throw error("'" + text() + "' is not a probability between 0 and 1");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a number");
        }
    }

    int integer(int min, int max) {
        try {
            long v = Long.parseLong(text().replace("_", ""));
            if (v < min || v > max) {
                throw error(v + " is outside " + min + ".." + max);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a whole number");
        }
    }

    boolean bool() {
        String t = text();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw error("'" + t + "' is not true or false");
    }

    /** An enum constant written in kebab case, e.g. {@code address-and-port-dependent}. */
    <E extends Enum<E>> E choice(Class<E> type) {
        String want = text().trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(want)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        throw error("'" + text() + "' is not one of " + names);
    }
}
