package io.icelab.stun;

/** icelab's version, and the SOFTWARE value its agents send by default (RFC 8489 §14.14: maker and version). */
public final class Version {
    /** The version of this build. */
    public static final String VERSION = "0.1.0";
    /** "icelab" and the version. */
    public static final String SOFTWARE = "icelab " + VERSION;

    private Version() {
    }
}
