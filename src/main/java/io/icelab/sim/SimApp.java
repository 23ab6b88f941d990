package io.icelab.sim;

import io.icelab.loop.Driver;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The adapter between a host and a sans-IO object of the core: it runs the shared {@link Driver} loop at each
 * virtual instant something happens to the object (a datagram with its virtual receive time, an action, its
 * timer), sends what it transmits, logs and forwards its events, and arms one timer at its next deadline. The
 * object itself is not changed in any way.
 */
public final class SimApp<E> {
    private final Simulation sim;
    private final Host host;
    private final String name;
    private final SansIo<E> app;
    private final List<Consumer<? super E>> listeners = new ArrayList<>();
    private final List<E> events = new ArrayList<>();
    private final Alarm alarm;
    private final Driver<E> driver;

    SimApp(Simulation sim, Host host, String name, SansIo<E> app) {
        this.sim = sim;
        this.host = host;
        this.name = name;
        this.app = app;
        // the simulator wants a failure loud, with its seed: nothing is swallowed
        this.driver = new Driver<>(app, this::event, (now, d) -> host.send(this, d), Driver.FaultPolicy.RETHROW, 0);
        this.alarm = new Alarm(sim, name + ": timer", this::service);
    }

    public String name() {
        return name;
    }

    public SansIo<E> app() {
        return app;
    }

    /** The host the application runs on. */
    public Host host() {
        return host;
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
        arm(driver.turn(sim.now(), d));
    }

    /** One of the application's TCP connections opened, failed or closed (reported by its host's TCP). */
    void connection(io.icelab.stun.ConnectionEvent e) {
        driver.connection(sim.now(), e);
        service();
    }

    /** A turn of the shared loop after anything touched the application: timeouts due, events, transmits; re-arms. */
    void service() {
        arm(driver.turn(sim.now(), null));
    }

    private void event(E e) {
        events.add(e);
        sim.logEvent(name, e);
        for (Consumer<? super E> l : listeners) {
            l.accept(e);
        }
    }

    /** One simulator timer at the application's next deadline; a later re-arm cancels the earlier one. */
    private void arm(long next) {
        alarm.arm(next);
    }
}
