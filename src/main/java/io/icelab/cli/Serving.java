package io.icelab.cli;

import io.icelab.net.SocketRuntime;
import io.icelab.stun.SansIo;
import java.io.IOException;
import java.util.function.Consumer;

/** Runs a server protocol until interrupted (Ctrl-C stops it cleanly) or for a given number of seconds. */
final class Serving {
    private Serving() {
    }

    static <E> void serve(SocketRuntime rt, SansIo<E> server, Consumer<? super E> onEvent, Long durationSeconds)
            throws IOException {
        serve(rt, server, onEvent, durationSeconds, null, 0, () -> "");
    }

    /**
     * As above; every {@code statsEveryNanos} (0: never) and once at the end, prints one line of the
     * server's counters ({@code counters}) and the runtime's: TCP connections and the faults it caught.
     */
    static <E> void serve(SocketRuntime rt, SansIo<E> server, Consumer<? super E> onEvent, Long durationSeconds,
            java.io.PrintWriter out, long statsEveryNanos, java.util.function.Supplier<String> counters)
            throws IOException {
        Thread hook = new Thread(rt::stop, "icelab-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long max = durationSeconds == null ? Long.MAX_VALUE : durationSeconds * 1_000_000_000L;
        long[] next = {statsEveryNanos};
        try {
            rt.drive(server, onEvent, () -> false, max, now -> {
                if (out != null && statsEveryNanos > 0 && now >= next[0]) {
                    next[0] = now + statsEveryNanos;
                    out.println(stats(rt, counters));
                    out.flush();
                }
            });
        } finally {
            if (out != null) {
                out.println(stats(rt, counters));
                out.flush();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook has done its job
            }
        }
    }

    /** A positive duration given to {@code option} (e.g. 10s), or a ParameterException naming it. */
    static long positiveDuration(picocli.CommandLine.Model.CommandSpec spec, String option, String text) {
        try {
            long n = io.icelab.sim.SimTime.parse(text);
            if (n <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " '" + text + "': " + e.getMessage());
        }
    }

    /** One line: the server's counters, then the runtime's TCP counters and faults by kind. */
    static String stats(SocketRuntime rt, java.util.function.Supplier<String> counters) {
        StringBuilder sb = new StringBuilder("stats     ").append(counters.get());
        sb.append(sb.length() > 10 ? ", " : "").append("tcp ").append(rt.tcpConnections()).append(" open, ")
                .append(rt.tcpRefused()).append(" refused, ").append(rt.tcpIdleClosed()).append(" idle-closed, faults ")
                .append(rt.faults().total());
        rt.faults().counts().forEach((k, v) -> sb.append(" (").append(k).append(": ").append(v).append(')'));
        return sb.toString();
    }

    /** With {@code verbose}, each event printed as one line as it happens; otherwise nothing. */
    static <E> Consumer<E> printing(java.io.PrintWriter out, boolean verbose,
            java.util.function.Function<? super E, String> describe) {
        return e -> {
            if (verbose) {
                out.println(describe.apply(e));
                out.flush();
            }
        };
    }
}
