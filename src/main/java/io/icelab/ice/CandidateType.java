package io.icelab.ice;

/** RFC 8445 §5.1.1 candidate types, with the recommended type preferences of §5.1.2.2. */
public enum CandidateType {
    /** An address of a local interface. */
    HOST("host", 126),
    /** Learnt from a connectivity check: the address a peer saw (§7.2.5.3.1, §7.3.1.3). */
    PEER_REFLEXIVE("prflx", 110),
    /** The address a STUN server saw (§5.1.1.2). */
    SERVER_REFLEXIVE("srflx", 100),
    /** A TURN server's relayed address (§5.1.1.2). */
    RELAYED("relay", 0);

    private final String sdpName;
    private final int typePreference;

    CandidateType(String sdpName, int typePreference) {
        this.sdpName = sdpName;
        this.typePreference = typePreference;
    }

    /**
     * The name in {@code a=candidate} lines (RFC 8839 §5.1).
     *
     * @return host, prflx, srflx or relay
     */
    public String sdpName() {
        return sdpName;
    }

    /**
     * The recommended type preference (RFC 8445 §5.1.2.2).
     *
     * @return 126, 110, 100 or 0
     */
    public int typePreference() {
        return typePreference;
    }

    /**
     * The type an {@code a=candidate} line names.
     *
     * @param name host, prflx, srflx or relay
     * @return the type, or null for another name
     */
    public static CandidateType fromSdp(String name) {
        for (CandidateType t : values()) {
            if (t.sdpName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
