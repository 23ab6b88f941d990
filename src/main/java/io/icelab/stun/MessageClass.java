package io.icelab.stun;

/** The two class bits C1 C0 of the STUN message type (RFC 8489 §5). */
public enum MessageClass {
    /** A request: answered with a success or an error response. */
    REQUEST(0b00, "Request"),
    /** An indication: not answered. */
    INDICATION(0b01, "Indication"),
    /** A success response. */
    SUCCESS_RESPONSE(0b10, "Success"),
    /** An error response, carrying ERROR-CODE. */
    ERROR_RESPONSE(0b11, "Error");

    private final int bits;
    private final String label;

    MessageClass(int bits, String label) {
        this.bits = bits;
        this.label = label;
    }

    /**
     * The short word used in labels such as "Binding Success" and "Allocate Error".
     *
     * @return "Request", "Indication", "Success" or "Error"
     */
    public String label() {
        return label;
    }

    /**
     * The class's two bits, C1 and C0 (RFC 8489 §5).
     *
     * @return 0..3
     */
    public int bits() {
        return bits;
    }

    /**
     * Whether this is a success or error response.
     *
     * @return true for either response
     */
    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    static MessageClass ofBits(int bits) {
        return values()[bits];
    }
}
