package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.List;

/** The result of RFC 5780 NAT behaviour discovery. */
public record NatBehavior(Outcome outcome, InetSocketAddress mappedAddress, Mapping mapping, Filtering filtering,
        Hairpinning hairpinning, long bindingLifetimeNanos, List<String> notes) {

    public NatBehavior {
        notes = List.copyOf(notes);
    }

    public enum Outcome {
        /** Test I got no answer: UDP is blocked or the server is down. */
        UDP_BLOCKED,
        /** The mapped address equals the local one: no NAT (there may still be a filtering firewall). */
        NO_NAT,
        /** A NAT is present. */
        NAT
    }

    /** RFC 4787 §4.1 mapping behaviour, as RFC 5780 §4.3 tests it. */
    public enum Mapping { ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT, UNKNOWN }

    /** RFC 4787 §5 filtering behaviour, as RFC 5780 §4.4 tests it. */
    public enum Filtering { ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT, UNKNOWN }

    /** RFC 5780 §4.5. */
    public enum Hairpinning { SUPPORTED, NOT_SUPPORTED, UNKNOWN }

    /** -1 when the binding lifetime was not measured. */
    public static final long NOT_MEASURED = -1;
}
