package io.icelab.stun;

/** The interleaving of method and class bits in the 14-bit message type (RFC 8489 §5, Figure 3). */
public final class MessageType {
    private MessageType() {
    }

    /**
     * The 14-bit message type of a class and a method (RFC 8489 §5).
     *
     * @param cls the class
     * @param method the method
     * @return the type
     */
    public static int encode(MessageClass cls, Method method) {
        int m = method.code();
        int c = cls.bits();
        return (m & 0x000f) | (m & 0x0070) << 1 | (m & 0x0f80) << 2 | (c & 1) << 4 | (c & 2) << 7;
    }

    /**
     * The class bits of a message type.
     *
     * @param type the 14-bit type
     * @return the class
     */
    public static MessageClass classOf(int type) {
        return MessageClass.ofBits((type >>> 4 & 1) | (type >>> 7 & 2));
    }

    /**
     * The method bits of a message type.
     *
     * @param type the 14-bit type
     * @return the method
     */
    public static Method methodOf(int type) {
        return new Method((type & 0x000f) | (type >>> 1 & 0x0070) | (type >>> 2 & 0x0f80));
    }
}
