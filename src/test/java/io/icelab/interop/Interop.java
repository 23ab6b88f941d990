package io.icelab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.qameta.allure.Allure;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * How the interop tests run: against containers built by docker/build-images.sh (the default) or the
 * machine's own turnserver and chromium ({@code -Dicelab.interop=local}); always inside a network
 * namespace of their own with only {@code lo} (docker/isolated-jvm/bin/java), so nothing they start can send
 * anywhere but loopback.
 */
final class Interop {
    enum Mode { CONTAINERS, LOCAL }

    static final Path CAPTURES = Path.of("target", "interop-captures");
    static final Path LOGS = Path.of("target", "interop-logs");

    private Interop() {
    }

    static Mode mode() {
        String m = System.getProperty("icelab.interop", "containers");
        return switch (m) {
            case "local" -> Mode.LOCAL;
            case "containers" -> Mode.CONTAINERS;
            default -> throw new IllegalArgumentException("-Dicelab.interop must be 'containers' or 'local', not '" + m + "'");
        };
    }

    /** The image docker/build-images.sh tagged for this project version. */
    static String image(String name) {
        return "icelab/" + name + ":" + System.getProperty("icelab.version", "0.1.0-SNAPSHOT");
    }

    /**
     * Fails unless this JVM's network namespace has no interface but {@code lo}: a browser here would
     * otherwise gather and send from the machine's real interfaces. Run through {@code mvn verify -Pinterop}.
     */
    static void requireLoopbackOnly() throws SocketException {
        List<String> names = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .map(NetworkInterface::getName).sorted().toList();
        assertThat(names).as("the interop tests run only in a network namespace with just lo "
                + "(mvn verify -Pinterop runs the test JVM through docker/isolated-jvm/bin/java)").containsExactly("lo");
    }

    /** Labels the running test for the Allure report's "Interop" epic. */
    static void label(String feature, String story) {
        Allure.epic("Interop");
        Allure.feature(feature);
        Allure.story(story);
        Allure.parameter("runtime", mode() == Mode.LOCAL ? "local processes" : "containers");
    }

    /**
     * Places the running test in the interop matrix (rows: peers, columns: cases), which {@code icelab report} draws
     * from these labels; {@code version}: the peer's, for the row's header (null when unknown).
     */
    static void cell(String peer, String version, String matrixCase) {
        Allure.label("interop.peer", peer);
        Allure.label("interop.case", matrixCase);
        if (version != null) {
            Allure.label("interop.version", version);
        }
    }

    /** Runs {@code ip ARGS} (iproute2) in the interop namespace; fails with its output when it fails. */
    static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    static Path captureFile(String name) throws IOException {
        Files.createDirectories(CAPTURES);
        return CAPTURES.resolve(name + ".pcap");
    }

    static Path logFile(String name) throws IOException {
        Files.createDirectories(LOGS);
        return LOGS.resolve(name + ".log");
    }
}
