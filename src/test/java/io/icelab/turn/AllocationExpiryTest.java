package io.icelab.turn;

import static io.icelab.turn.TurnWorld.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Allocation expiry as a priority queue: earliest first, refreshes move it, the queue stays bounded. */
class AllocationExpiryTest {
    static TurnAllocation allocation(int i, long expires) {
        return new TurnAllocation(Transport.UDP, at("192.0.2.1", 1000 + i), at("198.51.100.1", 3478), "u", new byte[16],
                false, at("198.51.100.1", 50000 + i), Transport.UDP, expires);
    }

    @Test
    void dueInExpiryOrder_refreshedOnesLater_deletedOnesNever() {
        Set<TurnAllocation> live = new LinkedHashSet<>();
        AllocationExpiry q = new AllocationExpiry(live::contains);
        List<TurnAllocation> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TurnAllocation a = allocation(i, 100 - i * 10L); // 100, 90, 80, 70, 60
            all.add(a);
            live.add(a);
            q.schedule(a, live, live.size());
        }
        assertThat(q.next()).isEqualTo(60);
        all.get(4).expires = 200; // refreshed
        q.schedule(all.get(4), live, live.size());
        live.remove(all.get(3)); // deleted by its client
        assertThat(q.next()).isEqualTo(80);
        assertThat(q.due(95)).containsExactly(all.get(2), all.get(1));
        assertThat(q.due(199)).containsExactly(all.get(0));
        assertThat(q.due(1000)).containsExactly(all.get(4));
        assertThat(q.next()).isEqualTo(SansIo.NO_DEADLINE);
    }

    @Test
    void refreshedThousandsOfTimes_theQueueStaysWithinTwiceTheAllocations() {
        Set<TurnAllocation> live = new LinkedHashSet<>();
        AllocationExpiry q = new AllocationExpiry(live::contains);
        List<TurnAllocation> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            TurnAllocation a = allocation(i, 600);
            all.add(a);
            live.add(a);
            q.schedule(a, live, live.size());
        }
        for (int round = 1; round <= 20; round++) {
            for (TurnAllocation a : all) {
                a.expires = 600 + round;
                q.schedule(a, live, live.size());
                assertThat(q.size()).isLessThanOrEqualTo(2 * live.size() + 64);
            }
        }
        assertThat(q.next()).isEqualTo(620);
        assertThat(q.due(620)).hasSize(500).doesNotHaveDuplicates();
    }
}
