package io.icelab.loop;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.util.function.Consumer;

/**
 * The one loop every driver of icelab runs around a sans-IO object: the simulator at each virtual instant
 * something happens to it, the socket runtime at each wake-up. A turn has a fixed order: the timeouts that are
 * due, then the inbound datagrams (those the object {@link SansIo#accepts accepts}), then the events, then the
 * transmits; after it, {@link #deadline} says when the next turn is due.
 *
 * <p>Whatever the object or the application's event handler throws at a stage goes to a {@link FaultPolicy}:
 * the simulator's rethrows (a failing run names its seed), the socket runtime's counts it and goes on with the
 * next input. A timer that throws would spin the loop, so after one the driver leaves timeouts alone for a
 * while.
 *
 * @param <E> the object's event type
 */
public final class Driver<E> {
    /** The stages of a turn, in order. */
    public enum Stage {
        /** {@link SansIo#handleTimeout} */
        TIMER,
        /** {@link SansIo#accepts} and {@link SansIo#handleDatagram} */
        INBOUND,
        /** {@link SansIo#handleConnection}: a TCP connection opened, failed or closed */
        CONNECTION,
        /** {@link SansIo#pollEvent} and the application's handler */
        EVENT,
        /** {@link SansIo#pollTransmit} and the driver's sending */
        TRANSMIT
    }

    /** Sends what the object transmits. */
    @FunctionalInterface
    public interface Outbox {
        /**
         * Sends one datagram.
         *
         * @param now the time of the turn
         * @param d the datagram
         */
        void send(long now, Datagram d);
    }

    /** What becomes of an exception at a stage. */
    @FunctionalInterface
    public interface FaultPolicy {
        /** Throws it on: for tests and the simulator. */
        FaultPolicy RETHROW = (now, stage, fault, input) -> {
            if (fault instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) fault;
        };

        /**
         * Handles a fault (counts it, logs it) or throws it on.
         *
         * @param now the time of the turn
         * @param stage where it happened
         * @param fault a {@link RuntimeException}, {@link StackOverflowError} or {@link LinkageError}
         * @param input the datagram being handled at {@link Stage#INBOUND}, else null
         */
        void fault(long now, Stage stage, Throwable fault, Datagram input);
    }

    private final SansIo<E> protocol;
    private final Consumer<? super E> onEvent;
    private final Outbox outbox;
    private final FaultPolicy faults;
    private final long timerFaultPause;
    private long timersPausedUntil = Long.MIN_VALUE;
    private long notAccepted;

    /**
     * A driver for one object.
     *
     * @param protocol the object
     * @param onEvent the application's handler of its events
     * @param outbox sends what it transmits
     * @param faults what becomes of exceptions
     * @param timerFaultPause how long timeouts are left alone after one threw (nanoseconds)
     */
    public Driver(SansIo<E> protocol, Consumer<? super E> onEvent, Outbox outbox, FaultPolicy faults,
            long timerFaultPause) {
        this.protocol = protocol;
        this.onEvent = onEvent;
        this.outbox = outbox;
        this.faults = faults;
        this.timerFaultPause = timerFaultPause;
    }

    /**
     * One whole turn with at most one inbound datagram.
     *
     * @param now the current time
     * @param inbound a datagram that arrived, or null
     * @return the time the next turn is due ({@link #deadline(long)})
     */
    public long turn(long now, Datagram inbound) {
        timeouts(now);
        if (inbound != null) {
            inbound(now, inbound);
        }
        events(now);
        transmits(now);
        return deadline(now);
    }

    /**
     * The first stage: the object's timeouts, when due and not paused after a fault.
     *
     * @param now the current time
     */
    public void timeouts(long now) {
        if (now < timersPausedUntil) {
            return;
        }
        try {
            if (protocol.pollTimeout() <= now) {
                protocol.handleTimeout(now);
            }
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            faults.fault(now, Stage.TIMER, e, null);
            timersPausedUntil = now + timerFaultPause;
        }
    }

    /**
     * The second stage, once per datagram that arrived: delivered if the object accepts it.
     *
     * @param now the time it arrived
     * @param d the datagram
     * @return whether the object took it
     */
    public boolean inbound(long now, Datagram d) {
        try {
            if (!protocol.accepts(d)) {
                notAccepted++;
                return false;
            }
            protocol.handleDatagram(now, d);
            return true;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            faults.fault(now, Stage.INBOUND, e, d);
            return false;
        }
    }

    /**
     * The third stage: every event to the application's handler.
     *
     * @param now the current time
     */
    /**
     * Reports a TCP connection's change to the protocol, isolating a fault like an inbound datagram's.
     *
     * @param now the current time
     * @param e which connection, and what became of it
     */
    public void connection(long now, io.icelab.stun.ConnectionEvent e) {
        try {
            protocol.handleConnection(now, e);
        } catch (RuntimeException | StackOverflowError | LinkageError x) {
            faults.fault(now, Stage.CONNECTION, x, null);
        }
    }

    public void events(long now) {
        while (true) {
            E e;
            try {
                e = protocol.pollEvent();
            } catch (RuntimeException | StackOverflowError | LinkageError x) {
                faults.fault(now, Stage.EVENT, x, null);
                return;
            }
            if (e == null) {
                return;
            }
            try {
                onEvent.accept(e);
            } catch (RuntimeException | StackOverflowError | LinkageError x) {
                faults.fault(now, Stage.EVENT, x, null);
            }
        }
    }

    /**
     * The last stage: every datagram the object has to send, to the outbox.
     *
     * @param now the current time
     */
    public void transmits(long now) {
        while (true) {
            Datagram d;
            try {
                d = protocol.pollTransmit(now);
            } catch (RuntimeException | StackOverflowError | LinkageError e) {
                faults.fault(now, Stage.TRANSMIT, e, null);
                return;
            }
            if (d == null) {
                return;
            }
            outbox.send(now, d);
        }
    }

    /**
     * When the next turn is due: the object's next deadline, or later while timeouts are paused after a fault.
     *
     * @param now the current time
     * @return an absolute time, or {@link SansIo#NO_DEADLINE}
     */
    public long deadline(long now) {
        try {
            return Math.max(protocol.pollTimeout(), timersPausedUntil);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            faults.fault(now, Stage.TIMER, e, null);
            timersPausedUntil = now + timerFaultPause;
            return timersPausedUntil;
        }
    }

    /**
     * Datagrams the object did not accept (another object's, on a shared socket).
     *
     * @return how many so far
     */
    public long notAccepted() {
        return notAccepted;
    }
}
