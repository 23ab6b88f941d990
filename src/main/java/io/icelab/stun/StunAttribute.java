package io.icelab.stun;

import java.nio.ByteBuffer;

/**
 * A decoded or to-be-encoded STUN attribute. The hierarchy is closed and grouped by the RFC that
 * defines each attribute; anything else is an {@link UnknownAttribute} kept as raw bytes.
 */
public sealed interface StunAttribute
        permits CoreAttribute, IceAttribute, NatBehaviorAttribute, TurnAttribute, UnknownAttribute,
        AddressAttribute, TextAttribute {

    /**
     * The 16-bit attribute type.
     *
     * @return the type
     */
    int type();

    /**
     * The value length in bytes, before padding to a multiple of 4.
     *
     * @return the length
     */
    int valueLength();

    /**
     * Writes the value (no header, no padding). XOR-ed addresses need the message's id.
     *
     * @param out where the value goes
     * @param transactionId the message's transaction id, for XOR-ed addresses
     */
    void writeValue(ByteBuffer out, TransactionId transactionId);

    /**
     * The attribute's name as IANA registers it, e.g. "XOR-MAPPED-ADDRESS".
     *
     * @return the name, or its type in hex when unknown
     */
    default String typeName() {
        return AttributeType.name(type());
    }
}
