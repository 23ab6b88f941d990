package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two `icelab ice-agent` processes on 127.0.0.1, signalling through each other's stdin and stdout. */
public class IceAgentProcessesTest {

    /** One agent process; its signalling lines go to {@code peer} as they appear. */
    public static final class Agent implements AutoCloseable {
        final Process process;
        private final Thread stderr;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        volatile OutputStream peer;
        /** What the process printed on stderr. */
        final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Every line it printed on stdout. */
        final java.util.List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Starts {@code icelab ice-agent ARGS}. */
        public Agent(String... args) throws IOException {
            this(List.of(), List.of("io.icelab.cli.Main", "ice-agent"), args);
        }

        /**
         * Starts another program speaking the line protocol, on this JVM's classpath.
         *
         * @param jvmOptions options for its JVM (system properties)
         * @param main its main class and the arguments before {@code args}
         * @param args the protocol's options
         */
        public Agent(List<String> jvmOptions, List<String> main, String... args) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
            cmd.addAll(jvmOptions);
            cmd.addAll(main);
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).start();
            stderr = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        errors.add(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            stderr.setDaemon(true);
            stderr.start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        printed.add(l);
                        lines.add(l);
                        if (l.startsWith("a=")) {
                            while (peer == null) {
                                Thread.onSpinWait();
                            }
                            synchronized (peer) {
                                peer.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                                peer.flush();
                            }
                        }
                    }
                } catch (IOException e) {
                    lines.add("#io " + e.getMessage());
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** Wires this agent's signalling lines to {@code other}'s input, and back. */
        public void wire(Agent other) {
            peer = other.process.getOutputStream();
            other.peer = process.getOutputStream();
        }

        /** Everything it printed on stderr, once it has exited. */
        public java.util.List<String> errorsAfterExit() throws InterruptedException {
            stderr.join(TimeUnit.SECONDS.toMillis(10));
            return errors();
        }

        /** What it printed on stderr so far. */
        public java.util.List<String> errors() {
            return List.copyOf(errors);
        }

        /** Writes a line to its input. */
        public void say(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            synchronized (in) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        }

        /** The first line (from now) that starts with {@code prefix}, within 30 s. */
        public String await(String prefix) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith(prefix)) {
                    return l;
                }
            }
            throw new AssertionError("no line starting with '" + prefix + "' within 30 s");
        }

        /** The lines it printed that start with {@code prefix}, so far. */
        public java.util.List<String> printed(String prefix) {
            return printed.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Both inputs end: both processes exit 0 within 10 s. */
    private static void endsCleanly(Agent a, Agent b) throws Exception {
        a.process.getOutputStream().close();
        b.process.getOutputStream().close();
        for (Agent x : List.of(a, b)) {
            assertThat(x.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(x.process.exitValue()).isZero();
        }
    }

    @Test
    void twoProcesses_connectOnLoopback_andExchangeData() throws Exception {
        try (Agent a = new Agent("--controlling"); Agent b = new Agent("--controlled")) {
            a.peer = b.process.getOutputStream();
            b.peer = a.process.getOutputStream();
            String ca = a.await("connected ");
            String cb = b.await("connected ");
            assertThat(ca).matches("connected 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:\\d+ udp");
            String[] pa = ca.split(" ");
            String[] pb = cb.split(" ");
            assertThat(pa[1]).isEqualTo(pb[2]);
            assertThat(pa[2]).isEqualTo(pb[1]);
            a.say("send hello from a");
            assertThat(b.await("data ")).isEqualTo("data hello from a");
            b.say("send and back");
            assertThat(a.await("data ")).isEqualTo("data and back");
            endsCleanly(a, b);
        }
    }

    /**
     * RFC 6544 on real sockets: with UDP off on both sides only TCP pairs exist; the controlling agent's active
     * candidate wins the pair priority's tie (§4.2 direction preferences 6 and 4, RFC 8445 §6.1.2.3) and connects
     * from an ephemeral port to the controlled agent's passive candidate; data crosses the RFC 4571 framed
     * connection both ways. Run with either process started first.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} started first")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"controlling", "controlled"})
    void twoProcesses_connectOverTcp_withUdpOff(String first) throws Exception {
        String other = first.equals("controlling") ? "controlled" : "controlling";
        try (Agent x = new Agent("--" + first, "--tcp=only"); Agent y = new Agent("--" + other, "--tcp=only")) {
            Agent a = first.equals("controlling") ? x : y;
            Agent b = a == x ? y : x;
            a.peer = b.process.getOutputStream();
            b.peer = a.process.getOutputStream();
            String ca = a.await("connected ");
            String cb = b.await("connected ");
            assertThat(ca).matches("connected 127\\.0\\.0\\.1:9 127\\.0\\.0\\.1:\\d+ tcp active");
            assertThat(cb).matches("connected 127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:\\d+ tcp passive");
            assertThat(cb.split(" ")[1]).isEqualTo(ca.split(" ")[2]); // the passive candidate connected to
            a.say("send over tcp from the active side");
            assertThat(b.await("data ")).isEqualTo("data over tcp from the active side");
            b.say("send and back from the passive side");
            assertThat(a.await("data ")).isEqualTo("data and back from the passive side");
            endsCleanly(a, b);
        }
    }
}
