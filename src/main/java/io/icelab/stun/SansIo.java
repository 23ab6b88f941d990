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

    /**
     * Whether this object wants the datagram (demultiplexing before work); true by default.
     *
     * @param datagram a datagram that arrived on one of the object's addresses
     * @return true when {@link #handleDatagram} should get it
     */
    default boolean accepts(Datagram datagram) {
        return true;
    }

    /**
     * Feeds one received datagram. Malformed input is counted and dropped, never thrown.
     *
     * @param nowNanos when it arrived, on the driver's clock
     * @param datagram its addresses (local: where it arrived) and payload
     */
    void handleDatagram(long nowNanos, Datagram datagram);

    /**
     * A TCP connection of the object's opened, failed or closed (RFC 6062 relaying); nothing by default.
     *
     * @param nowNanos when the driver saw it
     * @param event which connection, and what became of it
     */
    default void handleConnection(long nowNanos, ConnectionEvent event) {
    }

    /**
     * The next datagram to send.
     *
     * @param nowNanos the current time
     * @return it, or null when there is none
     */
    Datagram pollTransmit(long nowNanos);

    /**
     * When the object next needs {@link #handleTimeout}.
     *
     * @return the absolute time of the next deadline, or {@link #NO_DEADLINE} (the default: no timers)
     */
    default long pollTimeout() {
        return NO_DEADLINE;
    }

    /**
     * Runs everything due at {@code nowNanos}; calling it early or twice does nothing harmful. None by default.
     *
     * @param nowNanos the current time
     */
    default void handleTimeout(long nowNanos) {
    }

    /**
     * The next event for the application.
     *
     * @return it, or null when there is none
     */
    E pollEvent();
}
