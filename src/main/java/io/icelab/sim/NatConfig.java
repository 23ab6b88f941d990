package io.icelab.sim;

/**
 * Every RFC 4787 behaviour of a simulated NAT (RFC 5382 for TCP comes later), as one immutable value.
 * Named profiles in {@code scenarios/nat-profiles/} are files of these settings.
 */
public record NatConfig(Mode mode, Dependence mapping, Dependence filtering, PortAssignment portAssignment,
        Collision collision, boolean portParity, int portMin, int portMax, int perHostQuota, Pooling pooling,
        long mappingLifetimeNanos, Refresh refresh, int tableLimit, boolean hairpinning, HairpinSource hairpinSource,
        boolean alg, FilteringScope filteringScope, TcpPolicy tcp) {

    /** What a NAT does to an unsolicited inbound SYN once RFC 5382 REQ-4's 6 seconds have passed. */
    public enum UnsolicitedSyn {
        /** Nothing (REQ-4a: answering would violate the NAT's security policy). */
        DROP,
        /** A RST on behalf of the inside (as many home routers do). */
        RESET
    }

    /**
     * RFC 5382's TCP behaviour: the idle timeout of an established connection's mapping (REQ-5: at least 2 h 4 min),
     * of a connection in a transitory state (before the handshake completed, after FIN or RST: at least 4 min), and
     * what an unsolicited inbound SYN gets (REQ-4).
     *
     * @param establishedNanos the established idle timeout
     * @param transitoryNanos the transitory idle timeout
     * @param unsolicitedSyn drop, or a RST after 6 s
     */
    public record TcpPolicy(long establishedNanos, long transitoryNanos, UnsolicitedSyn unsolicitedSyn) {
        /** REQ-5's minimums, and silence for unsolicited SYNs. */
        public static final TcpPolicy RFC5382 = new TcpPolicy(7440 * SimTime.S, 240 * SimTime.S, UnsolicitedSyn.DROP);

        /**
         * Refuses timeouts that are not positive.
         *
         * @param establishedNanos the established idle timeout
         * @param transitoryNanos the transitory idle timeout
         * @param unsolicitedSyn drop, or a RST after 6 s
         */
        public TcpPolicy {
            if (establishedNanos <= 0 || transitoryNanos <= 0) {
                throw new IllegalArgumentException("TCP mapping timeouts must be positive");
            }
        }
    }

    /** What the device does at all. */
    public enum Mode {
        /** Network address and port translation. */
        NAPT,
        /** No translation; inbound only along state created by outbound traffic (per {@code filtering}). */
        FIREWALL,
        /** No translation and no filtering: a plain router ("no NAT"). */
        ROUTER,
        /** Drops all UDP in both directions. */
        UDP_BLOCKED
    }

    /**
     * Whose history the §5 filter consults. RFC 4787 §5 defines filtering by the internal endpoint X:x: a packet
     * from Y is admitted if X:x has sent to Y (address-dependent) or to Y:y (address-and-port-dependent) through
     * any of its mappings. Some NATs (Linux conntrack) keep the state per mapping instead: a packet to one
     * mapping is admitted only if that mapping carried X:x's packets to the sender. They differ only where an
     * endpoint holds several mappings (address- or address-and-port-dependent mapping).
     */
    public enum FilteringScope { ENDPOINT, MAPPING }

    /** RFC 4787 §4.1 mapping and §5 filtering: what the remote endpoint contributes to the key. */
    public enum Dependence { ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT }

    /** RFC 4787 §4.2.1: how the external port is chosen. */
    public enum PortAssignment { PRESERVE, SEQUENTIAL, RANDOM }

    /** With PRESERVE, what happens when the internal port is taken already. */
    public enum Collision { NEXT_FREE, RANDOM }

    /** RFC 4787 §4.1: with several external IPs, does one internal host always get the same one. */
    public enum Pooling { PAIRED, ARBITRARY }

    /** RFC 4787 §4.3: which traffic keeps a mapping alive. */
    public enum Refresh { OUTBOUND, BOTH }

    /** RFC 4787 §6: the source a hairpinned packet carries. */
    public enum HairpinSource { EXTERNAL, INTERNAL }

    public static final long DEFAULT_LIFETIME = 120 * SimTime.S;

    public NatConfig {
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("port range " + portMin + "-" + portMax + " is not within 1-65535");
        }
        if (perHostQuota < 0 || tableLimit < 0 || mappingLifetimeNanos <= 0) {
            throw new IllegalArgumentException("quota and table limit cannot be negative; lifetime must be positive");
        }
    }

    /** RFC 4787's recommendation: EIM, APDF (or EIF), port preservation, 120 s, hairpinning. */
    public static NatConfig recommended() {
        return new NatConfig(Mode.NAPT, Dependence.ENDPOINT_INDEPENDENT, Dependence.ADDRESS_AND_PORT_DEPENDENT,
                PortAssignment.PRESERVE, Collision.NEXT_FREE, false, 1024, 65535, 0, Pooling.PAIRED,
                DEFAULT_LIFETIME, Refresh.OUTBOUND, 0, true, HairpinSource.EXTERNAL, false, FilteringScope.ENDPOINT, TcpPolicy.RFC5382);
    }

    public static NatConfig of(Dependence mapping, Dependence filtering) {
        return recommended().with(mapping, filtering);
    }

    public NatConfig with(Dependence m, Dependence f) {
        return new NatConfig(mode, m, f, portAssignment, collision, portParity, portMin, portMax, perHostQuota, pooling,
                mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withMode(Mode m) {
        return new NatConfig(m, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withHairpinning(boolean on, HairpinSource source) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, mappingLifetimeNanos, refresh, tableLimit, on, source, alg, filteringScope, tcp);
    }

    public NatConfig withPorts(PortAssignment a, Collision c, boolean parity, int min, int max) {
        return new NatConfig(mode, mapping, filtering, a, c, parity, min, max, perHostQuota, pooling,
                mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withLimits(int quota, int table) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax, quota,
                pooling, mappingLifetimeNanos, refresh, table, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withLifetime(long nanos, Refresh r) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, nanos, r, tableLimit, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withPooling(Pooling p) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, p, mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg, filteringScope, tcp);
    }

    public NatConfig withAlg(boolean on) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, on, filteringScope, tcp);
    }

    public NatConfig withFilteringScope(FilteringScope scope) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg, scope, tcp);
    }

    /**
     * The same with another TCP behaviour (RFC 5382).
     *
     * @param t the TCP policy
     * @return the changed settings
     */
    public NatConfig withTcp(TcpPolicy t) {
        return new NatConfig(mode, mapping, filtering, portAssignment, collision, portParity, portMin, portMax,
                perHostQuota, pooling, mappingLifetimeNanos, refresh, tableLimit, hairpinning, hairpinSource, alg,
                filteringScope, t);
    }
}
