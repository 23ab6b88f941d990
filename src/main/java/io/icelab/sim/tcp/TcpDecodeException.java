package io.icelab.sim.tcp;

/** Bytes that are not a TCP segment: why, and at which offset of the segment. */
public final class TcpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why decoding failed. */
    public enum Reason {
        /** Fewer than 20 bytes, or fewer than the data offset says. */
        TRUNCATED,
        /** A data offset below 5 words. */
        BAD_DATA_OFFSET,
        /** An option running past the header, or of a length below 2. */
        BAD_OPTION,
        /** The checksum over the pseudo-header and the segment does not add up. */
        BAD_CHECKSUM
    }

    /** Why decoding failed. */
    private final Reason reason;
    /** The byte offset where it failed. */
    private final int offset;

    /**
     * A decoding failure.
     *
     * @param reason why
     * @param offset the byte offset in the segment
     * @param detail what was found, for people
     */
    public TcpDecodeException(Reason reason, int offset, String detail) {
        super(reason + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    /**
     * Why decoding failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Where decoding failed.
     *
     * @return the byte offset in the segment
     */
    public int offset() {
        return offset;
    }
}
