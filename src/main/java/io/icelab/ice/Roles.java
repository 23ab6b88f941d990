package io.icelab.ice;

import io.icelab.stun.IceAttribute;
import io.icelab.stun.StunAttribute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    private final RandomGenerator random;
    private final List<IceStream> streams;
    private final Collection<IceEvent> events;
    private Role role;
    private long tieBreaker;

    /** Roles on their own (no streams to re-sort, changes not reported). */
    Roles(Role initial, RandomGenerator random) {
        this(initial, random, List.of(), new ArrayList<>());
    }

    /**
     * @param streams whose pair priorities follow the role (§6.1.2.3)
     * @param events where a change is reported as {@link IceEvent.RoleChanged}
     */
    Roles(Role initial, RandomGenerator random, List<IceStream> streams, Collection<IceEvent> events) {
        this.random = random;
        this.streams = streams;
        this.events = events;
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

    /**
     * Takes the role (§7.3.1.1, §7.2.5.1): every pair priority is recomputed and the checklists re-sorted, and the
     * change is reported; false when it was ours already.
     */
    boolean change(Role to, String why) {
        if (role == to) {
            return false;
        }
        role = to;
        for (IceStream s : streams) {
            s.recompute(to);
        }
        events.add(new IceEvent.RoleChanged(to, why));
        return true;
    }

    /**
     * §7.2.5.1, after a 487: "The agent MUST change the tiebreaker value." An independent draw, so two agents
     * that started with equal values do not land on equal values again.
     */
    void redrawTieBreaker() {
        tieBreaker = random.nextLong();
    }

    void setTieBreaker(long value) {
        tieBreaker = value;
    }
}
