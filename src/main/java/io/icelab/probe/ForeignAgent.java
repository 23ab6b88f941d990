package io.icelab.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An ICE agent in another process speaking the line protocol of {@code icelab ice-agent} (README, "The ice-agent
 * line protocol"): its standard output read line by line into a queue (a {@code wake} runs after each), its standard
 * error kept, lines written to its standard input. Closing ends its input, waits a little for it to exit by itself
 * and then stops it: no process outlives a probe.
 */
final class ForeignAgent implements AutoCloseable {
    /** What the agent's output had, in order; its lines are polled from {@link #lines}. */
    private final Process process;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Thread stdout;
    private final Thread stderr;

    ForeignAgent(List<String> command, Runnable wake) throws IOException {
        this.process = new ProcessBuilder(command).start();
        this.stdout = reader("stdout", new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), l -> {
            lines.add(l);
            wake.run();
        });
        this.stderr = reader("stderr", new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), l -> {
            if (errors.size() < 1_000) { // bounded: a chatty agent cannot fill the probe's memory
                errors.add(l);
            }
        });
    }

    private static Thread reader(String what, BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (in) {
                for (String l; (l = in.readLine()) != null; ) {
                    sink.accept(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "icelab-probe-agent-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The next line the agent printed, or null. */
    String poll() {
        return lines.poll();
    }

    /** Writes one line to the agent's input; false once its input is closed or it has ended. */
    boolean say(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Its exit code once it has ended, else -1. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** What it printed on standard error (the first 1,000 lines), once its reader has caught up. */
    List<String> errors() throws InterruptedException {
        if (!process.isAlive()) {
            stderr.join(2_000);
        }
        return new ArrayList<>(errors);
    }

    /** Ends its input and waits up to {@code graceMillis} for it to exit; the exit code, or -1 when it had to be stopped. */
    int finish(long graceMillis) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // it has ended already
        }
        if (process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
            stdout.join(1_000);
            return process.exitValue();
        }
        close();
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
