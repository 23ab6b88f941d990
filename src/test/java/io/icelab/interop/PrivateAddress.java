package io.icelab.interop;

import java.io.IOException;
import java.net.InetAddress;

/**
 * A private address inside the interop namespace: 10.99.0.1 on {@code icelab-v0}, one end of a veth pair whose
 * other end is in the same namespace. Chromium never hides a loopback address behind an mDNS name, only addresses
 * like this one; both ends of the pair are inside the test's own namespace (what goes to the address is delivered
 * locally), so nothing can leave it, as with {@code lo} alone. Removed again on close. (A veth pair because this
 * kernel has no dummy interfaces.)
 */
final class PrivateAddress implements AutoCloseable {
    static final String INTERFACE = "icelab-v0";
    static final InetAddress IP = io.icelab.stun.IpLiteral.parse("10.99.0.1");

    private PrivateAddress() {
    }

    /** Adds the interface; call only inside the interop namespace ({@link Interop#requireLoopbackOnly}). */
    static PrivateAddress add() throws IOException, InterruptedException {
        Interop.requireLoopbackOnly();
        Interop.ip("link", "add", INTERFACE, "type", "veth", "peer", "name", "icelab-v1");
        Interop.ip("addr", "add", IP.getHostAddress() + "/24", "dev", INTERFACE);
        Interop.ip("link", "set", "icelab-v1", "up");
        Interop.ip("link", "set", INTERFACE, "up");
        // mDNS (RFC 6762) goes to 224.0.0.251 on this interface: the browser's responder can register its names
        Interop.ip("route", "add", "224.0.0.0/4", "dev", INTERFACE);
        return new PrivateAddress();
    }


    @Override
    public void close() throws IOException, InterruptedException {
        Interop.ip("link", "del", INTERFACE); // its peer goes with it
    }
}
