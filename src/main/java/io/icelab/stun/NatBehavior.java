package io.icelab.stun;

import java.net.InetSocketAddress;
import java.util.List;

/** The result of RFC 5780 NAT behaviour discovery. */
public record NatBehavior(Outcome outcome, InetSocketAddress mappedAddress, Mapping mapping, Filtering filtering,
        Hairpinning hairpinning, long bindingLifetimeNanos, List<String> notes) {

    /**
     * Copies the notes.
     *
     * @param outcome whether a NAT was found
     * @param mappedAddress the mapped address, or null
     * @param mapping the mapping behaviour
     * @param filtering the filtering behaviour
     * @param hairpinning whether hairpinning works
     * @param bindingLifetimeNanos the binding lifetime measured, or -1
     * @param notes what the tests saw, for people
     */
    public NatBehavior {
        notes = List.copyOf(notes);
    }

    /** What Test I found. */
    public enum Outcome {
        /** Test I got no answer: UDP is blocked or the server is down. */
        UDP_BLOCKED,
        /** The mapped address equals the local one: no NAT (there may still be a filtering firewall). */
        NO_NAT,
        /** A NAT is present. */
        NAT
    }

    /** RFC 4787 §4.1 mapping behaviour, as RFC 5780 §4.3 tests it. */
    public enum Mapping {
        /** The same mapping to every destination. */
        ENDPOINT_INDEPENDENT,
        /** A new mapping per destination IP. */
        ADDRESS_DEPENDENT,
        /** A new mapping per destination IP and port. */
        ADDRESS_AND_PORT_DEPENDENT,
        /** Not determined (the server lacks OTHER-ADDRESS, or a test got no answer). */
        UNKNOWN
    }

    /** RFC 4787 §5 filtering behaviour, as RFC 5780 §4.4 tests it. */
    public enum Filtering {
        /** Anyone may send to the mapping. */
        ENDPOINT_INDEPENDENT,
        /** Only IPs the client sent to may. */
        ADDRESS_DEPENDENT,
        /** Only IPs and ports the client sent to may. */
        ADDRESS_AND_PORT_DEPENDENT,
        /** Not determined. */
        UNKNOWN
    }

    /** RFC 5780 §4.5. */
    public enum Hairpinning {
        /** A datagram to the own mapped address came back. */
        SUPPORTED,
        /** It did not. */
        NOT_SUPPORTED,
        /** Not tested. */
        UNKNOWN
    }

    /** -1 when the binding lifetime was not measured. */
    public static final long NOT_MEASURED = -1;
}
