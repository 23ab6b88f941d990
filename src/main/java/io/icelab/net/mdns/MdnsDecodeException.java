package io.icelab.net.mdns;

/** A datagram that is not a DNS message this reader can take, with the byte offset where it stopped. */
public final class MdnsDecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    /**
     * The error.
     *
     * @param offset where in the datagram
     * @param what what is wrong there
     */
    public MdnsDecodeException(int offset, String what) {
        super("mDNS message, offset " + offset + ": " + what);
        this.offset = offset;
    }

    /** Where in the datagram. */
    public int offset() {
        return offset;
    }
}
