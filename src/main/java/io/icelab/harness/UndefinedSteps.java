package io.icelab.harness;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.StepDefinedEvent;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestStepFinished;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Cucumber plugin that turns an undefined step into a one-line failure: the step's text, its
 * {@code file:line}, and the three closest defined steps. Written as {@code features/x.feature:LINE<TAB>message}
 * lines (FILE absolute, LINE the scenario's) to the file given as the plugin's argument, for the run's progress output
 * and for the Allure results, where the scenario then shows as failed with that message.
 */
public final class UndefinedSteps implements ConcurrentEventListener {
    private final Path out;
    private final TreeSet<String> patterns = new TreeSet<>();
    private final Map<String, List<String>> undefined = new LinkedHashMap<>();

    public UndefinedSteps(File out) {
        this.out = out.toPath();
    }

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(StepDefinedEvent.class, e -> patterns.add(e.getStepDefinition().getPattern()));
        publisher.registerHandlerFor(TestStepFinished.class, this::finished);
    }

    private void finished(TestStepFinished e) {
        if (e.getResult().getStatus() != Status.UNDEFINED || !(e.getTestStep() instanceof PickleStepTestStep step)) {
            return;
        }
        TestCase c = e.getTestCase();
        String feature = World.relative(c.getUri().toString());
        String key = World.location(c.getUri().toString()) + ":" + c.getLocation().getLine();
        String text = step.getStep().getText();
        String line = "undefined step \"" + step.getStep().getKeyword().strip() + " " + text + "\" at " + feature + ":"
                + step.getStep().getLine() + "; closest defined steps: " + String.join(" | ", closest(text, 3));
        List<String> all = undefined.computeIfAbsent(key, k -> new ArrayList<>());
        all.add(line);
        if (all.size() == 1) {
            try {
                Files.writeString(out, key + "\t" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
    }

    /** The {@code n} defined step patterns closest to {@code text}, by word edit distance (parameters match any word). */
    List<String> closest(String text, int n) {
        List<String> words = words(text);
        return patterns.stream()
                .sorted(Comparator.comparingInt((String p) -> distance(words, words(p))).thenComparing(p -> p))
                .limit(n).toList();
    }

    private static List<String> words(String s) {
        List<String> w = new ArrayList<>();
        for (String t : s.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"", "{string}").split("[^a-z0-9{}']+")) {
            if (!t.isEmpty()) {
                w.add(t);
            }
        }
        return w;
    }

    /**
     * Levenshtein distance over words, doubled: a shared word costs 0, a {@code {parameter}} against any word
     * 1 (so literal matches rank first), a substitution, insertion or deletion 2.
     */
    static int distance(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            prev[j] = 2 * j;
        }
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = 2 * i;
            for (int j = 1; j <= b.size(); j++) {
                int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : b.get(j - 1).startsWith("{") ? 1 : 2;
                cur[j] = Math.min(Math.min(cur[j - 1] + 2, prev[j] + 2), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    /** What a run's plugin wrote: scenario {@code /abs/features/x.feature:LINE} to its message; empty when nothing was. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = l.indexOf('\t');
                if (tab > 0) {
                    m.putIfAbsent(l.substring(0, tab), l.substring(tab + 1));
                }
            }
        }
        return m;
    }
}
