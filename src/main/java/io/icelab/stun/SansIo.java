package io.icelab.stun;

/**
 * The one contract every protocol object in icelab's core follows (STUN client and server, TURN
 * client and server, ICE agent), so that unit tests, the simulator and the real-socket runtime drive
 * them all the same way. Time is a {@code long} of nanoseconds on the driver's monotonic clock; the
 * object never reads a clock, opens a socket or starts a thread. Not thread-safe.
 *
 * @param <E> the protocol's sealed event type
 */
public interface SansIo<E> {
    /** Returned by {@link #pollTimeout()} when nothing is scheduled. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** Whether this object wants the datagram (demultiplexing before work); true by default. */
    default boolean accepts(Datagram datagram) {
        return true;
    }

    /** Feeds one received datagram. Malformed input is counted and dropped, never thrown. */
    void handleDatagram(long nowNanos, Datagram datagram);

    /** The next datagram to send, or null when there is none. */
    Datagram pollTransmit(long nowNanos);

    /** The absolute time of the next deadline, or {@link #NO_DEADLINE} (the default: a protocol without timers). */
    default long pollTimeout() {
        return NO_DEADLINE;
    }

    /** Runs everything due at {@code nowNanos}; calling it early or twice does nothing harmful. None by default. */
    default void handleTimeout(long nowNanos) {
    }

    /** The next event for the application, or null when there is none. */
    E pollEvent();
}
