package io.icelab.sim;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A deterministic virtual network: one thread, one virtual clock, one seed. Realms joined by NAT
 * devices, hosts on impaired links, the core's sans-IO objects as applications, and a capture of
 * every packet. The same topology and seed give the same packets, bytes and timeline, always.
 */
public final class Simulation {
    /** The progress guard: this many events at one instant means a zero-delay loop. */
    public static final long MAX_EVENTS_PER_INSTANT = 1_000_000;

    private final Seeds seeds;
    private final Scheduler scheduler = new Scheduler(MAX_EVENTS_PER_INSTANT);
    private final EventLog log = new EventLog();
    private final Map<String, Realm> realms = new LinkedHashMap<>();
    private final Map<String, NatDevice> devices = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<DropCause, Long> drops = new EnumMap<>(DropCause.class);
    private final List<PacketCapture> captures = new ArrayList<>();
    private long nextPacketId = 1;
    private long delivered;

    public Simulation(long seed) {
        this.seeds = new Seeds(seed);
    }

    public long seed() {
        return seeds.seed();
    }

    public long now() {
        return scheduler.now();
    }

    /** The random stream of one named component; see {@link Seeds}. */
    public RandomGenerator random(String component) {
        return seeds.stream(component);
    }

    public EventLog log() {
        return log;
    }

    public void capture(PacketCapture c) {
        captures.add(c);
    }

    // ---- topology

    /** The root realm (the public internet); call once. */
    public Realm addRootRealm(String name) {
        Realm r = new Realm(this, name, null);
        register(realms, name, r);
        return r;
    }

    /** A device between {@code outside} and a new realm of the same name behind it. */
    public NatDevice addNat(String name, Realm outside, NatConfig config, List<InetAddress> externals,
            Impairments wanUp, Impairments wanDown) {
        NatDevice d = new NatDevice(this, name, config, outside, externals, wanUp, wanDown);
        register(devices, name, d);
        register(realms, name, d.inside());
        outside.addChild(d);
        return d;
    }

    public NatDevice addNat(String name, Realm outside, NatConfig config, List<InetAddress> externals) {
        return addNat(name, outside, config, externals, Impairments.NONE, Impairments.NONE);
    }

    public Host addHost(String name) {
        Host h = new Host(this, name);
        register(hosts, name, h);
        return h;
    }

    private static <T> void register(Map<String, T> map, String name, T value) {
        if (map.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("the name '" + name + "' is used twice");
        }
    }

    public Realm realm(String name) {
        return realms.get(name);
    }

    public NatDevice nat(String name) {
        return devices.get(name);
    }

    public Host host(String name) {
        return hosts.get(name);
    }

    public List<Realm> realms() {
        return List.copyOf(realms.values());
    }

    public List<NatDevice> nats() {
        return List.copyOf(devices.values());
    }

    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    // ---- running

    /** Schedules {@code action} at virtual time {@code time}. */
    public void at(long time, String what, Runnable action) {
        scheduler.at(time, what, action);
    }

    /** Runs every event up to and including {@code until}; the clock then reads {@code until}. */
    public void runUntil(long until) {
        while (scheduler.nextTime() <= until) {
            scheduler.step();
        }
        scheduler.advanceTo(until);
    }

    /** Runs until {@code done} holds (true), or {@code deadline} passes or nothing is left (false). */
    public boolean runUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            if (scheduler.nextTime() > deadline || !scheduler.step()) {
                scheduler.advanceTo(deadline);
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs until no event is left. */
    public void runToQuiescence() {
        while (scheduler.step()) {
            // every step is an event
        }
    }

    public long eventsExecuted() {
        return scheduler.executed();
    }

    // ---- used by realms, devices and hosts

    long nextPacketId() {
        return nextPacketId++;
    }

    /** Offers {@code p} to a link direction; on arrival (once, or twice if duplicated) runs {@code then}. */
    void transit(LinkDirection link, SimPacket p, Consumer<SimPacket> then) {
        LinkDirection.Outcome o = link.transmit(now(), p.wireSize());
        if (o.drop() != null) {
            drops.merge(o.drop(), 1L, Long::sum);
            return;
        }
        scheduler.at(now() + o.firstDelay(), "arrive over " + link.name(), () -> then.accept(p));
        if (o.secondDelay() != LinkDirection.Outcome.NONE) {
            scheduler.at(now() + o.secondDelay(), "duplicate over " + link.name(), () -> then.accept(p));
        }
    }

    /** A fault to inject: packets on {@code realm}'s wire that match are lost (cause LOSS). */
    public void dropIf(String realm, java.util.function.Predicate<SimPacket> match) {
        faults.add(new Fault(realm, match));
    }

    private record Fault(String realm, java.util.function.Predicate<SimPacket> match) {
    }

    private final List<Fault> faults = new ArrayList<>();

    /** True when an injected fault swallows the packet. */
    boolean faulted(String realm, SimPacket p) {
        for (Fault f : faults) {
            if (f.realm().equals(realm) && f.match().test(p)) {
                drops.merge(DropCause.LOSS, 1L, Long::sum);
                log.add(now(), realm, "fault injected: dropped " + p);
                return true;
            }
        }
        return false;
    }

    void tap(String realm, SimPacket p) {
        delivered++;
        for (PacketCapture c : captures) {
            c.packet(now(), realm, p);
        }
    }

    void drop(String where, DropCause cause, SimPacket p) {
        drops.merge(cause, 1L, Long::sum);
        if (cause != DropCause.LOSS && cause != DropCause.BURST_LOSS) {
            log.add(now(), where, "dropped " + p + ": " + cause);
        }
    }

    void log(String source, String text) {
        log.add(now(), source, text);
    }

    /** Logs an application's event; formatted only if the timeline is read. */
    void logEvent(String source, Object event) {
        log.addEvent(now(), source, event);
    }

    /** Drops by cause over the whole run (links, devices, hosts), in enum order. */
    public Map<DropCause, Long> drops() {
        return java.util.Collections.unmodifiableMap(new EnumMap<>(drops));
    }

    /** Packets that appeared on a realm's wire (one packet crossing three realms counts three times). */
    public long realmDeliveries() {
        return delivered;
    }
}
