package io.icelab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The simulation's timeline: one line per event, in the order they happened. Deterministic text. The
 * events are kept as they came and turned into text only when the timeline is read (most runs never
 * read it: formatting every event cost a third of a simulation's time); events are immutable records,
 * so their text is the same whenever it is made.
 */
public final class EventLog {
    /** One logged event: its virtual time and its line (the time formatted, the source, the text). */
    public record Entry(long time, String line) {
    }

    /** An event as logged: text is a String, or an event object formatted by {@link EventText#of}. */
    private record Raw(long time, String source, Object text) {
        String line() {
            return SimTime.format(time) + " " + source + ": "
                    + (text instanceof String s ? s : EventText.of(text));
        }
    }

    private final List<Raw> raw = new ArrayList<>();
    private final List<String> formatted = new ArrayList<>();

    void add(long time, String source, String text) {
        raw.add(new Raw(time, source, text));
    }

    /** Logs an event object; its text is made when the timeline is read. */
    void addEvent(long time, String source, Object event) {
        raw.add(new Raw(time, source, event instanceof String s ? EventText.of(s) : event));
    }

    public List<String> lines() {
        format();
        return List.copyOf(formatted);
    }

    public List<Entry> entries() {
        format();
        List<Entry> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(new Entry(raw.get(i).time(), formatted.get(i)));
        }
        return out;
    }

    /** When the first line containing {@code fragment} was logged, if one was. */
    public OptionalLong firstTime(String fragment) {
        format();
        for (int i = 0; i < raw.size(); i++) {
            if (formatted.get(i).contains(fragment)) {
                return OptionalLong.of(raw.get(i).time());
            }
        }
        return OptionalLong.empty();
    }

    public String text() {
        format();
        StringBuilder b = new StringBuilder();
        formatted.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private void format() {
        for (int i = formatted.size(); i < raw.size(); i++) {
            formatted.add(raw.get(i).line());
        }
    }
}
