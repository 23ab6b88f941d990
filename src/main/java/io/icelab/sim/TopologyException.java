package io.icelab.sim;

/** A topology or profile file that cannot be used; the message names the file, line and field. */
public final class TopologyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopologyException(String message) {
        super(message);
    }
}
