package io.icelab.sim;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The adapter between a host and a sans-IO object of the core: it delivers datagrams with their
 * virtual receive time, sends what the object polls, arms one timer at the object's next deadline,
 * and logs and forwards its events. The object itself is not changed in any way.
 */
public final class SimApp<E> {
    private final Simulation sim;
    private final Host host;
    private final String name;
    private final SansIo<E> app;
    private final List<Consumer<? super E>> listeners = new ArrayList<>();
    private final List<E> events = new ArrayList<>();
    private long armedAt = SansIo.NO_DEADLINE;
    private long generation;

    SimApp(Simulation sim, Host host, String name, SansIo<E> app) {
        this.sim = sim;
        this.host = host;
        this.name = name;
        this.app = app;
    }

    public String name() {
        return name;
    }

    public SansIo<E> app() {
        return app;
    }

    /** Every event the application produced, in order. */
    public List<E> events() {
        return List.copyOf(events);
    }

    public SimApp<E> onEvent(Consumer<? super E> listener) {
        listeners.add(listener);
        return this;
    }

    /** Runs {@code action} on the application at virtual time {@code time}, then services it. */
    public void at(long time, String what, Runnable action) {
        sim.at(time, name + ": " + what, () -> {
            action.run();
            service();
        });
    }

    void deliver(Datagram d) {
        app.handleDatagram(sim.now(), d);
        service();
    }

    /** Sends, reports and re-arms after anything touched the application. */
    void service() {
        long now = sim.now();
        for (Datagram d; (d = app.pollTransmit(now)) != null; ) {
            host.send(this, d);
        }
        for (E e; (e = app.pollEvent()) != null; ) {
            events.add(e);
            sim.log(name, EventText.of(e));
            for (Consumer<? super E> l : listeners) {
                l.accept(e);
            }
        }
        long next = app.pollTimeout();
        if (next != armedAt) {
            armedAt = next;
            long gen = ++generation;
            if (next != SansIo.NO_DEADLINE) {
                sim.at(Math.max(next, now), name + ": timer", () -> {
                    if (gen == generation) {
                        armedAt = SansIo.NO_DEADLINE;
                        app.handleTimeout(sim.now());
                        service();
                    }
                });
            }
        }
    }
}
