package io.icelab.harness;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** What a scenario's Given steps set for one agent before it starts; read when the agents are made. */
final class AgentSetup {
    /** Addresses offered as bases besides the host's own (RFC 8445 §5.1.1.1 decides which qualify). */
    final List<InetAddress> extraBases = new ArrayList<>();
    /** RFC 7675 §5.1: consent expiry instead of 30 s. */
    OptionalLong consentTimeout = OptionalLong.empty();
    /** RFC 8838: trickled candidates, or all at once with end-of-candidates. */
    Trickle trickle = Trickle.ON;
    /** Delay of the server-reflexive candidates' signalling. */
    OptionalLong lateServerReflexive = OptionalLong.empty();
    /** Delay of the host candidates' signalling (RFC 8838 §5: an initial offer without candidates). */
    OptionalLong lateHost = OptionalLong.empty();
    /** Each candidate signalled once, or twice (the second a duplicate to ignore). */
    Signalling signalling = Signalling.ONCE;

    enum Trickle {
        ON,
        OFF
    }

    enum Signalling {
        ONCE,
        TWICE
    }
}
