package io.icelab.sim.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.SansIo;
import org.junit.jupiter.api.Test;

/** RFC 6298 with the numbers worked out by hand: SRTT and RTTVAR (§2), Karn's rule (§3), back-off and bounds (§5). */
class RetransmitTimerTest {
    static final long MS = 1_000_000L;
    /** A 1 ms minimum so that the computed values show (the RFC's minimum is 1 s). */
    static final TcpConfig FINE = new TcpConfig(1460, 65535, 1000 * MS, MS, 60_000 * MS, 6, 15, 0);

    @Test
    void firstSample_setsSrttToIt_andRttvarToHalf_andRtoToThreeTimes() {
        RetransmitTimer t = new RetransmitTimer(FINE);
        assertThat(t.rto()).isEqualTo(1000 * MS);
        t.sent(0, 100, 10);
        assertThat(t.deadline()).isEqualTo(1000 * MS);
        t.acknowledged(200 * MS, 110, false);
        // SRTT = 200, RTTVAR = 100, RTO = 200 + 4 x 100 = 600 ms
        assertThat(t.rto()).isEqualTo(600 * MS);
        assertThat(t.deadline()).as("nothing outstanding: the timer stops").isEqualTo(SansIo.NO_DEADLINE);
        t.sent(300 * MS, 110, 10);
        assertThat(t.deadline()).isEqualTo(900 * MS);
        t.acknowledged(400 * MS, 120, true);
        // RTTVAR = 3/4 x 100 + 1/4 x |200 - 100| = 100; SRTT = 7/8 x 200 + 1/8 x 100 = 187.5; RTO = 587.5 ms
        assertThat(t.rto()).isEqualTo(587_500_000L);
        assertThat(t.deadline()).as("more outstanding: restarted from now").isEqualTo(400 * MS + 587_500_000L);
    }

    @Test
    void anAckThatDoesNotCoverTheTimedSegment_takesNoSample() {
        RetransmitTimer t = new RetransmitTimer(FINE);
        t.sent(0, 100, 10);
        t.sent(0, 110, 10); // not timed: one at a time
        t.acknowledged(50 * MS, 109, true);
        assertThat(t.rto()).isEqualTo(1000 * MS);
        t.acknowledged(80 * MS, 120, false);
        assertThat(t.rto()).as("the timed segment's own ACK: a sample of 80 ms").isEqualTo(240 * MS);
    }

    @Test
    void karn_aRetransmittedSegmentGivesNoSample_andTheDoubledRtoStays() {
        RetransmitTimer t = new RetransmitTimer(FINE);
        t.sent(0, 100, 10);
        assertThat(t.backOff(1000 * MS, 3)).isTrue();
        assertThat(t.rto()).isEqualTo(2000 * MS);
        assertThat(t.deadline()).isEqualTo(3000 * MS);
        t.acknowledged(1010 * MS, 110, false);
        assertThat(t.rto()).as("no sample: 10 ms would be ambiguous").isEqualTo(2000 * MS);
    }

    @Test
    void backOff_stopsAfterTheRetries_andTheRtoStaysWithinItsBounds() {
        TcpConfig capped = new TcpConfig(1460, 65535, 1000 * MS, 1000 * MS, 3000 * MS, 6, 15, 0);
        RetransmitTimer t = new RetransmitTimer(capped);
        t.sent(0, 1, 1);
        assertThat(t.backOff(1000 * MS, 2)).isTrue();
        assertThat(t.backOff(3000 * MS, 2)).isTrue();
        assertThat(t.rto()).as("capped at the maximum").isEqualTo(3000 * MS);
        assertThat(t.backOff(6000 * MS, 2)).isFalse();
        assertThat(t.deadline()).isEqualTo(SansIo.NO_DEADLINE);
        RetransmitTimer quick = new RetransmitTimer(capped);
        quick.sent(0, 1, 1);
        quick.acknowledged(MS, 2, false);
        assertThat(quick.rto()).as("a 1 ms RTT is raised to the 1 s minimum (§2.4)").isEqualTo(1000 * MS);
    }
}
