package io.icelab.interop;

import io.icelab.net.SocketRuntime;
import io.icelab.sim.PcapCapture;
import io.icelab.sim.SimPacket;
import io.icelab.stun.SansIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One sans-IO object (an ICE agent, a TURN server) on the real-socket runtime, driven in a thread of its
 * own, writing a pcap of everything it sends and receives. Other threads (the test, the signalling
 * server) act on it only through {@link #call}, which runs on the driving thread. Events are kept with
 * their runtime time.
 */
final class Driven<P extends SansIo<E>, E> implements AutoCloseable {
    record Timed<E>(long nanos, E event) {
    }

    final SocketRuntime runtime;
    final P protocol;
    final List<Timed<E>> events = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PcapCapture capture;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;

    Driven(String name, List<InetSocketAddress> binds, Path pcap, BiFunction<SocketRuntime, Long, P> factory)
            throws Exception {
        runtime = SocketRuntime.open(binds);
        capture = new PcapCapture(pcap, java.util.Set.of());
        java.util.Map<String, Boolean> toSelf = new java.util.HashMap<>();
        runtime.tap(new SocketRuntime.Tap() {
            @Override
            public void packet(long t, InetSocketAddress from, InetSocketAddress to, io.icelab.stun.Bytes payload) {
                // A datagram between two of our own sockets (a TURN server relaying between two of its
                // allocations) is seen sent and then received: capture it once, as a capture on lo would.
                List<InetSocketAddress> ours = runtime.localAddresses();
                if (ours.contains(from) && ours.contains(to)
                        && toSelf.remove(from + ">" + to + ":" + payload.hex()) != null) {
                    return;
                }
                if (ours.contains(from) && ours.contains(to)) {
                    toSelf.put(from + ">" + to + ":" + payload.hex(), Boolean.TRUE);
                }
                capture.packet(t, "lo", new SimPacket(0, from, to, payload));
            }

            @Override
            public void packet(long t, io.icelab.stun.Transport transport, InetSocketAddress from, InetSocketAddress to,
                    io.icelab.stun.Bytes payload) {
                if (transport == io.icelab.stun.Transport.TCP) {
                    capture.tcpSegment(t, "lo", from, to, payload.toArray()); // bytes as on the connection
                } else {
                    packet(t, from, to, payload);
                }
            }
        });
        protocol = factory.apply(runtime, runtime.nowNanos());
        thread = new Thread(() -> {
            try {
                runtime.drive(protocol, e -> events.add(new Timed<>(runtime.nowNanos(), e)), () -> false, Long.MAX_VALUE,
                        now -> {
                            for (Runnable r; (r = tasks.poll()) != null; ) {
                                r.run();
                            }
                        });
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }, "interop-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return runtime.localAddresses().get(0);
    }

    /** Runs {@code f} with the protocol and the runtime's time, on the driving thread; waits for its result. */
    <T> T call(BiFunction<P, Long, T> f) {
        if (stopped) {
            throw new IllegalStateException("stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(f.apply(protocol, runtime.nowNanos()));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        runtime.wakeup();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the driving thread did not answer" + (failure == null ? "" : ": " + failure), e);
        }
    }

    <T> T read(Function<P, T> f) {
        return call((p, now) -> f.apply(p));
    }

    /** Waits (real time: this is a real network) for the first event after index {@code from} that matches. */
    <T extends E> T await(Class<T> kind, Predicate<? super T> test, int from, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && failure == null) {
            for (int i = from; i < events.size(); i++) {
                E e = events.get(i).event();
                if (kind.isInstance(e) && test.test(kind.cast(e))) {
                    return kind.cast(e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no " + kind.getSimpleName() + " within " + timeout + (failure == null ? ""
                : " (driving thread failed: " + failure + ")") + "; events: " + events.subList(from, events.size()));
    }

    /** The runtime time of the first event matching {@code test}, or -1. */
    long timeOf(Predicate<? super E> test) {
        return events.stream().filter(t -> test.test(t.event())).mapToLong(Timed::nanos).findFirst().orElse(-1);
    }

    /** Stops driving and closes the sockets: to the peer this side has gone silent. Idempotent. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        runtime.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        try {
            capture.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the driving thread did not stop");
        }
    }

    @Override
    public void close() {
        stop();
        if (failure != null) {
            throw new AssertionError("the driving thread failed", failure);
        }
    }
}
