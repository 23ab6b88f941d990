package io.icelab.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The state of one direction of a link: its impairments (which may change at scheduled times), the
 * Gilbert-Elliott state, the rate limiter's queue, its random stream and its counters.
 */
public final class LinkDirection {
    private final String name;
    private final RandomGenerator random;
    private Impairments impairments;
    private boolean burstBad;
    private long transmitterFreeAt;
    private long sent;
    private long delivered;
    private long duplicated;
    private long bytes;
    private final Map<DropCause, Long> drops = new EnumMap<>(DropCause.class);

    LinkDirection(String name, Impairments impairments, RandomGenerator random) {
        this.name = name;
        this.impairments = impairments;
        this.random = random;
    }

    public String name() {
        return name;
    }

    public Impairments impairments() {
        return impairments;
    }

    /** Changes this direction's impairments from now on (e.g. a link going down at a scheduled time). */
    public void set(Impairments i) {
        impairments = i;
    }

    /** The outcome of offering one packet: arrival delays (1 or 2 when duplicated), or a drop. */
    record Outcome(DropCause drop, long firstDelay, long secondDelay) {
        static final long NONE = -1;
    }

    /** Offers a packet of {@code size} bytes at {@code now}; the arrival delays or the drop cause. */
    Outcome transmit(long now, int size) {
        sent++;
        Impairments im = impairments;
        if (im.blackhole()) {
            return drop(DropCause.BLACKHOLE);
        }
        if (im.mtu() > 0 && size > im.mtu()) {
            return drop(DropCause.MTU);
        }
        long departure = now;
        if (im.rateBitsPerSecond() > 0) {
            long backlogNanos = Math.max(0, transmitterFreeAt - now);
            long backlogBytes = backlogNanos * im.rateBitsPerSecond() / 8 / SimTime.S;
            if (backlogBytes + size > im.queueBytes() && backlogNanos > 0) {
                return drop(DropCause.QUEUE);
            }
            long txNanos = (long) size * 8 * SimTime.S / im.rateBitsPerSecond();
            departure = Math.max(now, transmitterFreeAt) + txNanos;
            transmitterFreeAt = departure;
        }
        Impairments.GilbertElliott ge = im.burst();
        if (ge != null) {
            burstBad = burstBad ? random.nextDouble() >= ge.r() : random.nextDouble() < ge.p();
            if (random.nextDouble() < (burstBad ? ge.lossBad() : ge.lossGood())) {
                return drop(DropCause.BURST_LOSS);
            }
        }
        if (im.loss() > 0 && random.nextDouble() < im.loss()) {
            return drop(DropCause.LOSS);
        }
        long first = departure - now + delay(im);
        long second = Outcome.NONE;
        if (im.duplicate() > 0 && random.nextDouble() < im.duplicate()) {
            second = departure - now + delay(im);
            duplicated++;
        }
        delivered++;
        bytes += size;
        return new Outcome(null, first, second);
    }

    /** Latency plus Gaussian jitter, never negative: consecutive packets may overtake each other. */
    private long delay(Impairments im) {
        if (im.jitterNanos() == 0) {
            return im.latencyNanos();
        }
        return Math.max(0, im.latencyNanos() + Math.round(random.nextGaussian() * im.jitterNanos()));
    }

    private Outcome drop(DropCause cause) {
        drops.merge(cause, 1L, Long::sum);
        return new Outcome(cause, Outcome.NONE, Outcome.NONE);
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long duplicated() {
        return duplicated;
    }

    public long bytes() {
        return bytes;
    }

    public Map<DropCause, Long> drops() {
        return java.util.Collections.unmodifiableMap(new EnumMap<>(drops)); // enum order, never hash order
    }

    public long dropped() {
        long n = 0;
        for (long v : drops.values()) {
            n += v;
        }
        return n;
    }
}
