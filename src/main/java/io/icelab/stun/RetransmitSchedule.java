package io.icelab.stun;

/**
 * RFC 8489 §6.2.1: over UDP a request is sent Rc times, the gap doubling from RTO, and the client
 * then waits Rm × RTO for a final answer (defaults RTO 500 ms, Rc 7, Rm 16: transmissions at 0, 0.5,
 * 1.5, 3.5, 7.5, 15.5 and 31.5 s, failure at 39.5 s). Over TCP or TLS it is sent once and fails after
 * Ti (default 39.5 s). An RTO cap bounds the doubling when configured.
 */
public record RetransmitSchedule(long rtoNanos, int rc, int rm, long maxRtoNanos, long reliableTimeoutNanos) {

    /** RFC 8489 §6.2.1: RTO 500 ms, Rc 7, Rm 16, no cap, and Ti 39.5 s over reliable transports. */
    public static final RetransmitSchedule DEFAULT =
            new RetransmitSchedule(500_000_000L, 7, 16, Long.MAX_VALUE, 39_500_000_000L);

    /**
     * Refuses values that are not positive and a cap below the RTO.
     *
     * @param rtoNanos the first RTO
     * @param rc transmissions in all (Rc)
     * @param rm the last wait, in RTOs (Rm)
     * @param maxRtoNanos the cap on a doubled RTO
     * @param reliableTimeoutNanos Ti, the wait for an answer over TCP or TLS
     */
    public RetransmitSchedule {
        if (rtoNanos <= 0 || rc < 1 || rm < 1 || maxRtoNanos < rtoNanos || reliableTimeoutNanos <= 0) {
            throw new IllegalArgumentException("RTO, Rc, Rm and Ti must be positive and the cap at least RTO");
        }
    }

    /**
     * Another first RTO (e.g. RFC 8445 §14.3's for a check).
     *
     * @param nanos the RTO
     * @return the changed schedule
     */
    public RetransmitSchedule withRto(long nanos) {
        return new RetransmitSchedule(nanos, rc, rm, Math.max(maxRtoNanos, nanos), reliableTimeoutNanos);
    }

    /**
     * Another Rc.
     *
     * @param count transmissions in all
     * @return the changed schedule
     */
    public RetransmitSchedule withRc(int count) {
        return new RetransmitSchedule(rtoNanos, count, rm, maxRtoNanos, reliableTimeoutNanos);
    }

    /**
     * How long to wait after transmission number {@code sent} (1-based) before the next one, or, after
     * the last, before giving up.
     *
     * @param sent transmissions so far, 1-based
     * @param transport UDP, or a reliable transport
     * @return the wait in nanoseconds
     */
    public long delayAfterNanos(int sent, Transport transport) {
        if (transport.isReliable()) {
            return reliableTimeoutNanos;
        }
        if (sent >= rc) {
            return rm * rtoNanos;
        }
        long d = rtoNanos;
        for (int i = 1; i < sent && d < maxRtoNanos; i++) {
            d = d * 2;
        }
        return Math.min(d, maxRtoNanos);
    }

    /**
     * How many transmissions a transaction makes in all.
     *
     * @param transport UDP, or a reliable transport (one)
     * @return the number of transmissions
     */
    public int transmissions(Transport transport) {
        return transport.isReliable() ? 1 : rc;
    }
}
