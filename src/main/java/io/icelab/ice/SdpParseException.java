package io.icelab.ice;

/** A bad ICE SDP line: names the line number (1-based; 0 when parsing a lone line), the field and the reason. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The line number, counted from 1. */
    private final int line;
    /** The field at fault, e.g. "ice-ufrag" or "connection-address". */
    private final String field;

    /**
     * An error in one field of one line.
     *
     * @param line its number, counted from 1
     * @param field the field
     * @param message what is wrong with it
     */
    public SdpParseException(int line, String field, String message) {
        super("line " + line + ", " + field + ": " + message, null, false, false);
        this.line = line;
        this.field = field;
    }

    /**
     * The line at fault.
     *
     * @return its number, counted from 1
     */
    public int line() {
        return line;
    }

    /**
     * The field at fault.
     *
     * @return its name
     */
    public String field() {
        return field;
    }
}
