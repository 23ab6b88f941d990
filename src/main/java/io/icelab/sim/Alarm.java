package io.icelab.sim;

import io.icelab.stun.SansIo;

/**
 * One simulator timer for a sans-IO object's next deadline: arming it again replaces the earlier time, so only the
 * latest deadline fires (the scheduler's event for an earlier one finds itself stale and does nothing).
 */
final class Alarm {
    private final Simulation sim;
    private final String what;
    private final Runnable fire;
    private long armedAt = SansIo.NO_DEADLINE;
    private long generation;

    Alarm(Simulation sim, String what, Runnable fire) {
        this.sim = sim;
        this.what = what;
        this.fire = fire;
    }

    /** Fires at {@code next} (at once when it is past), or never for {@link SansIo#NO_DEADLINE}. */
    void arm(long next) {
        if (next == armedAt) {
            return;
        }
        armedAt = next;
        long gen = ++generation;
        if (next != SansIo.NO_DEADLINE) {
            sim.at(Math.max(next, sim.now()), what, () -> {
                if (gen == generation) {
                    armedAt = SansIo.NO_DEADLINE;
                    fire.run();
                }
            });
        }
    }
}
