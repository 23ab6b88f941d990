package io.icelab.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * RFC 5780 NAT behaviour discovery, sans-IO. Against a server in RFC 5780 mode it determines the
 * mapping behaviour (§4.3), the filtering behaviour (§4.4), hairpinning (§4.5) and, with a second
 * local socket, an estimate of the binding lifetime (§4.6).
 * <p>
 * The filtering tests run before the mapping tests: the mapping tests send to the server's alternate
 * address, which would open an address-and-port-dependent filter for it and fake an
 * endpoint-independent result.
 */
public final class NatDiscoveryClient implements SansIo<NatDiscoveryEvent> {

    /** Bounds of the §4.6 binding lifetime search; all in nanoseconds. */
    public record LifetimeSearch(long firstProbeNanos, long maxNanos, long resolutionNanos) {
    }

    /**
     * {@code secondLocal} is needed only for the lifetime search (null to skip it). {@link #QUICK}
     * keeps RFC 8489 §6.2.1's 500 ms initial RTO but sends 3 times instead of 7, so a test meant to
     * time out (filtering, hairpinning) ends after 3.5 s instead of 39.5 s.
     */
    public record Config(InetSocketAddress local, InetSocketAddress secondLocal, InetSocketAddress server,
            RetransmitSchedule schedule, boolean testHairpinning, LifetimeSearch lifetime) {
        /**
         * Three transmissions, the last waited on for 4 RTOs: a test meant to time out ends after 3.5 s (3 s over
         * TCP).
         */
        public static final RetransmitSchedule QUICK = new RetransmitSchedule(500_000_000L, 3, 4, Long.MAX_VALUE,
                3_000_000_000L);

        /**
         * The usual settings: one local address, the quick schedule, hairpinning tested, no lifetime search.
         *
         * @param local the client's address
         * @param server the RFC 5780 server
         * @return the settings
         */
        public static Config of(InetSocketAddress local, InetSocketAddress server) {
            return new Config(local, null, server, QUICK, true, null);
        }
    }

    private enum Step { IDLE, TEST1, FILTER2, FILTER3, MAP2, MAP3, HAIRPIN, LIFETIME_REFRESH, LIFETIME_WAIT, LIFETIME_PROBE, DONE }

    private final Config config;
    private final StunClient client;
    private final ArrayDeque<NatDiscoveryEvent> events = new ArrayDeque<>();
    private final List<String> notes = new ArrayList<>();
    private Step step = Step.IDLE;
    private long handle;
    private TransactionId hairpinId;
    private long waitUntil = NO_DEADLINE;

    private InetSocketAddress mapped1;
    private InetSocketAddress mapped2;
    private InetSocketAddress other;
    private NatBehavior.Outcome outcome;
    private NatBehavior.Mapping mapping = NatBehavior.Mapping.UNKNOWN;
    private NatBehavior.Filtering filtering = NatBehavior.Filtering.UNKNOWN;
    private NatBehavior.Hairpinning hairpinning = NatBehavior.Hairpinning.UNKNOWN;
    private long lifetimeProbe;
    private long lifetimeAlive = -1;
    private long lifetimeDead = -1;

    /**
     * A client that has sent nothing yet.
     *
     * @param random transaction ids
     * @param config the settings
     */
    public NatDiscoveryClient(RandomGenerator random, Config config) {
        this.config = config;
        this.client = new StunClient(random, new StunClient.Config(config.schedule(), null, 0));
    }

    /**
     * Sends Test I (RFC 5780 §4.3).
     *
     * @param nowNanos the current time
     */
    public void start(long nowNanos) {
        if (step != Step.IDLE) {
            throw new IllegalStateException("discovery already started");
        }
        test(nowNanos, Step.TEST1, config.local(), config.server(), List.of());
    }

    private void test(long now, Step next, InetSocketAddress from, InetSocketAddress to, List<StunAttribute> attrs) {
        step = next;
        handle = client.send(now, StunRequest.binding(from, to).withAttributes(attrs));
    }

    @Override
    public void handleDatagram(long nowNanos, Datagram d) {
        if (step == Step.HAIRPIN && isOurHairpinProbe(d)) {
            client.cancel(handle);
            hairpinning = NatBehavior.Hairpinning.SUPPORTED;
            report(nowNanos, "hairpinning", "our request came back through the NAT");
            afterHairpin(nowNanos);
            return;
        }
        client.handleDatagram(nowNanos, d);
        drain(nowNanos);
    }

    private boolean isOurHairpinProbe(Datagram d) {
        try {
            StunMessage m = StunDecoder.decode(d.payload());
            return m.isRequest() && m.transactionId().equals(hairpinId);
        } catch (StunDecodeException e) {
            return false;
        }
    }

    @Override
    public Datagram pollTransmit(long nowNanos) {
        return client.pollTransmit(nowNanos);
    }

    @Override
    public long pollTimeout() {
        return Math.min(client.pollTimeout(), waitUntil);
    }

    @Override
    public void handleTimeout(long nowNanos) {
        if (step == Step.LIFETIME_WAIT && nowNanos >= waitUntil) {
            waitUntil = NO_DEADLINE;
            lifetimeProbeSend(nowNanos);
        }
        client.handleTimeout(nowNanos);
        drain(nowNanos);
    }

    @Override
    public NatDiscoveryEvent pollEvent() {
        return events.poll();
    }

    private void drain(long now) {
        for (StunClientEvent e; (e = client.pollEvent()) != null; ) {
            if (e.handle() != handle) {
                continue;
            }
            StunMessage response = e instanceof StunClientEvent.Success s ? s.response() : null;
            advance(now, response);
        }
    }

    /** One test finished with {@code response} (null: no answer). */
    /** RFC 5780 §4.4 filtering tests II and III: an answer to a changed IP and port, or to a changed port only. */
    private void afterFilteringTest(long now, boolean answered) {
        if (step == Step.FILTER2) {
            report(now, "filtering test II (change IP and port)", answered ? "answered" : "no answer");
            if (answered) {
                filtering = NatBehavior.Filtering.ENDPOINT_INDEPENDENT;
                startMapping(now);
            } else {
                test(now, Step.FILTER3, config.local(), config.server(),
                        List.of(new NatBehaviorAttribute.ChangeRequest(false, true)));
            }
            return;
        }
        report(now, "filtering test III (change port)", answered ? "answered" : "no answer");
        filtering = answered ? NatBehavior.Filtering.ADDRESS_DEPENDENT : NatBehavior.Filtering.ADDRESS_AND_PORT_DEPENDENT;
        startMapping(now);
    }

    /** RFC 5780 §4.3 mapping tests II and III: the mapped address towards the alternate IP, then IP and port. */
    private void afterMappingTest(long now, InetSocketAddress mapped) {
        if (step == Step.MAP2) {
            report(now, "mapping test II (alternate IP)", TransportAddresses.format(mapped));
            if (mapped == null) {
                notes.add("mapping test II got no answer");
                startHairpin(now);
            } else if (mapped.equals(mapped1)) {
                mapping = NatBehavior.Mapping.ENDPOINT_INDEPENDENT;
                startHairpin(now);
            } else {
                mapped2 = mapped;
                test(now, Step.MAP3, config.local(), other, List.of());
            }
            return;
        }
        report(now, "mapping test III (alternate IP and port)", TransportAddresses.format(mapped));
        if (mapped == null) {
            notes.add("mapping test III got no answer");
        } else {
            mapping = mapped.equals(mapped2) ? NatBehavior.Mapping.ADDRESS_DEPENDENT
                    : NatBehavior.Mapping.ADDRESS_AND_PORT_DEPENDENT;
        }
        startHairpin(now);
    }

    private void advance(long now, StunMessage response) {
        InetSocketAddress mapped = response == null ? null : mappedAddress(response);
        switch (step) {
            case TEST1 -> afterTest1(now, response, mapped);
            case FILTER2, FILTER3 -> afterFilteringTest(now, response != null);
            case MAP2, MAP3 -> afterMappingTest(now, mapped);
            case HAIRPIN -> {
                // Our own transaction timed out (or, oddly, was answered): the probe never came back.
                hairpinning = NatBehavior.Hairpinning.NOT_SUPPORTED;
                report(now, "hairpinning", "our request did not come back");
                if (mapping != NatBehavior.Mapping.ENDPOINT_INDEPENDENT
                        && filtering != NatBehavior.Filtering.ENDPOINT_INDEPENDENT) {
                    notes.add("hairpinning may be supported but masked by the filtering: the looped request left"
                            + " through a new mapping that the filter does not admit (RFC 5780 §4.5)");
                }
                afterHairpin(now);
            }
            case LIFETIME_REFRESH -> {
                if (mapped == null) {
                    notes.add("binding lifetime: refresh got no answer");
                    finish(now);
                } else {
                    mapped1 = mapped;
                    step = Step.LIFETIME_WAIT;
                    waitUntil = now + lifetimeProbe;
                }
            }
            case LIFETIME_PROBE -> afterLifetimeProbe(now, response != null);
            default -> {
            }
        }
    }

    private void afterTest1(long now, StunMessage response, InetSocketAddress mapped) {
        if (response == null || mapped == null) {
            outcome = NatBehavior.Outcome.UDP_BLOCKED;
            report(now, "test I", "no answer");
            finish(now);
            return;
        }
        mapped1 = mapped;
        outcome = sameAddress(mapped, config.local()) ? NatBehavior.Outcome.NO_NAT : NatBehavior.Outcome.NAT;
        report(now, "test I", "mapped " + TransportAddresses.format(mapped) + (outcome == NatBehavior.Outcome.NO_NAT ? " (no NAT)" : ""));
        NatBehaviorAttribute.OtherAddress oa = response.attribute(NatBehaviorAttribute.OtherAddress.class);
        if (oa == null) {
            notes.add("the server sent no OTHER-ADDRESS: it does not support RFC 5780, so mapping and filtering are unknown");
            startHairpin(now);
            return;
        }
        other = oa.address();
        if (other.getAddress().equals(config.server().getAddress())) {
            notes.add("the server's alternate address has the same IP: address-dependent behaviour cannot be told apart");
        }
        test(now, Step.FILTER2, config.local(), config.server(),
                List.of(new NatBehaviorAttribute.ChangeRequest(true, true)));
    }

    private void startMapping(long now) {
        if (outcome == NatBehavior.Outcome.NO_NAT) {
            mapping = NatBehavior.Mapping.ENDPOINT_INDEPENDENT;
            startHairpin(now);
            return;
        }
        InetAddress altIp = other.getAddress();
        test(now, Step.MAP2, config.local(), new InetSocketAddress(altIp, config.server().getPort()), List.of());
    }

    private void startHairpin(long now) {
        if (!config.testHairpinning() || outcome != NatBehavior.Outcome.NAT) {
            afterHairpin(now);
            return;
        }
        // RFC 5780 §4.5: send a request to our own mapped address and see whether it reaches us.
        test(now, Step.HAIRPIN, config.local(), mapped1, List.of());
        hairpinId = client.transactionId(handle);
    }

    private void afterHairpin(long now) {
        if (config.lifetime() != null && config.secondLocal() != null && outcome == NatBehavior.Outcome.NAT) {
            lifetimeProbe = config.lifetime().firstProbeNanos();
            test(now, Step.LIFETIME_REFRESH, config.local(), config.server(), List.of());
        } else {
            finish(now);
        }
    }

    /** RFC 5780 §4.6: from the second socket, ask for the answer to go to the first socket's mapped port. */
    private void lifetimeProbeSend(long now) {
        test(now, Step.LIFETIME_PROBE, config.secondLocal(), config.server(),
                List.of(new NatBehaviorAttribute.ResponsePort(mapped1.getPort())));
    }

    private void afterLifetimeProbe(long now, boolean alive) {
        report(now, "binding lifetime probe after " + lifetimeProbe / 1_000_000_000L + " s", alive ? "alive" : "gone");
        LifetimeSearch s = config.lifetime();
        if (alive) {
            lifetimeAlive = lifetimeProbe;
        } else {
            lifetimeDead = lifetimeProbe;
        }
        long next;
        if (lifetimeDead < 0) {
            if (lifetimeProbe >= s.maxNanos()) {
                notes.add("binding lifetime is at least the search maximum");
                finish(now);
                return;
            }
            next = Math.min(lifetimeProbe * 2, s.maxNanos());
        } else {
            long lo = Math.max(lifetimeAlive, 0);
            if (lifetimeDead - lo <= s.resolutionNanos()) {
                finish(now);
                return;
            }
            next = (lo + lifetimeDead) / 2;
        }
        lifetimeProbe = next;
        test(now, Step.LIFETIME_REFRESH, config.local(), config.server(), List.of());
    }

    private void finish(long now) {
        step = Step.DONE;
        long lifetime = lifetimeAlive >= 0 || lifetimeDead >= 0 ? Math.max(lifetimeAlive, 0) : NatBehavior.NOT_MEASURED;
        events.add(new NatDiscoveryEvent.Finished(new NatBehavior(outcome, mapped1, mapping, filtering, hairpinning,
                lifetime, notes)));
    }

    private void report(long now, String test, String result) {
        events.add(new NatDiscoveryEvent.TestCompleted(test, result, now));
    }

    private static InetSocketAddress mappedAddress(StunMessage m) {
        CoreAttribute.XorMappedAddress x = m.attribute(CoreAttribute.XorMappedAddress.class);
        if (x != null) {
            return x.address();
        }
        CoreAttribute.MappedAddress plain = m.attribute(CoreAttribute.MappedAddress.class);
        return plain == null ? null : plain.address();
    }

    /** A wildcard local address matches any mapped IP with the same port. */
    private static boolean sameAddress(InetSocketAddress mapped, InetSocketAddress local) {
        return mapped.getPort() == local.getPort()
                && (local.getAddress().isAnyLocalAddress() || mapped.getAddress().equals(local.getAddress()));
    }
}
