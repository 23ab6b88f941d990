package io.icelab.net;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external program a test runs (coturn's tools). Missing programs skip the test with a message,
 * except on CI, where .ci/run installs them and their absence is a failure.
 */
final class ExternalTool implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ExternalTool(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static String require(String binary, String aptPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if (System.getenv("CI") != null) {
            fail(binary + " is not installed, but CI must have it: .ci/run installs " + aptPackage);
        }
        assumeTrue(false, binary + " is not installed (apt-get install " + aptPackage + "); skipped outside CI");
        return null;
    }

    /** Starts a program with its output in {@code target/interop-logs/NAME.log}. */
    static ExternalTool start(String name, List<String> command) throws IOException {
        Path dir = Path.of("target", "interop-logs");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ExternalTool(p, log);
    }

    /** Runs a program to completion (bounded); returns its exit code and output. */
    static Result run(String name, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        try (ExternalTool t = start(name, List.of(command))) {
            if (!t.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                return new Result(-1, t.output() + "\n[killed after " + timeoutSeconds + " s]");
            }
            return new Result(t.process.exitValue(), t.output());
        }
    }

    record Result(int exitCode, String output) {
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the output contains {@code text}; false on timeout or early exit. */
    boolean awaitOutput(String text, long timeoutMillis) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
