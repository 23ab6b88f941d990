package io.icelab.net;

import io.icelab.stun.SansIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Runs a sans-IO object on a {@link SocketRuntime} in a thread of the test's own, so that a client
 * in the test thread or an external program can talk to it. Closing stops the thread and the sockets.
 */
public final class ServerThread<E> implements AutoCloseable {
    final SocketRuntime runtime;
    public final ConcurrentLinkedQueue<E> events = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile Throwable failure;

    public ServerThread(List<InetSocketAddress> binds, Function<List<InetSocketAddress>, SansIo<E>> factory) throws IOException {
        this(binds, (Function<SocketRuntime, SansIo<E>>) rt -> factory.apply(rt.localAddresses()), true);
    }

    /** For protocols that need the runtime itself (a TURN server binding relayed sockets). */
    public ServerThread(List<InetSocketAddress> binds, Function<SocketRuntime, SansIo<E>> factory, boolean withRuntime)
            throws IOException {
        runtime = SocketRuntime.open(binds);
        SansIo<E> protocol;
        try {
            protocol = factory.apply(runtime);
        } catch (RuntimeException e) {
            runtime.close(); // no socket outlives a server that could not start
            throw e;
        }
        thread = new Thread(() -> {
            try {
                runtime.drive(protocol, events::add, () -> false, Long.MAX_VALUE);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }, "test-server");
        thread.setDaemon(true);
        thread.start();
    }

    public List<InetSocketAddress> addresses() {
        return runtime.localAddresses();
    }

    @Override
    public void close() {
        runtime.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        if (thread.isAlive()) {
            throw new AssertionError("server thread did not stop");
        }
        if (failure != null) {
            throw new AssertionError("server thread failed", failure);
        }
    }
}
