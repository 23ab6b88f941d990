package io.icelab.stun;

/** The transport a datagram or frame travelled on. */
public enum Transport {
    /** Datagrams: requests are retransmitted (RFC 8489 §6.2.1). */
    UDP,
    /** A stream: requests are sent once (RFC 8489 §6.2.2). */
    TCP,
    /** TCP with TLS (RFC 8489 §6.2.3). */
    TLS;

    /**
     * Whether the transport delivers reliably, so requests are not retransmitted.
     *
     * @return true for TCP and TLS
     */
    public boolean isReliable() {
        return this != UDP;
    }
}
