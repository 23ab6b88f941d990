package io.icelab.net;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback addresses and free ports for tests; nothing here ever leaves 127.0.0.0/8 or ::1. */
public final class Loopback {
    private Loopback() {
    }

    public static InetSocketAddress v4(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public static InetSocketAddress at(String ip, int port) throws IOException {
        InetAddress a = InetAddress.getByName(ip);
        if (!a.isLoopbackAddress()) {
            throw new IllegalArgumentException(ip + " is not a loopback address");
        }
        return new InetSocketAddress(a, port);
    }

    /** A port free for UDP and TCP on 127.0.0.1, and {@code count - 1} free ports above it. */
    public static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (DatagramSocket s = new DatagramSocket(v4(0))) {
                base = s.getLocalPort();
            }
            if (base + count > 65535) {
                continue;
            }
            boolean ok = true;
            for (int p = base; p < base + count && ok; p++) {
                try (DatagramSocket u = new DatagramSocket(v4(p)); ServerSocket t = new ServerSocket(p, 1, v4(p).getAddress())) {
                    ok = true;
                } catch (IOException busy) {
                    ok = false;
                }
            }
            if (ok) {
                return base;
            }
        }
        throw new IOException("no free port range of " + count + " on loopback");
    }
}
