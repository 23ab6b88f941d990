package io.icelab.ice;

/** A bad ICE SDP line: names the line number (1-based; 0 when parsing a lone line), the field and the reason. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String field;

    public SdpParseException(int line, String field, String message) {
        super("line " + line + ", " + field + ": " + message, null, false, false);
        this.line = line;
        this.field = field;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
