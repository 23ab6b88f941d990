package io.icelab.sim.tcp;

/**
 * A TCP stack's settings.
 *
 * @param mss the MSS this side announces (RFC 9293 §3.7.1; 1460 for a 1500-byte Ethernet MTU over IPv4)
 * @param window the receive window announced, at most 65,535 (no window scaling)
 * @param initialRtoNanos RFC 6298 §2.1: the RTO before any RTT was measured (1 s)
 * @param minRtoNanos RFC 6298 §2.4: the smallest RTO (1 s by the RFC; Linux uses 200 ms)
 * @param maxRtoNanos RFC 6298 §2.5: the largest RTO after backing off (at least 60 s)
 * @param synRetries retransmissions of a SYN before the connect attempt times out (Linux: 6, about 127 s)
 * @param dataRetries retransmissions of one segment before the connection times out (Linux: 15)
 * @param mslNanos the maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 §3.4.2)
 */
public record TcpConfig(int mss, int window, long initialRtoNanos, long minRtoNanos, long maxRtoNanos, int synRetries,
        int dataRetries, long mslNanos) {
    private static final long S = 1_000_000_000L;

    /** RFC 6298's timers, Linux's retry counts, MSS 1460, a 64 KiB window and a 30 s MSL. */
    public static final TcpConfig DEFAULT = new TcpConfig(1460, 65535, S, S, 60 * S, 6, 15, 30 * S);

    /**
     * Refuses values out of range.
     *
     * @param mss the MSS announced
     * @param window the receive window
     * @param initialRtoNanos the first RTO
     * @param minRtoNanos the smallest RTO
     * @param maxRtoNanos the largest RTO
     * @param synRetries SYN retransmissions
     * @param dataRetries retransmissions of a segment
     * @param mslNanos the maximum segment lifetime
     */
    public TcpConfig {
        if (mss < 1 || mss > 65535 || window < 1 || window > 65535 || minRtoNanos < 1 || initialRtoNanos < minRtoNanos
                || maxRtoNanos < initialRtoNanos || synRetries < 0 || dataRetries < 0 || mslNanos < 0) {
            throw new IllegalArgumentException("TCP settings out of range");
        }
    }

    /**
     * The same with another MSS (from the link MTU: MTU minus 40 bytes of IPv4 and TCP headers, 60 for IPv6).
     *
     * @param value the MSS
     * @return the changed settings
     */
    public TcpConfig withMss(int value) {
        return new TcpConfig(value, window, initialRtoNanos, minRtoNanos, maxRtoNanos, synRetries, dataRetries,
                mslNanos);
    }

    /**
     * The same with other retry counts (e.g. few, for a quick connect timeout in a scenario).
     *
     * @param syn SYN retransmissions
     * @param data retransmissions of a segment
     * @return the changed settings
     */
    public TcpConfig withRetries(int syn, int data) {
        return new TcpConfig(mss, window, initialRtoNanos, minRtoNanos, maxRtoNanos, syn, data, mslNanos);
    }
}
