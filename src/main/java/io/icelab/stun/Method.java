package io.icelab.stun;

/**
 * A 12-bit STUN method. Unknown methods are legal on the wire and keep their number.
 * Names follow the IANA STUN Methods registry.
 */
public record Method(int code) {
    /** RFC 8489 §3. */
    public static final Method BINDING = new Method(0x001);
    /** RFC 3489 only; reserved since RFC 5389. */
    public static final Method SHARED_SECRET = new Method(0x002);
    /** RFC 8656 §7. */
    public static final Method ALLOCATE = new Method(0x003);
    /** RFC 8656 §8. */
    public static final Method REFRESH = new Method(0x004);
    /** RFC 8656 §11 (an indication). */
    public static final Method SEND = new Method(0x006);
    /** RFC 8656 §11 (an indication). */
    public static final Method DATA = new Method(0x007);
    /** RFC 8656 §9. */
    public static final Method CREATE_PERMISSION = new Method(0x008);
    /** RFC 8656 §12. */
    public static final Method CHANNEL_BIND = new Method(0x009);
    /** RFC 6062 §4.3. */
    public static final Method CONNECT = new Method(0x00a);
    /** RFC 6062 §4.4. */
    public static final Method CONNECTION_BIND = new Method(0x00b);
    /** RFC 6062 §4.5 (an indication). */
    public static final Method CONNECTION_ATTEMPT = new Method(0x00c);

    /**
     * A method by number.
     *
     * @param code 0x000-0xFFF
     */
    public Method {
        if (code < 0 || code > 0xfff) {
            throw new IllegalArgumentException("a STUN method is 12 bits, got 0x" + Integer.toHexString(code));
        }
    }

    /**
     * The registry name, such as {@code CreatePermission}, or a hex form for an unknown method.
     *
     * @return the name
     */
    public String name() {
        switch (code) {
            case 0x001: return "Binding";
            case 0x002: return "SharedSecret";
            case 0x003: return "Allocate";
            case 0x004: return "Refresh";
            case 0x006: return "Send";
            case 0x007: return "Data";
            case 0x008: return "CreatePermission";
            case 0x009: return "ChannelBind";
            case 0x00a: return "Connect";
            case 0x00b: return "ConnectionBind";
            case 0x00c: return "ConnectionAttempt";
            default: return String.format("Method(0x%03x)", code);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
