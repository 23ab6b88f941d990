package io.icelab.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * All randomness of a simulation comes from one seed. Each component (a link direction, a NAT, a
 * host's application) gets its own stream derived from the seed and the component's name, so adding
 * a host or a link does not change any other component's random numbers.
 */
public final class Seeds {
    private final long seed;

    public Seeds(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public RandomGenerator stream(String component) {
        return new SplittableRandom(mix(seed ^ mix(fnv1a64(component))));
    }

    public static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The SplitMix64 finaliser: a bijection that spreads nearby inputs apart. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
