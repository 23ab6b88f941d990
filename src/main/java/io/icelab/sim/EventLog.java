package io.icelab.sim;

import java.util.ArrayList;
import java.util.List;

/** The simulation's timeline: one line per event, in the order they happened. Deterministic text. */
public final class EventLog {
    private final List<String> lines = new ArrayList<>();

    void add(long time, String source, String text) {
        lines.add(SimTime.format(time) + " " + source + ": " + text);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }
}
