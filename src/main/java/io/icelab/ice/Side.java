package io.icelab.ice;

/** Whose candidate: this agent's, or the peer's (RFC 8445 §6.1.2.2 pairs each local with each remote one). */
enum Side { LOCAL, REMOTE }
