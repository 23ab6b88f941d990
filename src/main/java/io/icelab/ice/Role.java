package io.icelab.ice;

/** RFC 8445 §2.3: who nominates. */
public enum Role {
    /** Nominates pairs (§8.1); sends ICE-CONTROLLING in its checks. */
    CONTROLLING,
    /** Follows the controlling agent's nominations; sends ICE-CONTROLLED. */
    CONTROLLED
}
