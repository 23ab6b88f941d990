package io.icelab.stun;

/** The transport a datagram or frame travelled on. */
public enum Transport {
    UDP,
    TCP,
    TLS;

    public boolean isReliable() {
        return this != UDP;
    }
}
