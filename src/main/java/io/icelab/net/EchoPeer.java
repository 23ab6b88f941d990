package io.icelab.net;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/** A UDP echo peer on its own socket and thread, for probing a relay end to end. Closing stops it. */
public final class EchoPeer implements AutoCloseable {
    private final SocketRuntime runtime;
    private final Thread thread;

    /**
     * Starts echoing on {@code bind}, in a thread of its own until closed.
     *
     * @param bind the address (port 0 picks one)
     * @throws IOException when it cannot be bound
     */
    public EchoPeer(InetSocketAddress bind) throws IOException {
        runtime = SocketRuntime.open(bind);
        SansIo<Void> echo = new SansIo<>() {
            private final ArrayDeque<Datagram> out = new ArrayDeque<>();

            public void handleDatagram(long now, Datagram d) {
                out.add(d);
            }

            public Datagram pollTransmit(long now) {
                return out.poll();
            }

            public Void pollEvent() {
                return null;
            }
        };
        thread = new Thread(() -> {
            try {
                runtime.drive(echo, e -> { }, () -> false, Long.MAX_VALUE);
            } catch (IOException e) {
                // the socket closed under us: we are stopping
            }
        }, "icelab-echo-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Where it echoes.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return runtime.localAddresses().get(0);
    }

    @Override
    public void close() {
        runtime.stop();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }
}
