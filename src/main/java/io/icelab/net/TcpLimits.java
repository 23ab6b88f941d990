package io.icelab.net;

/**
 * Bounds on the TCP connections a runtime accepts (RFC 8656 §21: a server must not let one source tie
 * up its resources). Past {@code maxConnections} in all or {@code maxPerAddress} from one IP a new
 * connection is closed at once; an accepted connection that carried nothing for {@code idleNanos} and
 * that the protocol does not hold (no allocation on it) is closed; a connection whose unsent answers
 * pass {@code maxPendingBytes} (a client that sends and never reads) is not read from until they drain.
 */
public record TcpLimits(int maxConnections, int maxPerAddress, long idleNanos, int maxPendingBytes) {
    /** 4,096 connections, 64 per IP, 60 s idle without an allocation, 256 KiB of unsent answers. */
    public static final TcpLimits DEFAULT = new TcpLimits(4096, 64, 60_000_000_000L, 256 * 1024);

    /**
     * Refuses limits below 1.
     *
     * @param maxConnections accepted connections in all
     * @param maxPerAddress accepted connections from one IP
     * @param idleNanos how long an accepted connection nobody holds may idle
     * @param maxPendingBytes bytes waiting to be written before the connection is no longer read
     */
    public TcpLimits {
        if (maxConnections < 1 || maxPerAddress < 1 || idleNanos < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("TCP limits must be positive");
        }
    }
}
