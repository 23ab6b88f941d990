package io.icelab.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A peer program (turnserver, chromedriver) that a test runs either as a container of the project's
 * image with host networking (which, inside the interop namespace, is loopback only) or as a local
 * process. Starting waits for the line that says it is ready; closing removes the container or ends
 * the process, also when the test failed.
 */
abstract sealed class Service implements AutoCloseable {
    final String name;

    private Service(String name) {
        this.name = name;
    }

    /** Starts {@code program args…}: image {@code icelab/IMAGE} (entrypoint = program) or the local binary. */
    static Service start(String name, String image, String program, List<String> args, String readyRegex,
            Duration timeout) throws IOException, InterruptedException {
        return start(name, image, program, args, readyRegex, timeout, List.of());
    }

    /** The same, with {@code files} (e.g. a test's certificate) at the same paths inside a container. */
    static Service start(String name, String image, String program, List<String> args, String readyRegex,
            Duration timeout, List<Path> files) throws IOException, InterruptedException {
        return Interop.mode() == Interop.Mode.CONTAINERS
                ? Container.start(name, image, args, readyRegex, timeout, files)
                : Local.start(name, program, args, readyRegex, timeout);
    }

    /** What the program has printed so far. */
    abstract String output() throws IOException;

    /** A program run to its end: its exit code and what it printed. */
    record Run(int exitCode, String output) {
    }

    /**
     * Runs {@code program args…} to its end (at most {@code timeout}, then it is killed): in image
     * {@code icelab/IMAGE} with {@code program} as the entrypoint, or the local binary.
     */
    static Run runToEnd(String name, String image, String program, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        if (Interop.mode() == Interop.Mode.CONTAINERS) {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Interop.image(image)))
                    .withNetworkMode("host")
                    .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(program))
                    .withCommand(args.toArray(new String[0]))
                    .withStartupCheckStrategy(new org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy()
                            .withTimeout(timeout));
            try {
                c.start();
                return new Run(0, c.getLogs());
            } catch (RuntimeException e) {
                String logs = c.getContainerId() == null ? "" : c.getLogs();
                return new Run(1, logs + "\n" + e.getMessage());
            } finally {
                Files.writeString(Interop.logFile(name), c.getContainerId() == null ? "" : c.getLogs());
                c.stop();
            }
        }
        Path bin = Path.of("/usr/bin", program);
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(bin + " is not installed: -Dicelab.interop=local needs Debian's coturn");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(args);
        Path log = Interop.logFile(name);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Run(-1, Files.readString(log) + "\n(killed after " + timeout + ")");
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    static final class Container extends Service {
        private final GenericContainer<?> container;

        private Container(String name, GenericContainer<?> container) {
            super(name);
            this.container = container;
        }

        static Container start(String name, String image, List<String> args, String readyRegex, Duration timeout,
                List<Path> files) {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(Interop.image(image)))
                    .withNetworkMode("host")
                    .withSharedMemorySize(1L << 30)
                    .withCommand(args.toArray(new String[0]))
                    .waitingFor(Wait.forLogMessage("(?s).*" + readyRegex + ".*", 1).withStartupTimeout(timeout));
            for (Path f : files) {
                c.withCopyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(f, 0644), f.toString());
            }
            try {
                c.start();
            } catch (RuntimeException e) {
                String logs = c.getContainerId() == null ? "" : c.getLogs();
                c.stop();
                throw new AssertionError(name + " (" + Interop.image(image) + ") did not start:\n" + logs, e);
            }
            return new Container(name, c);
        }

        @Override
        String output() {
            return container.getLogs();
        }

        @Override
        public void close() throws IOException {
            try {
                Files.writeString(Interop.logFile(name), container.getLogs());
            } finally {
                container.stop(); // removes it
            }
        }
    }

    static final class Local extends Service {
        private final Process process;
        private final Path log;

        private Local(String name, Process process, Path log) {
            super(name);
            this.process = process;
            this.log = log;
        }

        static Local start(String name, String program, List<String> args, String readyRegex, Duration timeout)
                throws IOException, InterruptedException {
            Path bin = Path.of("/usr/bin", program);
            if (!Files.isExecutable(bin)) {
                throw new AssertionError(bin + " is not installed: -Dicelab.interop=local needs Debian's coturn, "
                        + "chromium, chromium-driver and firefox-esr");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(bin.toString());
            cmd.addAll(args);
            Path log = Interop.logFile(name);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Local l = new Local(name, p, log);
            java.util.regex.Pattern ready = java.util.regex.Pattern.compile(readyRegex);
            long end = System.nanoTime() + timeout.toNanos();
            while (!ready.matcher(l.output()).find()) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    String out = l.output();
                    l.close();
                    throw new AssertionError(name + " did not start (" + (p.isAlive() ? "timeout" : "exit "
                            + p.exitValue()) + "):\n" + out);
                }
                p.waitFor(50, TimeUnit.MILLISECONDS);
            }
            return l;
        }

        @Override
        String output() throws IOException {
            return Files.readString(log);
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
