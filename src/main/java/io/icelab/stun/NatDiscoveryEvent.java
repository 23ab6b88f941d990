package io.icelab.stun;

/** Progress and the result of a {@link NatDiscoveryClient}. */
public sealed interface NatDiscoveryEvent {

    /** One RFC 5780 test finished; {@code outcome} is a short human-readable result. */
    record TestCompleted(String test, String outcome, long atNanos) implements NatDiscoveryEvent {
    }

    /**
     * All tests are done.
     *
     * @param behavior what they found
     */
    record Finished(NatBehavior behavior) implements NatDiscoveryEvent {
    }
}
