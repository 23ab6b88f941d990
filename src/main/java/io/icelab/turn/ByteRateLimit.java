package io.icelab.turn;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A per-allocation cap on relayed payload bytes per second, both directions together (coturn's
 * {@code --max-bps}; RFC 8656 §21 leaves the policy to the server): a token bucket per relayed address
 * that holds at most one second's worth, so a burst of up to {@code bytesPerSecond} passes and the rate
 * after it is the cap. Past it datagrams are dropped, as a congested link would. Buckets are kept for at
 * most {@code maxAllocations} relayed addresses, the least recently used forgotten first (a forgotten
 * allocation starts again with a full bucket). Not thread-safe.
 */
public final class ByteRateLimit implements TurnServer.BandwidthPolicy {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The largest cap: 9 GB/s (72 Gbit/s), so the refill arithmetic cannot overflow. */
    public static final long MAX = 9_000_000_000L;

    private static final class Bucket {
        long tokens;
        long at;
    }

    private final long bytesPerSecond;
    private final Map<InetSocketAddress, Bucket> buckets;

    /**
     * @param bytesPerSecond the cap, at least 1
     * @param maxAllocations how many allocations' buckets to keep, at least 1
     */
    public ByteRateLimit(long bytesPerSecond, int maxAllocations) {
        if (bytesPerSecond < 1 || bytesPerSecond > MAX || maxAllocations < 1) {
            throw new IllegalArgumentException("a byte rate of " + bytesPerSecond + " for " + maxAllocations
                    + " allocations: want 1.." + MAX + " bytes and at least one allocation");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Bucket> eldest) {
                return size() > maxAllocations;
            }
        };
    }

    @Override
    public boolean allow(InetSocketAddress relayed, int bytes, long nowNanos) {
        Bucket b = buckets.get(relayed);
        if (b == null) {
            b = new Bucket();
            b.tokens = bytesPerSecond;
            b.at = nowNanos;
            buckets.put(relayed, b);
        }
        long elapsed = Math.max(0, nowNanos - b.at);
        if (elapsed >= NANOS_PER_SECOND) {
            b.tokens = bytesPerSecond;
            b.at = nowNanos;
        } else {
            long refill = elapsed * bytesPerSecond / NANOS_PER_SECOND; // < 9.2e18: elapsed < 1e9, rate <= MAX
            if (refill > 0) {
                b.tokens = Math.min(bytesPerSecond, b.tokens + refill);
                b.at += refill * NANOS_PER_SECOND / bytesPerSecond; // keep the fraction of a byte not yet earned
            }
        }
        if (b.tokens < bytes) {
            return false;
        }
        b.tokens -= bytes;
        return true;
    }

    /** @return how many allocations' buckets are held */
    public int tracked() {
        return buckets.size();
    }
}
