package io.icelab.ice;

import io.icelab.stun.IceAttribute;
import io.icelab.stun.StunAttribute;
import java.util.random.RandomGenerator;

/**
 * The agent's role and tie-breaker (RFC 8445 §6.1.1, §7.1.3) and the role-conflict rules: §7.3.1.1 for a request
 * that arrives, §7.2.5.1 for a 487 to one of ours.
 */
final class Roles {
    /** §7.3.1.1: what an incoming request's role attribute asks of us. */
    enum Verdict {
        /** No conflict (or the peer will switch): answer. */
        NONE,
        /** We keep our role: answer 487 Role Conflict. */
        ANSWER_487,
        /** We switch to controlled, then answer. */
        SWITCH_TO_CONTROLLED,
        /** We switch to controlling, then answer. */
        SWITCH_TO_CONTROLLING
    }

    private Role role;
    private long tieBreaker;

    Roles(Role initial, RandomGenerator random) {
        this.role = initial;
        this.tieBreaker = random.nextLong();
    }

    Role role() {
        return role;
    }

    boolean controlling() {
        return role == Role.CONTROLLING;
    }

    long tieBreaker() {
        return tieBreaker;
    }

    /** §7.1.3: ICE-CONTROLLING or ICE-CONTROLLED, with our tie-breaker. */
    StunAttribute attribute() {
        return role == Role.CONTROLLING ? new IceAttribute.IceControlling(tieBreaker)
                : new IceAttribute.IceControlled(tieBreaker);
    }

    /** §7.3.1.1: both sides claim the same role; the larger tie-breaker (unsigned) stays controlling. */
    Verdict onRequest(IceAttribute.IceControlling controlling, IceAttribute.IceControlled controlled) {
        if (role == Role.CONTROLLING && controlling != null) {
            return Long.compareUnsigned(tieBreaker, controlling.tieBreaker()) >= 0 ? Verdict.ANSWER_487
                    : Verdict.SWITCH_TO_CONTROLLED;
        }
        if (role == Role.CONTROLLED && controlled != null) {
            return Long.compareUnsigned(tieBreaker, controlled.tieBreaker()) >= 0 ? Verdict.SWITCH_TO_CONTROLLING
                    : Verdict.ANSWER_487;
        }
        return Verdict.NONE;
    }

    /** Takes the role; false when it was ours already. */
    boolean switchTo(Role to) {
        if (role == to) {
            return false;
        }
        role = to;
        return true;
    }

    /**
     * §7.2.5.1, after a 487: "The agent MUST change the tiebreaker value." An independent draw, so two agents
     * that started with equal values do not land on equal values again.
     */
    void redrawTieBreaker(RandomGenerator random) {
        tieBreaker = random.nextLong();
    }
}
