package io.icelab.sim;

/**
 * One direction of a link: latency and jitter (which may reorder), random and Gilbert-Elliott burst
 * loss, duplication, a rate limit with a drop-tail queue, an MTU and a blackhole switch.
 * Zero means "none" for jitter, loss, duplication, rate and MTU.
 */
public record Impairments(long latencyNanos, long jitterNanos, double loss, GilbertElliott burst, double duplicate,
        long rateBitsPerSecond, int queueBytes, int mtu, boolean blackhole) {

    public static final Impairments NONE = new Impairments(0, 0, 0, null, 0, 0, 0, 0, false);

    /**
     * Gilbert-Elliott two-state loss: per packet, GOOD→BAD with probability {@code p} and BAD→GOOD
     * with {@code r}; loss probability {@code lossGood} in GOOD and {@code lossBad} in BAD.
     * Mean loss = (r·lossGood + p·lossBad) / (p + r).
     */
    public record GilbertElliott(double p, double r, double lossGood, double lossBad) {
        public GilbertElliott {
            check(p, "p");
            check(r, "r");
            check(lossGood, "lossGood");
            check(lossBad, "lossBad");
        }

        public double meanLoss() {
            return p + r == 0 ? lossGood : (r * lossGood + p * lossBad) / (p + r);
        }
    }

    public Impairments {
        if (latencyNanos < 0 || jitterNanos < 0 || rateBitsPerSecond < 0 || queueBytes < 0 || mtu < 0) {
            throw new IllegalArgumentException("latency, jitter, rate, queue and MTU cannot be negative");
        }
        check(loss, "loss");
        check(duplicate, "duplicate");
    }

    private static void check(double probability, String what) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(what + " must be a probability in [0, 1], got " + probability);
        }
    }

    public static Impairments latency(long nanos) {
        return NONE.withLatency(nanos);
    }

    public Impairments withLatency(long nanos) {
        return new Impairments(nanos, jitterNanos, loss, burst, duplicate, rateBitsPerSecond, queueBytes, mtu, blackhole);
    }

    public Impairments withJitter(long nanos) {
        return new Impairments(latencyNanos, nanos, loss, burst, duplicate, rateBitsPerSecond, queueBytes, mtu, blackhole);
    }

    public Impairments withLoss(double p) {
        return new Impairments(latencyNanos, jitterNanos, p, burst, duplicate, rateBitsPerSecond, queueBytes, mtu, blackhole);
    }

    public Impairments withBurst(GilbertElliott ge) {
        return new Impairments(latencyNanos, jitterNanos, loss, ge, duplicate, rateBitsPerSecond, queueBytes, mtu, blackhole);
    }

    public Impairments withDuplicate(double p) {
        return new Impairments(latencyNanos, jitterNanos, loss, burst, p, rateBitsPerSecond, queueBytes, mtu, blackhole);
    }

    public Impairments withRate(long bitsPerSecond, int queue) {
        return new Impairments(latencyNanos, jitterNanos, loss, burst, duplicate, bitsPerSecond, queue, mtu, blackhole);
    }

    public Impairments withMtu(int bytes) {
        return new Impairments(latencyNanos, jitterNanos, loss, burst, duplicate, rateBitsPerSecond, queueBytes, bytes, blackhole);
    }

    public Impairments withBlackhole(boolean on) {
        return new Impairments(latencyNanos, jitterNanos, loss, burst, duplicate, rateBitsPerSecond, queueBytes, mtu, on);
    }
}
