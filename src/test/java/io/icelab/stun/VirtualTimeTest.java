package io.icelab.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The test driver itself: it jumps to deadlines, and a timer that never moves on fails with the seeds. */
class VirtualTimeTest {
    @Test
    void jumpsFromDeadlineToDeadline_theRfc8489RetransmissionTimes() {
        StunClient client = new StunClient(new SplittableRandom(3));
        client.send(0, StunRequest.binding(new InetSocketAddress("192.0.2.1", 5000), new InetSocketAddress("192.0.2.9", 3478)));
        List<Long> sent = new ArrayList<>();
        VirtualTime.alone("seed 3", client, (now, d) -> sent.add(now / 1_000_000L), 0).runTo(60_000_000_000L);
        // RFC 8489 §6.2.1: RTO 500 ms doubling, Rc = 7
        assertThat(sent).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
    }

    @Test
    void aTimerThatNeverMovesOn_failsNamingTheSeeds() {
        SansIo<Void> stuck = new SansIo<>() {
            @Override
            public void handleDatagram(long now, Datagram d) {
            }

            @Override
            public Datagram pollTransmit(long now) {
                return null;
            }

            @Override
            public Void pollEvent() {
                return null;
            }

            @Override
            public long pollTimeout() {
                return 5;
            }
        };
        assertThatThrownBy(() -> VirtualTime.alone("seed 42", stuck, (now, d) -> { }, 0).runTo(1000))
                .isInstanceOf(AssertionError.class).hasMessageContaining("seed 42").hasMessageContaining("at 5 ns");
    }
}
