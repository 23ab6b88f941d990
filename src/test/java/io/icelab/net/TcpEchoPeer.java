package io.icelab.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A TCP echo peer on loopback: echoes what each connection sends; accepts until closed. */
public final class TcpEchoPeer implements AutoCloseable {
    final java.net.ServerSocket server = new java.net.ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
    final Thread thread;

public TcpEchoPeer() throws java.io.IOException {
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (java.net.Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    byte[] buf = new byte[4096];
                    for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
                        s.getOutputStream().write(buf, 0, n);
                    }
                } catch (java.io.IOException e) {
                    // closed, or the connection ended
                }
            }
        }, "tcp-echo-peer");
        thread.setDaemon(true);
        thread.start();
    }

public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
    }
}
