package io.icelab.net;

import io.icelab.stun.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the runtime does with an unexpected exception from the protocol object it drives: the input that
 * caused it is dropped and the loop goes on (one bad datagram, connection or timer never ends a server
 * or a client). Each kind (where, and the exception's class) is counted, and logged at most once a
 * minute with the offending bytes in hex, so a flood cannot flood the log. Single-threaded, like the runtime.
 */
public final class Faults {
    /** Where in the loop it happened. */
    public enum Where {
        /** handling a UDP datagram */
        DATAGRAM,
        /** handling a frame read from a TCP connection */
        CONNECTION,
        /** handling a timeout */
        TIMER,
        /** polling what to send */
        TRANSMIT,
        /** sending a datagram (e.g. to an address family the socket cannot reach) */
        SEND,
        /** polling or delivering an event */
        EVENT,
        /** accepting a TCP connection (e.g. out of file descriptors) */
        ACCEPT
    }

    static final long LOG_EVERY_NANOS = 60_000_000_000L;
    static final int HEX_BYTES = 96;

    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, Long> lastLogged = new LinkedHashMap<>();
    private Consumer<String> log = System.err::println;

    /** No faults yet; lines go to standard error. */
    public Faults() {
        // Load every class of the fault path now: out of file descriptors, the JVM cannot load one later.
        Consumer<String> keep = log;
        log = line -> { };
        record(0, Where.ACCEPT, new IllegalStateException("warm-up"), "warm-up", Bytes.wrap(new byte[1]));
        counts.clear();
        lastLogged.clear();
        log = keep;
    }

    /**
     * Where the once-a-minute lines go (default: standard error).
     *
     * @param sink gets each line
     */
    public void log(Consumer<String> sink) {
        this.log = sink;
    }

    /**
     * Counts the fault, and logs it unless its kind was logged in the last minute.
     *
     * @param nowNanos the runtime's time
     * @param where at which stage of the loop
     * @param e what was thrown
     * @param from where the input came from, or null
     * @param input the input dropped, or null
     */
    public void record(long nowNanos, Where where, Throwable e, String from, Bytes input) {
        String kind = where.name().toLowerCase(java.util.Locale.ROOT) + " " + e.getClass().getSimpleName();
        long n = counts.merge(kind, 1L, Long::sum);
        Long last = lastLogged.get(kind);
        if (last != null && nowNanos - last < LOG_EVERY_NANOS) {
            return;
        }
        lastLogged.put(kind, nowNanos);
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        StringBuilder line = new StringBuilder("fault: ").append(kind);
        if (at != null) {
            line.append(" at ").append(at.getClassName().substring(at.getClassName().lastIndexOf('.') + 1)).append('.')
                    .append(at.getMethodName()).append(':').append(at.getLineNumber());
        }
        line.append(": ").append(String.valueOf(e.getMessage()).replace('\n', ' '));
        if (from != null) {
            line.append("; from ").append(from);
        }
        if (input != null) {
            int shown = Math.min(input.length(), HEX_BYTES);
            line.append("; input ").append(input.length()).append(" bytes ").append(Bytes.wrap(input.toArray(), 0, shown).hex())
                    .append(shown < input.length() ? "..." : "");
        }
        line.append("; dropped, ").append(n).append(" of this kind so far (logged at most once a minute)");
        log.accept(line.toString());
    }

    /**
     * Faults so far by kind ("datagram ArrayIndexOutOfBoundsException"), sorted by kind.
     *
     * @return the counts, in the order the kinds first occurred
     */
    public Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /**
     * All faults so far.
     *
     * @return their number
     */
    public long total() {
        long t = 0;
        for (long c : counts.values()) {
            t += c;
        }
        return t;
    }
}
