package io.icelab.stun;

import java.util.function.BooleanSupplier;

/**
 * Drives one sans-IO object, or two that talk to each other directly, on virtual time that jumps from one
 * deadline to the next (no fixed steps): at each time every queued datagram is delivered, both ways, until
 * quiet; then the clock moves to the earliest {@code pollTimeout()}. A run that makes no progress fails after a
 * step limit, naming the seeds to rerun it with.
 */
public final class VirtualTime {
    /** Where a lone object's datagrams go. */
    @FunctionalInterface
    public interface Sink {
        void accept(long now, Datagram d);
    }

    /** Turns of the loop (deadlines reached) before a run counts as stuck. */
    public static final int MAX_STEPS = 200_000;
    private static final int MAX_ROUNDS = 10_000;

    private final String seeds;
    private final SansIo<?> a;
    private final SansIo<?> b;
    private final Sink sink;
    private long now;

    private VirtualTime(String seeds, SansIo<?> a, SansIo<?> b, Sink sink, long start) {
        this.seeds = seeds;
        this.a = a;
        this.b = b;
        this.sink = sink;
        this.now = start;
    }

    /**
     * Two objects wired back to back: what one sends, the other receives (its local and remote swapped).
     *
     * @param seeds the seeds the objects were made with, printed when a run is stuck
     * @param a one side
     * @param b the other side
     * @param start the time to start at
     * @return the driver
     */
    public static VirtualTime pair(String seeds, SansIo<?> a, SansIo<?> b, long start) {
        return new VirtualTime(seeds, a, b, null, start);
    }

    /**
     * One object whose datagrams go to {@code sink}.
     *
     * @param seeds the seed the object was made with, printed when a run is stuck
     * @param a the object
     * @param sink gets each datagram with the time it was sent
     * @param start the time to start at
     * @return the driver
     */
    public static VirtualTime alone(String seeds, SansIo<?> a, Sink sink, long start) {
        return new VirtualTime(seeds, a, null, sink, start);
    }

    /** @return the current virtual time */
    public long now() {
        return now;
    }

    /**
     * Runs until {@code done} holds (checked whenever all is delivered) or the clock would pass {@code until}.
     *
     * @param done the condition
     * @param until the latest time to run to
     * @return the time {@code done} became true, or -1 (the clock then stands at {@code until})
     */
    public long runUntil(BooleanSupplier done, long until) {
        for (int step = 0; step < MAX_STEPS; step++) {
            deliver();
            if (done.getAsBoolean()) {
                return now;
            }
            long next = Math.min(a.pollTimeout(), b == null ? Long.MAX_VALUE : b.pollTimeout());
            if (next > until) {
                now = until;
                return -1;
            }
            now = Math.max(now, next);
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b != null && b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
        }
        throw new AssertionError("no end after " + MAX_STEPS + " steps, at " + now + " ns (" + seeds
                + "): a timer that never moves on");
    }

    /** Delivers everything queued, both ways, until quiet, without moving the clock. */
    public void deliverNow() {
        deliver();
    }

    /**
     * Runs to {@code until}, whatever happens.
     *
     * @param until the time to stop at
     */
    public void runTo(long until) {
        runUntil(() -> false, until);
    }

    private void deliver() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = move(a, b);
            if (b != null) {
                moved |= move(b, a);
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("datagrams still flowing after " + MAX_ROUNDS + " rounds at " + now + " ns ("
                + seeds + ")");
    }

    private boolean move(SansIo<?> from, SansIo<?> to) {
        boolean moved = false;
        for (Datagram d; (d = from.pollTransmit(now)) != null; ) {
            moved = true;
            if (to == null) {
                sink.accept(now, d);
            } else {
                to.handleDatagram(now, new Datagram(d.transport(), d.remote(), d.local(), d.payload()));
            }
        }
        return moved;
    }
}
