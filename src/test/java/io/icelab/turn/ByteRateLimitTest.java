package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icelab.stun.StaticUsers;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** coturn's --max-bps as a token bucket per allocation, and --max-allocate-lifetime; virtual time. */
class ByteRateLimitTest {
    static final long MS = 1_000_000L;
    static final InetSocketAddress A = at("198.51.100.1", 50000);
    static final InetSocketAddress B = at("198.51.100.1", 50001);

    static int passed(ByteRateLimit limit, InetSocketAddress relayed, int size, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += limit.allow(relayed, size, now) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aSecondsWorthPassesAtOnce_thenTheRateIsTheCap_perAllocation() {
        ByteRateLimit limit = new ByteRateLimit(1000, 16);
        long t = 5_000 * MS;
        assertThat(passed(limit, A, 100, 20, t)).isEqualTo(10);
        assertThat(passed(limit, B, 100, 20, t)).as("another allocation has its own bucket").isEqualTo(10);
        assertThat(passed(limit, A, 100, 20, t + 250 * MS)).isEqualTo(2); // 250 bytes earned
        assertThat(passed(limit, A, 50, 20, t + 300 * MS)).isEqualTo(2); // 50 left + 50 more
        assertThat(passed(limit, A, 100, 20, t + 10_000 * MS)).as("never more than a second's worth").isEqualTo(10);
        InetSocketAddress c = at("198.51.100.1", 50002);
        assertThat(limit.allow(c, 1, t)).isTrue();
        assertThat(passed(limit, c, 100, 20, t + 500 * MS)).as("a full bucket idle half a second stays full").isEqualTo(10);
        assertThat(passed(limit, B, 10, 1000, t + 10_000 * MS)).as("B's full bucket drained").isEqualTo(100);
        int total = 0;
        for (int ms = 1; ms <= 1000; ms++) { // ten 10-byte datagrams offered every millisecond for a second
            total += passed(limit, B, 10, 10, t + 10_000 * MS + ms * MS) * 10;
        }
        assertThat(total).as("bytes in the steady second").isBetween(990, 1000);
    }

    @Test
    void bucketsAreBounded_andTheCapIsChecked() {
        ByteRateLimit limit = new ByteRateLimit(1000, 4);
        for (int p = 0; p < 100; p++) {
            limit.allow(at("198.51.100.1", 40000 + p), 1, 0);
        }
        assertThat(limit.tracked()).isEqualTo(4);
        assertThatThrownBy(() -> new ByteRateLimit(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRateLimit(ByteRateLimit.MAX + 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLongestLifetimeIsGranted_andTheDefaultNeverExceedsIt() {
        TurnServer.Config c = TurnServer.Config.of(List.of(TurnAllocationOptionsTest.SERVER), "r", StaticUsers.of("u", "p"));
        assertThat(c.withLifetimes(300, 300).maxLifetime()).isEqualTo(300);
        assertThatThrownBy(() -> c.withLifetimes(600, 300)).isInstanceOf(IllegalArgumentException.class);
        TurnServer capped = new TurnServer(c.withLifetimes(300, 300), TurnAllocationOptionsTest.allocator(false),
                new java.util.SplittableRandom(1));
        assertThat(TurnAllocationOptionsTest.run(capped, TurnAllocationOptionsTest.client(5100, x -> x)))
                .filteredOn(TurnClientEvent.AllocationCreated.class::isInstance)
                .singleElement().extracting(e -> ((TurnClientEvent.AllocationCreated) e).lifetimeSeconds()).isEqualTo(300L);
        assertThat(TurnAllocationOptionsTest.run(TurnAllocationOptionsTest.server(false),
                        TurnAllocationOptionsTest.client(5101, x -> x)))
                .filteredOn(TurnClientEvent.AllocationCreated.class::isInstance)
                .singleElement().extracting(e -> ((TurnClientEvent.AllocationCreated) e).lifetimeSeconds()).isEqualTo(600L);
    }
}
