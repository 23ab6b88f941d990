package io.icelab.sim;

import java.util.PriorityQueue;

/**
 * The discrete-event core: one virtual clock and a queue ordered by (time, insertion sequence), so
 * two events at the same instant always run in the order they were scheduled. A guard stops a run in
 * which time does not advance (a zero-delay loop) with a clear error.
 */
final class Scheduler {
    private record Entry(long time, long seq, String what, Runnable action) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final long maxEventsPerInstant;
    private long now;
    private long seq;
    private long executed;
    private long sameInstant;

    Scheduler(long maxEventsPerInstant) {
        this.maxEventsPerInstant = maxEventsPerInstant;
    }

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    int pending() {
        return queue.size();
    }

    /** Schedules {@code action} at absolute virtual time {@code time} (not before now). */
    void at(long time, String what, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule '" + what + "' at " + time + " before now " + now);
        }
        queue.add(new Entry(time, seq++, what, action));
    }

    /** The time of the next event, or Long.MAX_VALUE. */
    long nextTime() {
        Entry e = queue.peek();
        return e == null ? Long.MAX_VALUE : e.time;
    }

    /** Runs the next event; false when the queue is empty. */
    boolean step() {
        Entry e = queue.poll();
        if (e == null) {
            return false;
        }
        if (e.time == now) {
            if (++sameInstant > maxEventsPerInstant) {
                throw new SimulationStalledException("no progress: " + sameInstant + " events at t="
                        + SimTime.format(now) + " without virtual time advancing (a zero-delay loop?); last: " + e.what);
            }
        } else {
            sameInstant = 1;
        }
        now = e.time;
        executed++;
        e.action.run();
        return true;
    }

    /** Moves the clock to {@code time} when nothing is scheduled before it. */
    void advanceTo(long time) {
        if (time > now && nextTime() >= time) {
            now = time;
            sameInstant = 0;
        }
    }
}
