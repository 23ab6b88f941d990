package io.icelab.stun;

/**
 * A 12-bit STUN method. Unknown methods are legal on the wire and keep their number.
 * Names follow the IANA STUN Methods registry.
 */
public record Method(int code) {
    public static final Method BINDING = new Method(0x001);
    /** RFC 3489 only; reserved since RFC 5389. */
    public static final Method SHARED_SECRET = new Method(0x002);
    public static final Method ALLOCATE = new Method(0x003);
    public static final Method REFRESH = new Method(0x004);
    public static final Method SEND = new Method(0x006);
    public static final Method DATA = new Method(0x007);
    public static final Method CREATE_PERMISSION = new Method(0x008);
    public static final Method CHANNEL_BIND = new Method(0x009);
    public static final Method CONNECT = new Method(0x00a);
    public static final Method CONNECTION_BIND = new Method(0x00b);
    public static final Method CONNECTION_ATTEMPT = new Method(0x00c);

    public Method {
        if (code < 0 || code > 0xfff) {
            throw new IllegalArgumentException("a STUN method is 12 bits, got 0x" + Integer.toHexString(code));
        }
    }

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
