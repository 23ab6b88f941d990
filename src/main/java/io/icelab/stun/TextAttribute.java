package io.icelab.stun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Attributes whose value is UTF-8 text. The bytes are kept as received so that a message re-encodes
 * exactly and integrity is computed over what was on the wire; {@link #text()} decodes them.
 */
public sealed interface TextAttribute extends StunAttribute
        permits CoreAttribute.Username, CoreAttribute.Realm, CoreAttribute.Nonce, CoreAttribute.Software,
        CoreAttribute.AlternateDomain {

    /**
     * The value's bytes (UTF-8 text).
     *
     * @return the bytes
     */
    Bytes value();

    /**
     * The value as text.
     *
     * @return the UTF-8 decoded value
     */
    default String text() {
        return value().utf8();
    }

    @Override
    default int valueLength() {
        return value().length();
    }

    @Override
    default void writeValue(ByteBuffer out, TransactionId transactionId) {
        value().writeTo(out);
    }

    /**
     * UTF-8 bytes of a text.
     *
     * @param s the text
     * @return its bytes
     */
    static Bytes utf8(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
