package io.icelab.stun;

import java.nio.ByteBuffer;

/**
 * A decoded or to-be-encoded STUN attribute. The hierarchy is closed and grouped by the RFC that
 * defines each attribute; anything else is an {@link UnknownAttribute} kept as raw bytes.
 */
public sealed interface StunAttribute
        permits CoreAttribute, IceAttribute, NatBehaviorAttribute, TurnAttribute, UnknownAttribute,
        AddressAttribute, TextAttribute {

    /** The 16-bit attribute type. */
    int type();

    /** The value length in bytes, before padding to a multiple of 4. */
    int valueLength();

    /** Writes the value (no header, no padding). XOR-ed addresses need the message's id. */
    void writeValue(ByteBuffer out, TransactionId transactionId);

    default String typeName() {
        return AttributeType.name(type());
    }
}
