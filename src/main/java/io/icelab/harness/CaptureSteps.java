package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;
import java.util.List;

/** Assertions on what was on the wire. */
public final class CaptureSteps {
    private final World world;

    public CaptureSteps(World world) {
        this.world = world;
    }

    @Then("every FINGERPRINT on the wire is valid")
    public void fingerprints() {
        int carried = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.fingerprintStatus() != StunMessage.FingerprintStatus.ABSENT) {
                carried++;
                assertThat(m.fingerprintStatus()).as("packet %s", c.packet()).isEqualTo(StunMessage.FingerprintStatus.VALID);
            }
        }
        assertThat(carried).as("messages with a FINGERPRINT").isPositive();
    }

    @Then("every STUN message on the wire decodes")
    public void decodes() {
        for (Recorder.Captured c : world.recorder.packets()) {
            int first = c.packet().payload().length() == 0 ? -1 : c.packet().payload().get(0);
            if (first >= 0 && first <= 3) {
                assertThat(IceSteps.stun(c)).as("packet %s", c.packet()).isNotNull();
            }
        }
    }

    /**
     * RFC 8489 §14, §14.1, §14.8, §14.12 and RFC 8656 §18: every STUN message a sender put on the wire has
     * zero padding and zero reserved bits ({@link WireLint}).
     */
    @Then("every STUN message on the wire pads with zeros and sets no reserved bit")
    public void lint() {
        List<String> problems = new java.util.ArrayList<>();
        int checked = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            if (IceSteps.stun(c) != null) {
                checked++;
                WireLint.problems(c.packet().payload()).forEach(p -> problems.add(c.packet() + ": " + p));
            }
        }
        assertThat(checked).as("STUN messages on the wire").isPositive();
        assertThat(problems).as("padding and reserved bits that are not zero").isEmpty();
    }

    /**
     * RFC 8489 §6.1: with the path MTU unknown a STUN message over UDP stays within a 576-byte IPv4 packet
     * (548 bytes of STUN) or a 1280-byte IPv6 packet (1232 bytes).
     */
    @Then("every STUN message on the wire fits the default path MTU")
    public void mtu() {
        List<String> big = world.recorder.packets().stream().filter(c -> IceSteps.stun(c) != null)
                .filter(c -> c.packet().payload().length() > (c.packet().destination().getAddress()
                        instanceof java.net.Inet4Address ? 548 : 1232))
                .map(c -> c.packet() + ": " + c.packet().payload().length() + " bytes").toList();
        assertThat(big).as("STUN messages over the default path MTU").isEmpty();
    }

    /** Nothing at all leaves WHO's host, to any address, in the next N s of virtual time (any realm, any protocol). */
    @Then("{word} sends nothing to any address in the next {int} s")
    public void silentHost(String who, int seconds) {
        long from = world.sim().now();
        world.sim().runUntil(from + seconds * io.icelab.sim.SimTime.S);
        java.net.InetAddress host = world.locals.get(who).getAddress();
        List<String> sent = world.recorder.packets().stream().filter(c -> c.timeNanos() > from
                && c.packet().source().getAddress().equals(host))
                .map(c -> io.icelab.sim.SimTime.format(c.timeNanos()) + " " + c.packet()).toList();
        assertThat(sent).as("what %s sent from %s s on", who, io.icelab.sim.SimTime.format(from)).isEmpty();
    }

    @Then("no packet left {word}'s NAT after {word} lost consent")
    public void silentAfterConsentLost(String natOwner, String who) {
        long t = world.sim().log().firstTime(who + ":ice: ConsentLost").orElseThrow();
        // RFC 7675 §5.1: watch 40 s past the loss, longer than any transaction still running (39.5 s)
        world.sim().runUntil(t + 40 * io.icelab.sim.SimTime.S);
        String external = NetworkSteps.ip("203.0.113." + NetworkSteps.number(natOwner)).getHostAddress();
        long after = world.recorder.packets().stream().filter(c -> c.timeNanos() > t
                && c.realm().equals("internet") && c.packet().source().getAddress().getHostAddress().equals(external))
                .count();
        assertThat(after).as("packets from %s's NAT after %s s", natOwner, io.icelab.sim.SimTime.format(t)).isZero();
    }


    /**
     * RFC 8489 §6: every transaction has an id of its own. On the wire, the copies of one request id are
     * retransmissions (identical bytes); two different requests never share an id.
     */
    @Then("no two different requests on the wire share a transaction id")
    public void freshTransactionIds() {
        java.util.Map<String, io.icelab.stun.Bytes> firstCopy = new java.util.TreeMap<>();
        java.util.Map<String, String> firstFrom = new java.util.TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest()) {
                continue;
            }
            String tid = m.transactionId().toString();
            // the same datagram seen in several realms has other addresses but the same STUN bytes
            io.icelab.stun.Bytes known = firstCopy.putIfAbsent(tid, c.packet().payload());
            if (known != null) {
                assertThat(c.packet().payload()).as("request %s reuses the id of %s", c.packet(), firstFrom.get(tid))
                        .isEqualTo(known);
            } else {
                firstFrom.put(tid, c.packet().toString());
            }
        }
        assertThat(firstCopy).as("requests on the wire").hasSizeGreaterThan(5);
    }
}
