package io.icelab.sim.tcp;

import io.icelab.stun.SansIo;

/**
 * RFC 6298: one retransmission timer per connection. The RTO starts at 1 s; each RTT sample (one segment at a
 * time, never a retransmitted one: Karn's rule, §3) updates SRTT and RTTVAR (§2.2-§2.3); a timeout doubles the RTO
 * up to the maximum (§5.5) until a new sample; the timer runs while data is outstanding (§5.1-§5.3).
 */
final class RetransmitTimer {
    private final TcpConfig config;
    private long rto;
    private long srtt = -1;
    private long rttvar;
    private long deadline = SansIo.NO_DEADLINE;
    private int retries;
    /** The segment being timed: its end sequence number and when it left; -1 when none. */
    private long timedEnd = -1;
    private long timedAt;

    RetransmitTimer(TcpConfig config) {
        this.config = config;
        this.rto = config.initialRtoNanos();
    }

    long deadline() {
        return deadline;
    }

    /** A new segment of {@code length} sequence numbers from {@code seq} left: time it if none is timed. */
    void sent(long now, long seq, long length) {
        if (deadline == SansIo.NO_DEADLINE) {
            deadline = now + rto; // §5.1
        }
        if (timedEnd < 0 && retries == 0) {
            timedEnd = (seq + length) & 0xffffffffL;
            timedAt = now;
        }
    }

    /** §5.2-§5.3: new data acknowledged; the timer restarts while more is outstanding, else stops. */
    void acknowledged(long now, long ack, boolean moreOutstanding) {
        if (timedEnd >= 0 && TcpConnection.diff(ack, timedEnd) >= 0) {
            sample(now - timedAt);
            timedEnd = -1;
        }
        retries = 0;
        deadline = moreOutstanding ? now + rto : SansIo.NO_DEADLINE;
    }

    /** §2.2-§2.4: SRTT and RTTVAR from a measurement, and the RTO from them (K = 4, clock granularity 1 ms). */
    private void sample(long r) {
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        long computed = srtt + Math.max(1_000_000L, 4 * rttvar);
        rto = Math.min(config.maxRtoNanos(), Math.max(config.minRtoNanos(), computed));
    }

    /**
     * §5.4-§5.6: the timer expired; false when {@code maxRetries} retransmissions were made already (the caller
     * gives up), else the RTO doubles and runs again (the caller retransmits).
     */
    boolean backOff(long now, int maxRetries) {
        if (retries >= maxRetries) {
            deadline = SansIo.NO_DEADLINE;
            return false;
        }
        retries++;
        rto = Math.min(config.maxRtoNanos(), rto * 2);
        deadline = now + rto;
        timedEnd = -1; // Karn: the retransmitted segment gives no sample
        return true;
    }

    void stop() {
        deadline = SansIo.NO_DEADLINE;
        timedEnd = -1;
    }

    /** The current RTO, for tests and the event log. */
    long rto() {
        return rto;
    }
}
