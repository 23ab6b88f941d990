package io.icelab.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.IceAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** RFC 8445 §7.3.1.1's table, with unsigned tie-breakers at their edges, and §7.2.5.1's new draw. */
class RolesTest {
    static Roles roles(Role role, long tieBreaker) {
        return new Roles(role, fixed(tieBreaker));
    }

    static RandomGenerator fixed(long value) {
        return () -> value;
    }

    @Test
    void conflictTable() {
        long big = 0x8000_0000_0000_0000L; // unsigned, the largest here
        Roles controlling = roles(Role.CONTROLLING, 5);
        assertThat(controlling.onRequest(new IceAttribute.IceControlling(5), null)).as("equal: we keep it")
                .isEqualTo(Roles.Verdict.ANSWER_487);
        assertThat(controlling.onRequest(new IceAttribute.IceControlling(4), null)).isEqualTo(Roles.Verdict.ANSWER_487);
        assertThat(controlling.onRequest(new IceAttribute.IceControlling(big), null)).as("unsigned comparison")
                .isEqualTo(Roles.Verdict.SWITCH_TO_CONTROLLED);
        assertThat(controlling.onRequest(null, new IceAttribute.IceControlled(9))).isEqualTo(Roles.Verdict.NONE);

        Roles controlled = roles(Role.CONTROLLED, 5);
        assertThat(controlled.onRequest(null, new IceAttribute.IceControlled(5))).as("equal: we take it")
                .isEqualTo(Roles.Verdict.SWITCH_TO_CONTROLLING);
        assertThat(controlled.onRequest(null, new IceAttribute.IceControlled(6))).isEqualTo(Roles.Verdict.ANSWER_487);
        assertThat(controlled.onRequest(null, new IceAttribute.IceControlled(big))).isEqualTo(Roles.Verdict.ANSWER_487);
        assertThat(controlled.onRequest(new IceAttribute.IceControlling(1), null)).isEqualTo(Roles.Verdict.NONE);
    }

    @Test
    void switching_andTheNewTieBreakerAfterA487() {
        long[] draws = {5, 77};
        int[] next = {0};
        List<IceEvent> events = new ArrayList<>();
        Roles r = new Roles(Role.CONTROLLED, () -> draws[next[0]++], List.of(), events);
        assertThat(r.change(Role.CONTROLLED, "same")).isFalse();
        assertThat(r.change(Role.CONTROLLING, "test")).isTrue();
        assertThat(events).containsExactly(new IceEvent.RoleChanged(Role.CONTROLLING, "test"));
        assertThat(r.controlling()).isTrue();
        assertThat(r.attribute()).isEqualTo(new IceAttribute.IceControlling(5));
        r.redrawTieBreaker();
        assertThat(r.tieBreaker()).isEqualTo(77);
        r.change(Role.CONTROLLED, "again");
        assertThat(r.attribute()).isEqualTo(new IceAttribute.IceControlled(77));
    }
}
