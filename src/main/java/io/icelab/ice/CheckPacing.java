package io.icelab.ice;

import io.icelab.stun.SansIo;

/**
 * RFC 8445 §6.1.4.2 and §14: one new transaction (a gathering request or a check) every Ta, and the RTO of a
 * check. Knows nothing of what is sent: the agent asks when the next slot is and says when it used one.
 */
final class CheckPacing {
    private final long ta;
    private long nextAt = SansIo.NO_DEADLINE;
    private long lastAt = Long.MIN_VALUE / 2;

    CheckPacing(long taNanos) {
        this.ta = taNanos;
    }

    /** When the next transaction may start, or {@link SansIo#NO_DEADLINE} when nothing waits. */
    long nextAt() {
        return nextAt;
    }

    boolean due(long now) {
        return now >= nextAt;
    }

    /** A transaction started now: the next slot is Ta later. */
    void used(long now) {
        lastAt = now;
        nextAt = now + ta;
    }

    /**
     * The transaction started by {@link #used} left only now (building it took time on a real clock): the next
     * slot counts from here, so that new transactions are Ta apart on the wire too.
     */
    void sent(long now) {
        if (now > lastAt) {
            lastAt = now;
            if (nextAt != SansIo.NO_DEADLINE) {
                nextAt = Math.max(nextAt, now + ta);
            }
        }
    }

    /** Nothing was waiting for the slot: sleep until {@link #wake}. */
    void idle() {
        nextAt = SansIo.NO_DEADLINE;
    }

    /** Something is waiting (a new pair, a triggered check): the next slot, at most Ta after the last one. */
    void wake(long now) {
        nextAt = Math.min(nextAt, Math.max(now, lastAt + ta));
    }

    /** New remote credentials: the checks they unblock may start a Ta after the last transaction. */
    void wakeAfterLast() {
        nextAt = Math.min(nextAt, lastAt + ta);
    }

    /** §14.3: RTO = MAX(500 ms, Ta × (Waiting + In-Progress pairs)). */
    long rto(int waitingOrInProgress) {
        return Math.max(500 * IceConfig.MS, ta * waitingOrInProgress);
    }
}
