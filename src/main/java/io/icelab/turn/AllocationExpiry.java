package io.icelab.turn;

import io.icelab.stun.SansIo;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * When allocations expire (RFC 8656 §7: an allocation not refreshed within its lifetime is deleted),
 * as a priority queue instead of a walk over every allocation per loop turn. A refresh adds an entry
 * and leaves the old one stale; stale entries (another expiry, or an allocation gone) are skipped when
 * they reach the head, and the queue is rebuilt from the live allocations when stale ones outnumber
 * them, so it stays within about twice the allocations. Ties go in scheduling order. Not thread-safe.
 */
final class AllocationExpiry {
    private record Entry(long at, long seq, TurnAllocation allocation) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Predicate<TurnAllocation> live;
    private long seq;

    /** @param live whether an allocation still exists (entries of deleted ones are dropped) */
    AllocationExpiry(Predicate<TurnAllocation> live) {
        this.live = live;
    }

    /** Records the allocation's current {@code expires}; call after creating or refreshing it. */
    void schedule(TurnAllocation a, Iterable<TurnAllocation> all, int liveCount) {
        queue.add(new Entry(a.expires, seq++, a));
        if (queue.size() > 2 * liveCount + 64) {
            queue.clear();
            for (TurnAllocation each : all) {
                queue.add(new Entry(each.expires, seq++, each));
            }
        }
    }

    /** @return the earliest expiry of a live allocation, or {@link SansIo#NO_DEADLINE} */
    long next() {
        dropStale();
        Entry head = queue.peek();
        return head == null ? SansIo.NO_DEADLINE : head.at;
    }

    /** Removes and returns the allocations whose expiry is at or before {@code now}, earliest first. */
    List<TurnAllocation> due(long now) {
        List<TurnAllocation> out = new ArrayList<>();
        for (dropStale(); !queue.isEmpty() && queue.peek().at <= now; dropStale()) {
            out.add(queue.poll().allocation);
        }
        return out;
    }

    /** @return entries held, stale ones included */
    int size() {
        return queue.size();
    }

    private void dropStale() {
        while (!queue.isEmpty()) {
            Entry head = queue.peek();
            if (live.test(head.allocation) && head.allocation.expires == head.at) {
                return;
            }
            queue.poll();
        }
    }
}
