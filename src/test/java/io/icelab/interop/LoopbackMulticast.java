package io.icelab.interop;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.concurrent.TimeUnit;

/**
 * Multicast on the interop namespace's {@code lo} (off by default), so that mDNS (RFC 6762) queries and answers go
 * between the processes in it: only {@code lo} exists there, so nothing can leave. Switched off again on close.
 */
final class LoopbackMulticast implements AutoCloseable {
    private LoopbackMulticast() {
    }

    /** Switches it on; only inside the interop namespace ({@link Interop#requireLoopbackOnly}). */
    static LoopbackMulticast enable() throws IOException, InterruptedException {
        Interop.requireLoopbackOnly();
        ip("link", "set", "lo", "multicast", "on");
        return new LoopbackMulticast();
    }

    NetworkInterface loopback() throws IOException {
        return NetworkInterface.getByName("lo");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ip"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ip("link", "set", "lo", "multicast", "off");
    }
}
