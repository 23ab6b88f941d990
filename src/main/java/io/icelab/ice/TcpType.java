package io.icelab.ice;

/**
 * RFC 6544 §4.5: the direction of a TCP candidate's connection, as {@code tcptype} says in SDP (RFC 8839 §5.1).
 */
public enum TcpType {
    /** Opens connections and accepts none (its port is 9 in SDP). */
    ACTIVE("active"),
    /** Accepts connections and opens none. */
    PASSIVE("passive"),
    /** Opens a connection towards a peer that opens one too (a simultaneous open). */
    SIMULTANEOUS_OPEN("so");

    private final String sdpName;

    TcpType(String sdpName) {
        this.sdpName = sdpName;
    }

    /**
     * The {@code tcptype} value.
     *
     * @return "active", "passive" or "so"
     */
    public String sdpName() {
        return sdpName;
    }

    /**
     * Reads a {@code tcptype} value.
     *
     * @param value the value as in SDP
     * @return the type, or null for a value that is none of the three
     */
    public static TcpType parse(String value) {
        for (TcpType t : values()) {
            if (t.sdpName.equals(value)) {
                return t;
            }
        }
        return null;
    }

    /**
     * RFC 6544 §6.2: which remote candidates a local one pairs with: active with passive, passive with active,
     * simultaneous-open with simultaneous-open.
     *
     * @param remote the remote candidate's type
     * @return true when the two can make a connection
     */
    public boolean pairsWith(TcpType remote) {
        return switch (this) {
            case ACTIVE -> remote == PASSIVE;
            case PASSIVE -> remote == ACTIVE;
            case SIMULTANEOUS_OPEN -> remote == SIMULTANEOUS_OPEN;
        };
    }

    /**
     * RFC 6544 §4.2's recommended direction-pref (0..7, 7 the most preferred): for host and relayed candidates active
     * 6, passive 4, simultaneous-open 2; for server-reflexive ones (behind a NAT, where only a simultaneous open or
     * an outbound connection gets through) simultaneous-open 6, active 4, passive 2.
     *
     * @param type the candidate's type
     * @return the direction-pref
     */
    public int directionPreference(CandidateType type) {
        boolean reflexive = type == CandidateType.SERVER_REFLEXIVE;
        return switch (this) {
            case ACTIVE -> reflexive ? 4 : 6;
            case PASSIVE -> reflexive ? 2 : 4;
            case SIMULTANEOUS_OPEN -> reflexive ? 6 : 2;
        };
    }

    /**
     * RFC 6544 §4.2: the local preference of a TCP candidate, (2^13) · direction-pref + other-pref.
     *
     * @param type the candidate's type
     * @param otherPref 0..8191, the preference of the address the candidate was obtained from (8191 with one)
     * @return the local preference, 0..65535
     */
    public int localPreference(CandidateType type, int otherPref) {
        if (otherPref < 0 || otherPref > 8191) {
            throw new IllegalArgumentException("other-pref must be 0..8191, got " + otherPref);
        }
        return (1 << 13) * directionPreference(type) + otherPref;
    }
}
