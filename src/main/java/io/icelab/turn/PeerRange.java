package io.icelab.turn;

/**
 * The kinds of special-purpose address a TURN server refuses as a peer unless told otherwise (RFC 8656
 * §21.1 and §21.2.2; the IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890 and successors).
 */
public enum PeerRange {
    /** 127.0.0.0/8, ::1: the server's own host. */
    LOOPBACK("loopback"),
    /** RFC 1918, RFC 6598 shared address space (100.64.0.0/10), RFC 4193 unique local (fc00::/7). */
    PRIVATE("private"),
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL("link-local"),
    /**
     * Never on the internet: "this network" 0.0.0.0/8, IETF protocol assignments 192.0.0.0/24,
     * benchmarking 198.18.0.0/15 and 2001:2::/48, reserved 240.0.0.0/4, limited broadcast
     * 255.255.255.255, deprecated site-local fec0::/10, discard-only 100::/64.
     */
    SPECIAL("special-purpose");

    private final String text;

    PeerRange(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
