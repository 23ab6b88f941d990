package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;

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

    @Then("no packet left {word}'s NAT after {word} lost consent")
    public void silentAfterConsentLost(String natOwner, String who) {
        String lost = world.sim().log().lines().stream().filter(l -> l.contains(who + ":ice: ConsentLost"))
                .findFirst().orElseThrow();
        long t = (long) (Double.parseDouble(lost.split(" ")[0]) * 1e9);
        String external = NetworkSteps.ip("203.0.113." + NetworkSteps.number(natOwner)).getHostAddress();
        long after = world.recorder.packets().stream().filter(c -> c.timeNanos() > t
                && c.realm().equals("internet") && c.packet().source().getAddress().getHostAddress().equals(external))
                .count();
        assertThat(after).as("packets from %s's NAT after %s s", natOwner, lost.split(" ")[0]).isZero();
    }

    /**
     * RFC 8445 §7.1.1-7.1.2: a connectivity check (a Binding request between the agents, not to a
     * STUN or TURN server) carries PRIORITY, USERNAME "receiver:sender" with both ufrags, exactly one
     * of ICE-CONTROLLING and ICE-CONTROLLED, MESSAGE-INTEGRITY and a valid FINGERPRINT.
     */
    @Then("every connectivity check on the wire carries PRIORITY, USERNAME, one role attribute, MESSAGE-INTEGRITY and FINGERPRINT")
    public void checksCarryTheirAttributes() {
        java.util.Set<String> ufrags = new java.util.TreeSet<>();
        world.ice.values().forEach(h -> ufrags.add(h.agent().localUfrag()));
        java.util.Set<java.net.InetAddress> servers = java.util.Set.of(NetworkSteps.STUN.getAddress(),
                NetworkSteps.STUN_ALT.getAddress(), NetworkSteps.TURN.getAddress());
        int checks = 0;
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m == null || !m.isRequest() || !m.method().equals(io.icelab.stun.Method.BINDING)
                    || servers.contains(c.packet().destination().getAddress())) {
                continue;
            }
            checks++;
            String what = "check " + c.packet();
            assertThat(m.has(io.icelab.stun.IceAttribute.Priority.class)).as(what + ": PRIORITY").isTrue();
            boolean controlling = m.has(io.icelab.stun.IceAttribute.IceControlling.class);
            boolean controlled = m.has(io.icelab.stun.IceAttribute.IceControlled.class);
            assertThat(controlling ^ controlled).as(what + ": exactly one of ICE-CONTROLLING and ICE-CONTROLLED").isTrue();
            assertThat(m.has(io.icelab.stun.CoreAttribute.MessageIntegrity.class)).as(what + ": MESSAGE-INTEGRITY").isTrue();
            assertThat(m.fingerprintStatus()).as(what + ": FINGERPRINT").isEqualTo(StunMessage.FingerprintStatus.VALID);
            io.icelab.stun.CoreAttribute.Username u = m.attribute(io.icelab.stun.CoreAttribute.Username.class);
            assertThat(u).as(what + ": USERNAME").isNotNull();
            String[] parts = u.value().utf8().split(":", -1);
            assertThat(parts).as(what + ": USERNAME receiver:sender").hasSize(2);
            assertThat(ufrags).as(what + ": both ufrags").contains(parts[0], parts[1]);
            assertThat(parts[0]).as(what + ": receiver differs from sender").isNotEqualTo(parts[1]);
        }
        assertThat(checks).as("connectivity checks on the wire").isPositive();
    }
}
