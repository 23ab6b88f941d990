package io.icelab.sim;

/** A simulation made no progress in virtual time (see {@link Scheduler}). */
public final class SimulationStalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationStalledException(String message) {
        super(message);
    }
}
