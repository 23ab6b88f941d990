package io.icelab.stun;

/** The two class bits C1 C0 of the STUN message type (RFC 8489 §5). */
public enum MessageClass {
    REQUEST(0b00, "Request"),
    INDICATION(0b01, "Indication"),
    SUCCESS_RESPONSE(0b10, "Success"),
    ERROR_RESPONSE(0b11, "Error");

    private final int bits;
    private final String label;

    MessageClass(int bits, String label) {
        this.bits = bits;
        this.label = label;
    }

    /** The short word used in labels such as "Binding Success" and "Allocate Error". */
    public String label() {
        return label;
    }

    public int bits() {
        return bits;
    }

    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    static MessageClass ofBits(int bits) {
        return values()[bits];
    }
}
