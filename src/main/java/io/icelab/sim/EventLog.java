package io.icelab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The simulation's timeline: one line per event, in the order they happened. Deterministic text. */
public final class EventLog {
    /** One logged event: its virtual time and its line (the time formatted, the source, the text). */
    public record Entry(long time, String line) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(long time, String source, String text) {
        entries.add(new Entry(time, SimTime.format(time) + " " + source + ": " + text));
    }

    public List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** When the first line containing {@code fragment} was logged, if one was. */
    public OptionalLong firstTime(String fragment) {
        for (Entry e : entries) {
            if (e.line().contains(fragment)) {
                return OptionalLong.of(e.time());
            }
        }
        return OptionalLong.empty();
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(e.line()).append('\n'));
        return b.toString();
    }
}
