package io.icelab.stun;

import java.util.ArrayList;
import java.util.List;

/**
 * A STUN message: class, method, transaction id and attributes in wire order. A decoded message also
 * remembers its wire bytes and where MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT sat, so integrity can
 * be checked over exactly what was received. Immutable.
 */
public final class StunMessage {
    /** The length of the STUN header (RFC 8489 §5). */
    public static final int HEADER_LENGTH = 20;
    /** The magic cookie 0x2112A442 (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112a442;

    /** Whether a FINGERPRINT was present and matched (RFC 8489 §14.7). */
    public enum FingerprintStatus {
        /** No FINGERPRINT attribute. */
        ABSENT,
        /** FINGERPRINT matched the received bytes. */
        VALID,
        /** FINGERPRINT did not match: the message is not STUN, or it was damaged. */
        INVALID
    }

    private final MessageClass messageClass;
    private final Method method;
    private final TransactionId transactionId;
    private final int cookie;
    private final List<StunAttribute> attributes;
    private final Wire wire;

    /** Where the integrity-relevant parts of a decoded message are; offsets from the message start. */
    record Wire(Bytes bytes, int integrityOffset, int integritySha256Offset, int fingerprintOffset,
            FingerprintStatus fingerprint, int ignoredAfterIntegrity, List<Integer> unknownRequired) {
    }

    StunMessage(MessageClass messageClass, Method method, TransactionId transactionId, int cookie,
            List<StunAttribute> attributes, Wire wire) {
        this.messageClass = messageClass;
        this.method = method;
        this.transactionId = transactionId;
        this.cookie = cookie;
        this.attributes = List.copyOf(attributes);
        this.wire = wire;
    }

    /**
     * The message's class.
     *
     * @return request, indication, success or error response
     */
    public MessageClass messageClass() {
        return messageClass;
    }

    /**
     * The message's method.
     *
     * @return the method
     */
    public Method method() {
        return method;
    }

    /**
     * The transaction id.
     *
     * @return the 96-bit id (128 bits for an RFC 3489 message)
     */
    public TransactionId transactionId() {
        return transactionId;
    }

    /**
     * The 32 bits after the length: the magic cookie, or for RFC 3489 the first word of the id.
     *
     * @return the cookie word
     */
    public int cookie() {
        return cookie;
    }

    /**
     * An RFC 3489 message: no magic cookie, its transaction id is 128 bits (cookie word + id).
     *
     * @return true without the magic cookie
     */
    public boolean isClassic() {
        return cookie != MAGIC_COOKIE;
    }

    /**
     * Whether this is a request.
     *
     * @return true for the request class
     */
    public boolean isRequest() {
        return messageClass == MessageClass.REQUEST;
    }

    /**
     * Whether this is an indication.
     *
     * @return true for the indication class
     */
    public boolean isIndication() {
        return messageClass == MessageClass.INDICATION;
    }

    /**
     * Whether this is a success or error response.
     *
     * @return true for either response class
     */
    public boolean isResponse() {
        return messageClass.isResponse();
    }

    /**
     * Whether the message has this class and method.
     *
     * @param cls the class
     * @param m the method
     * @return true when both match
     */
    public boolean is(MessageClass cls, Method m) {
        return messageClass == cls && method.equals(m);
    }

    /**
     * All attributes in wire order, including MESSAGE-INTEGRITY and FINGERPRINT when decoded.
     *
     * @return the attributes, unmodifiable
     */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /**
     * The first attribute of that kind, or null.
     *
     * @param <T> the attribute's type
     * @param kind the attribute's class
     * @return the attribute, or null when absent
     */
    public <T extends StunAttribute> T attribute(Class<T> kind) {
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return kind.cast(a);
            }
        }
        return null;
    }

    /**
     * Every attribute of a kind, in wire order (e.g. the XOR-PEER-ADDRESS list of a CreatePermission).
     *
     * @param <T> the attribute's type
     * @param kind the attribute's class
     * @return the attributes, possibly none
     */
    public <T extends StunAttribute> List<T> attributes(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) {
                out.add(kind.cast(a));
            }
        }
        return out;
    }

    /**
     * Whether an attribute of this kind is present.
     *
     * @param kind the attribute's class
     * @return true when present
     */
    public boolean has(Class<? extends StunAttribute> kind) {
        return attribute(kind) != null;
    }

    /**
     * True when the message carries MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5, §14.6).
     *
     * @return true with either integrity attribute
     */
    public boolean hasIntegrity() {
        return has(CoreAttribute.MessageIntegrity.class) || has(CoreAttribute.MessageIntegritySha256.class);
    }

    /**
     * The error code of an error response, or 0.
     *
     * @return the ERROR-CODE's code, or 0 when there is none
     */
    public int errorCode() {
        CoreAttribute.ErrorCode e = attribute(CoreAttribute.ErrorCode.class);
        return e == null ? 0 : e.code();
    }

    /**
     * The bytes this message was decoded from; null for a message that was built, not decoded.
     *
     * @return the wire bytes, or null
     */
    public Bytes wireBytes() {
        return wire == null ? null : wire.bytes();
    }

    /**
     * Whether FINGERPRINT was present and matched the received bytes (RFC 8489 §14.7).
     *
     * @return absent, valid or invalid
     */
    public FingerprintStatus fingerprintStatus() {
        return wire == null ? FingerprintStatus.ABSENT : wire.fingerprint();
    }

    /**
     * How many attributes followed MESSAGE-INTEGRITY and were ignored (RFC 8489 §14.5).
     *
     * @return the number of ignored attributes
     */
    public int ignoredAfterIntegrity() {
        return wire == null ? 0 : wire.ignoredAfterIntegrity();
    }

    /**
     * Comprehension-required attribute types this codec did not know: a server answers 420.
     *
     * @return the unknown types, possibly none
     */
    public List<Integer> unknownComprehensionRequired() {
        return wire == null ? List.of() : wire.unknownRequired();
    }

    Wire wire() {
        return wire;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(messageClass).append(" tid=").append(transactionId);
        if (isClassic()) {
            sb.append(" (RFC 3489)");
        }
        for (StunAttribute a : attributes) {
            sb.append(' ').append(a.typeName());
        }
        return sb.toString();
    }
}
