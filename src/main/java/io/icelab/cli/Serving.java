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
        Thread hook = new Thread(rt::stop, "icelab-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long max = durationSeconds == null ? Long.MAX_VALUE : durationSeconds * 1_000_000_000L;
        try {
            rt.drive(server, onEvent, () -> false, max);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook has done its job
            }
        }
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
