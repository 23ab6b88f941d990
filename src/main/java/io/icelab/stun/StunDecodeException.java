package io.icelab.stun;

/**
 * The one error a decoder raises for bytes that are not a well-formed message: it names the reason,
 * the byte offset where decoding stopped and, when an attribute was at fault, its type.
 * No stack trace is kept: hostile floods are expected and this is a normal outcome.
 */
public final class StunDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** No attribute involved. */
    public static final int NO_ATTRIBUTE = -1;

    /** Why the bytes are not a STUN message (or ChannelData, or a frame). */
    public enum Reason {
        /** Shorter than the 20-byte header (or a frame header). */
        TOO_SHORT,
        /** First bits, magic cookie or demultiplexing say this is not STUN at all. */
        NOT_STUN,
        /** The header length is not a multiple of 4. */
        BAD_LENGTH,
        /** The header length runs past the bytes given. */
        TRUNCATED,
        /** Bytes follow the end the header length declares. */
        TRAILING_BYTES,
        /** An attribute's length runs past the end of the message. */
        ATTRIBUTE_OVERRUN,
        /** An attribute's length is not one its type allows. */
        BAD_ATTRIBUTE_LENGTH,
        /** An attribute's value is not one its type allows. */
        BAD_ATTRIBUTE_VALUE,
        /** An address attribute with a family other than IPv4 (1) or IPv6 (2). */
        BAD_ADDRESS_FAMILY,
        /** Something follows FINGERPRINT, which must be last (RFC 8489 §14.7). */
        FINGERPRINT_NOT_LAST,
        /** A ChannelData channel number outside 0x4000-0x4FFF (RFC 8656 §12). */
        BAD_CHANNEL_NUMBER,
        /** A stream frame larger than the framer allows. */
        FRAME_TOO_LARGE
    }

    /** Why decoding failed. */
    private final Reason reason;
    /** The byte offset where it failed. */
    private final int offset;
    /** The attribute type at fault, or NO_ATTRIBUTE. */
    private final int attributeType;

    /**
     * A failure inside an attribute.
     *
     * @param reason why
     * @param offset the byte offset
     * @param attributeType the attribute type
     * @param detail what was found, for people
     */
    public StunDecodeException(Reason reason, int offset, int attributeType, String detail) {
        super(format(reason, offset, attributeType, detail), null, false, false);
        this.reason = reason;
        this.offset = offset;
        this.attributeType = attributeType;
    }

    /**
     * A failure outside any attribute.
     *
     * @param reason why
     * @param offset the byte offset
     * @param detail what was found, for people
     */
    public StunDecodeException(Reason reason, int offset, String detail) {
        this(reason, offset, NO_ATTRIBUTE, detail);
    }

    private static String format(Reason reason, int offset, int attributeType, String detail) {
        StringBuilder sb = new StringBuilder(reason.name()).append(" at offset ").append(offset);
        if (attributeType != NO_ATTRIBUTE) {
            sb.append(" in ").append(AttributeType.name(attributeType));
        }
        return sb.append(": ").append(detail).toString();
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
     * @return the byte offset from the start of the message (or stream)
     */
    public int offset() {
        return offset;
    }

    /**
     * The attribute at fault, or {@link #NO_ATTRIBUTE}.
     *
     * @return the attribute type
     */
    public int attributeType() {
        return attributeType;
    }
}
