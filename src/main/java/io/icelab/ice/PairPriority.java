package io.icelab.ice;

/** RFC 8445 §6.1.2.3: pair priority = 2^32·MIN(G,D) + 2·MAX(G,D) + (G > D ? 1 : 0). */
final class PairPriority {
    private PairPriority() {
    }

    /** {@code g} is the controlling agent's candidate priority, {@code d} the controlled agent's. */
    static long of(long g, long d) {
        return (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }
}
