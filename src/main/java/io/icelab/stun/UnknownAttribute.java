package io.icelab.stun;

import java.nio.ByteBuffer;

/** An attribute this codec has no type for, kept byte for byte. */
public record UnknownAttribute(int type, Bytes value) implements StunAttribute {
    /**
     * Refuses a type beyond 16 bits.
     *
     * @param type the attribute type
     * @param value its value
     */
    public UnknownAttribute {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("attribute type is 16 bits: " + type);
        }
    }

    /**
     * RFC 8489 §15: types 0x0000-0x7FFF must be understood.
     *
     * @return true for a comprehension-required type
     */
    public boolean comprehensionRequired() {
        return AttributeType.isComprehensionRequired(type);
    }

    @Override
    public int valueLength() {
        return value.length();
    }

    @Override
    public void writeValue(ByteBuffer out, TransactionId transactionId) {
        value.writeTo(out);
    }
}
