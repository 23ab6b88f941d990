package io.icelab.interop;

import java.io.IOException;
import java.net.NetworkInterface;

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
        Interop.ip("link", "set", "lo", "multicast", "on");
        return new LoopbackMulticast();
    }

    NetworkInterface loopback() throws IOException {
        return NetworkInterface.getByName("lo");
    }


    @Override
    public void close() throws IOException, InterruptedException {
        Interop.ip("link", "set", "lo", "multicast", "off");
    }
}
