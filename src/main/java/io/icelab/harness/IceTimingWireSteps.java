package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;

/**
 * When the ICE agents' packets went on the simulated wire, checked against RFC 8445 §14 and RFC 7675: check and
 * gathering pacing, consent cadence, keepalives, triggered checks' promptness.
 */
public final class IceTimingWireSteps {
    private final World world;
    private final IceWire wire;

    public IceTimingWireSteps(World world) {
        this.world = world;
        this.wire = new IceWire(world);
    }

    /**
     * RFC 7675 §5.1: after the pair is selected (from 15 s on), WHO's checks to the selected remote are
     * consent checks: each a new transaction, one every 4-6 s (5 s randomised by ±20 %).
     */
    @Then("{word}'s consent checks went out every 4 to 6 s, each a new transaction")
    public void consentChecks(String who) {
        java.util.List<Long> times = quietSelectedPairTraffic(who, StunMessage::isRequest);
        assertGaps(times, 5, 4.0, 6.0, "consent check");
        // §5.1: each interval drawn anew (0.8..1.2 x 5 s), so the gaps are not all the same
        java.util.Set<Long> gaps = new java.util.TreeSet<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / 1_000_000L);
        }
        assertThat(gaps).as("distinct gaps (ms) between %s's consent checks", who).hasSizeGreaterThan(1);
    }

    /**
     * When WHO's STUN messages of a kind went out on its selected pair from 15 s on (a quiet, connected
     * pair), seen in WHO's own realm: the first sending of each transaction id, in order.
     */
    private java.util.List<Long> quietSelectedPairTraffic(String who, java.util.function.Predicate<StunMessage> kind) {
        io.icelab.ice.Candidate[] pair = world.ice.get(who).agent().selectedPair(1, 1);
        assertThat(pair).as(who + "'s selected pair").isNotNull();
        String realm = world.sim().host(who).iface(0).realm().name();
        java.util.Map<String, Long> firstSent = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && kind.test(m) && m.method().equals(io.icelab.stun.Method.BINDING) && c.realm().equals(realm)
                    && c.timeNanos() > 15 * io.icelab.sim.SimTime.S && c.packet().source().equals(pair[0].base())
                    && c.packet().destination().equals(pair[1].address())) {
                firstSent.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        return new java.util.ArrayList<>(firstSent.values());
    }

    /** At least {@code min} times, each {@code lo}..{@code hi} seconds after the one before. */
    private static void assertGaps(java.util.List<Long> times, int min, double lo, double hi, String what) {
        assertThat(times).as(what + "s after 15 s").hasSizeGreaterThanOrEqualTo(min);
        for (int i = 1; i < times.size(); i++) {
            assertThat((times.get(i) - times.get(i - 1)) / 1e9).as("gap before %s %d", what, i).isBetween(lo, hi);
        }
    }

    /**
     * RFC 8445 §6.1.4.2 and §14: WHO starts a new check (or gathering transaction) at most once per Ta: the
     * first transmissions of its requests are at least Ta apart.
     */
    @Then("{word}'s checks started at least {int} ms apart, {int} or more of them")
    public void checksPaced(String who, int ms, int atLeast) {
        long until = wire.firstSelection();
        java.util.List<Long> times = wire.checksOf(who).stream().map(IceWire.Check::time).filter(t -> t < until).sorted().toList();
        assertThat(times).as("%s's checks", who).hasSizeGreaterThanOrEqualTo(atLeast);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before check %d of %s at %s s", i, who,
                    io.icelab.sim.SimTime.format(times.get(i))).isGreaterThanOrEqualTo(ms * 1_000_000L);
        }
    }

    /** RFC 8445 §11: WHO's keepalives are Binding indications without authentication, with FINGERPRINT only. */
    @Then("every keepalive {word} sent carries FINGERPRINT and nothing else")
    public void keepaliveForm(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.net.InetAddress host = world.locals.get(who).getAddress();
        int n = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.isIndication() && m.method().equals(io.icelab.stun.Method.BINDING) && c.realm().equals(realm)
                    && c.packet().source().getAddress().equals(host)) {
                n++;
                assertThat(m.attributes()).as("attributes of keepalive %s", m.transactionId()).hasSize(1)
                        .allMatch(a -> a instanceof io.icelab.stun.CoreAttribute.Fingerprint);
                assertThat(m.fingerprintStatus()).isEqualTo(StunMessage.FingerprintStatus.VALID);
            }
        }
        assertThat(n).as("keepalives %s sent", who).isPositive();
    }

    /**
     * RFC 8445 §5.1.1.2 and §14.1: WHO's gathering transactions (a Binding request to the STUN server, an
     * unauthenticated Allocate to the TURN server) start at least Ta (50 ms) apart.
     */
    @Then("{word}'s gathering requests started at least {int} ms apart")
    public void gatheringPaced(String who, int ms) {
        String realm = world.sim().host(who).iface(0).realm().name();
        java.util.Map<String, Long> first = new java.util.LinkedHashMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !c.realm().equals(realm) || !c.packet().source().equals(world.locals.get(who))) {
                continue;
            }
            boolean stun = m.method().equals(io.icelab.stun.Method.BINDING) && c.packet().destination().equals(NetworkSteps.STUN);
            boolean allocate = m.method().equals(io.icelab.stun.Method.ALLOCATE)
                    && !m.has(io.icelab.stun.CoreAttribute.Username.class); // the first, not its authenticated retry
            if (stun || allocate) {
                first.putIfAbsent(m.transactionId().toString(), c.timeNanos());
            }
        }
        java.util.List<Long> times = first.values().stream().sorted().toList();
        assertThat(times).as("%s's gathering requests", who).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before gathering request %d of %s", i, first)
                    .isGreaterThanOrEqualTo(ms * 1_000_000L);
        }
    }

    /**
     * RFC 8445 §11: on a quiet connection (from 15 s on) WHO sends a Binding indication on the selected pair
     * every Tr = 15 s (15.0 to 15.5 s apart).
     */
    @Then("{word} sent a keepalive on the selected pair every 15 s")
    public void keepalives(String who) {
        // Tr = 15 s and never less (RFC 8445 §11): on a quiet pair the keepalives are 15 s apart, give or take the
        // timer's granularity
        assertGaps(quietSelectedPairTraffic(who, StunMessage::isIndication), 3, 15.0, 15.5, "keepalive");
    }

    /**
     * RFC 8445 §7.3.1.4: a check from an address WHO has not checked yet triggers a check back to it: WHO
     * sends its own check to every address a check came from, within 200 ms of the first one (in WHO's
     * realm, from the base the check arrived at).
     */
    @Then("{word} checked back every address a check came from within 200 ms")
    public void triggered(String who) {
        String realm = world.sim().host(who).iface(0).realm().name();
        String ufrag = world.ice.get(who).agent().localUfrag();
        java.util.Map<String, Long> firstIn = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.List<Long>> out = new java.util.TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !c.realm().equals(realm) || !m.has(io.icelab.stun.IceAttribute.Priority.class)) {
                continue;
            }
            String user = m.attribute(io.icelab.stun.CoreAttribute.Username.class).value().utf8();
            if (user.startsWith(ufrag + ":")) { // a check to WHO
                firstIn.putIfAbsent(c.packet().destination() + " <- " + c.packet().source(), c.timeNanos());
            } else if (user.endsWith(":" + ufrag)) { // a check from WHO
                out.computeIfAbsent(c.packet().source() + " <- " + c.packet().destination(), k -> new java.util.ArrayList<>())
                        .add(c.timeNanos());
            }
        }
        assertThat(firstIn).as("checks %s received", who).isNotEmpty();
        firstIn.forEach((path, t) -> assertThat(out.getOrDefault(path, java.util.List.of()))
                .as("%s's checks on %s (first check in at %d ms)", who, path, t / 1_000_000)
                .anyMatch(x -> x <= t + 200_000_000L));
    }
}
