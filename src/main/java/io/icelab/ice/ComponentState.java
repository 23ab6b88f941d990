package io.icelab.ice;

/** A component's connectivity, as applications usually present it. */
public enum ComponentState {
    /** Checks are running and no pair is selected yet. */
    CHECKING,
    /** A pair is selected (RFC 8445 §8.1.1) and, with consent on, consent is fresh (RFC 7675). */
    CONNECTED,
    /** Every pair failed (RFC 8445 §8.1.2), or the session was closed. */
    FAILED,
    /** Consent expired on the selected pair (RFC 7675 §5.1): nothing more is sent on it. */
    DISCONNECTED
}
