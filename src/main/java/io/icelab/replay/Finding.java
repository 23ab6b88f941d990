package io.icelab.replay;

/** One lint result: the rule (named by its RFC section), how bad, where (frame) and what. */
public record Finding(String rule, Severity severity, int frame, String text) {
    public enum Severity { ERROR, WARNING, INFO }

    @Override
    public String toString() {
        return String.format("%-8s %-16s frame %-6d %s", severity, rule, frame, text);
    }
}
