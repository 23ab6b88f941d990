package io.icelab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.icelab.stun.StunMessage;

/**
 * Role conflicts as they show on the simulated wire (RFC 8445 §7.2.5.1, §7.3.1.1): 487 answers follow the
 * tie-breakers, the loser draws a new tie-breaker, and role attributes stay consistent.
 */
public final class IceRoleWireSteps {
    private final World world;
    private final IceWire wire;

    public IceRoleWireSteps(World world) {
        this.world = world;
        this.wire = new IceWire(world);
    }

    /**
     * RFC 8445 §7.3.1.1 and §7.2.5.1, read off the wire: every 487 answers a check that lost the tie-breaker
     * comparison against the answering agent's value (both controlling: the answerer's is larger or equal;
     * both controlled: the answerer's is smaller), and every later check of the agent that got the 487 carries
     * a new tie-breaker. The answerer's value is the one in its own last check before the 487.
     */
    @Then("every 487 on the wire follows the tie-breakers and the loser draws a new tie-breaker")
    public void roleConflictsByTieBreaker() {
        checkRoleConflicts();
    }

    /** The checks of {@link #roleConflictsByTieBreaker}; the number of 487 answers seen. */
    private int checkRoleConflicts() {
        java.util.List<StunMessage> seen = new java.util.ArrayList<>();
        java.util.List<Long> firstAt = new java.util.ArrayList<>();
        java.util.Map<String, Long> lastAt = new java.util.TreeMap<>();
        for (Recorder.Captured c : world.recorder.packets()) {
            StunMessage m = IceSteps.stun(c);
            if (m != null && m.method().equals(io.icelab.stun.Method.BINDING)
                    && lastAt.put(m.messageClass() + " " + m.transactionId(), c.timeNanos()) == null) {
                seen.add(m);
                firstAt.add(c.timeNanos());
            }
        }
        int conflicts = 0;
        for (int i = 0; i < seen.size(); i++) {
            StunMessage answer = seen.get(i);
            if (answer.messageClass() != io.icelab.stun.MessageClass.ERROR_RESPONSE || answer.errorCode() != 487) {
                continue;
            }
            conflicts++;
            StunMessage request = null;
            for (int j = i - 1; j >= 0 && request == null; j--) {
                if (seen.get(j).isRequest() && seen.get(j).transactionId().equals(answer.transactionId())) {
                    request = seen.get(j);
                }
            }
            assertThat(request).as("the check 487 %s answered", answer.transactionId()).isNotNull();
            String[] users = request.attribute(io.icelab.stun.CoreAttribute.Username.class).text().split(":");
            Long answerer = lastTieBreaker(seen, i, users[0]);
            Long asked = tieBreaker(request);
            assertThat(answerer).as("a check of the agent that sent 487 %s", answer.transactionId()).isNotNull();
            boolean controlling = request.has(io.icelab.stun.IceAttribute.IceControlling.class);
            int cmp = Long.compareUnsigned(answerer, asked);
            assertThat(controlling ? cmp >= 0 : cmp < 0).as("487 to a %s check with tie-breaker %s from an agent "
                    + "with %s", controlling ? "controlling" : "controlled", Long.toUnsignedString(asked),
                    Long.toUnsignedString(answerer)).isTrue();
            // the loser's checks from the 487's arrival on: the ones already on their way may carry the old value,
            // but from the first with a new value on, none goes back to the one that lost
            long arrived = lastAt.get(answer.messageClass() + " " + answer.transactionId());
            java.util.List<String> after = new java.util.ArrayList<>();
            boolean changed = false;
            for (int j = i + 1; j < seen.size(); j++) {
                StunMessage later = seen.get(j);
                if (later.isRequest() && IceWire.sender(later).equals(users[1]) && firstAt.get(j) >= arrived) {
                    Long tb = tieBreaker(later);
                    after.add(io.icelab.sim.SimTime.format(firstAt.get(j)) + " " + (tb == null ? "-" : Long.toUnsignedString(tb)));
                    assertThat(changed && asked.equals(tb)).as("%s went back to the tie-breaker that lost: %s", users[1],
                            after).isFalse();
                    changed |= tb != null && !asked.equals(tb);
                }
            }
            assertThat(changed).as("%s's checks after the 487 at %s s carry a new tie-breaker (lost with %s): %s",
                    users[1], io.icelab.sim.SimTime.format(arrived), Long.toUnsignedString(asked), after).isTrue();
        }
        return conflicts;
    }

    @Then("at least one 487 Role Conflict went over the wire")
    public void some487() {
        assertThat(checkRoleConflicts()).as("487 answers on the wire").isPositive();
    }

    private static Long tieBreaker(StunMessage m) {
        io.icelab.stun.IceAttribute.IceControlling a = m.attribute(io.icelab.stun.IceAttribute.IceControlling.class);
        io.icelab.stun.IceAttribute.IceControlled b = m.attribute(io.icelab.stun.IceAttribute.IceControlled.class);
        return a != null ? Long.valueOf(a.tieBreaker()) : b != null ? Long.valueOf(b.tieBreaker()) : null;
    }

    /** The tie-breaker in the last check the agent with this ufrag sent before message {@code before}. */
    private static Long lastTieBreaker(java.util.List<StunMessage> seen, int before, String ufrag) {
        for (int j = before - 1; j >= 0; j--) {
            StunMessage m = seen.get(j);
            if (m.isRequest() && IceWire.sender(m).equals(ufrag) && tieBreaker(m) != null) {
                return tieBreaker(m);
            }
        }
        return null;
    }

    /** RFC 8445 §7.1.3: in a run without role changes, every check of WHO carries the role attribute of its role. */
    @Then("every check {word} sent carries {word}")
    public void roleAttribute(String who, String attribute) {
        Class<? extends io.icelab.stun.StunAttribute> kind = switch (attribute) {
            case "ICE-CONTROLLING" -> io.icelab.stun.IceAttribute.IceControlling.class;
            case "ICE-CONTROLLED" -> io.icelab.stun.IceAttribute.IceControlled.class;
            default -> throw new IllegalArgumentException("say ICE-CONTROLLING or ICE-CONTROLLED, not " + attribute);
        };
        java.util.List<StunMessage> checks = wire.checksOf(who).stream().map(IceWire.Check::message).toList();
        assertThat(checks).as("%s's checks", who).isNotEmpty().allMatch(m -> m.has(kind));
    }

    /** RFC 8445 §16.1 / §7.3.1.1: without a 487, every check of WHO carries the same tie-breaker. */
    @Then("every check {word} sent carries the same tie-breaker")
    public void oneTieBreaker(String who) {
        java.util.Set<Long> values = new java.util.TreeSet<>();
        for (IceWire.Check c : wire.checksOf(who)) {
            values.add(tieBreaker(c.message()));
        }
        assertThat(values).as("tie-breakers in %s's checks", who).hasSize(1);
    }
}
