package io.icelab.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A topology file turned into a ready {@link Simulation}: realms, NAT devices from named profiles,
 * hosts with impaired links, the applications they run, and scheduled changes (link down, NAT reboot,
 * new external address). See {@code scenarios/README.md} for the format.
 */
public final class Scenario {
    private static final Set<String> TOP = Set.of("name", "description", "root", "nats", "hosts", "events");
    private static final Set<String> NAT = Set.of("name", "behind", "profile", "overrides", "external", "wan");
    private static final Set<String> HOST = Set.of("name", "interfaces", "apps");
    private static final Set<String> IFACE = Set.of("realm", "address", "up", "down");
    private static final Set<String> LINK = Set.of("up", "down");
    private static final Set<String> IMPAIR = Set.of("latency", "jitter", "loss", "burst", "duplicate", "rate", "queue",
            "mtu", "blackhole");
    private static final Set<String> BURST = Set.of("p", "r", "loss-good", "loss-bad");
    private static final Set<String> EVENT = Set.of("at", "link", "nat", "action", "external", "up", "down");

    private final String name;
    private final Simulation sim;
    private final List<SimApp<?>> apps;

    private Scenario(String name, Simulation sim, List<SimApp<?>> apps) {
        this.name = name;
        this.sim = sim;
        this.apps = List.copyOf(apps);
    }

    public String name() {
        return name;
    }

    public Simulation simulation() {
        return sim;
    }

    public List<SimApp<?>> apps() {
        return apps;
    }

    /** Loads {@code file}; NAT profiles come from {@code ../nat-profiles/} beside it, or the jar. */
    public static Scenario load(Path file, long seed) {
        Path profiles = file.toAbsolutePath().getParent() == null ? null
                : file.toAbsolutePath().getParent().resolveSibling("nat-profiles");
        return build(Yaml.load(file), seed, profiles);
    }

    static Scenario build(Yaml y, long seed, Path profileDir) {
        Map<String, Yaml> top = y.fields(TOP);
        Simulation sim = new Simulation(seed);
        String name = Yaml.require(top, "name", y).text();
        sim.addRootRealm(Yaml.require(top, "root", y).text());
        if (top.containsKey("nats")) {
            for (Yaml n : top.get("nats").list()) {
                nat(sim, n, profileDir);
            }
        }
        List<SimApp<?>> apps = new ArrayList<>();
        Map<String, ScenarioApps.IceDeclaration> ice = new java.util.LinkedHashMap<>();
        for (Yaml h : Yaml.require(top, "hosts", y).list()) {
            host(sim, h, apps, ice);
        }
        ScenarioApps.pairIce(ice);
        if (top.containsKey("events")) {
            for (Yaml e : top.get("events").list()) {
                event(sim, e);
            }
        }
        return new Scenario(name, sim, apps);
    }

    private static void nat(Simulation sim, Yaml y, Path profileDir) {
        Map<String, Yaml> f = y.fields(NAT);
        String name = Yaml.require(f, "name", y).text();
        Yaml behind = Yaml.require(f, "behind", y);
        Realm outside = sim.realm(behind.text());
        if (outside == null) {
            throw behind.error("no realm '" + behind.text() + "' is declared above this NAT");
        }
        Yaml profile = Yaml.require(f, "profile", y);
        NatConfig config;
        try {
            config = NatProfiles.load(profile.text(), profileDir);
        } catch (TopologyException e) {
            throw profile.error(e.getMessage());
        }
        if (f.containsKey("overrides")) {
            config = NatProfiles.apply(config, f.get("overrides"));
        }
        List<InetAddress> externals = new ArrayList<>();
        if (f.containsKey("external")) {
            for (Yaml a : f.get("external").list()) {
                externals.add(ip(a));
            }
        }
        if (config.mode() == NatConfig.Mode.NAPT && externals.isEmpty()) {
            throw y.error("a translating NAT needs 'external' addresses");
        }
        Impairments up = Impairments.NONE;
        Impairments down = Impairments.NONE;
        if (f.containsKey("wan")) {
            Map<String, Yaml> wan = f.get("wan").fields(LINK);
            up = wan.containsKey("up") ? impairments(wan.get("up"), up) : up;
            down = wan.containsKey("down") ? impairments(wan.get("down"), down) : down;
        }
        try {
            sim.addNat(name, outside, config, externals, up, down);
        } catch (IllegalArgumentException e) {
            throw y.error(e.getMessage());
        }
    }

    private static void host(Simulation sim, Yaml y, List<SimApp<?>> apps, Map<String, ScenarioApps.IceDeclaration> ice) {
        Map<String, Yaml> f = y.fields(HOST);
        Host host;
        try {
            host = sim.addHost(Yaml.require(f, "name", y).text());
        } catch (IllegalArgumentException e) {
            throw y.error(e.getMessage());
        }
        for (Yaml i : Yaml.require(f, "interfaces", y).list()) {
            Map<String, Yaml> fi = i.fields(IFACE);
            Yaml realmName = Yaml.require(fi, "realm", i);
            Realm realm = sim.realm(realmName.text());
            if (realm == null) {
                throw realmName.error("no realm '" + realmName.text() + "' (the root, or the name of a NAT)");
            }
            Impairments up = fi.containsKey("up") ? impairments(fi.get("up"), Impairments.NONE) : Impairments.NONE;
            Impairments down = fi.containsKey("down") ? impairments(fi.get("down"), Impairments.NONE) : Impairments.NONE;
            try {
                host.attach(realm, ip(Yaml.require(fi, "address", i)), up, down);
            } catch (IllegalArgumentException e) {
                throw i.error(e.getMessage());
            }
        }
        if (f.containsKey("apps")) {
            for (Yaml a : f.get("apps").list()) {
                try {
                    apps.add(ScenarioApps.start(sim, host, a, ice));
                } catch (IllegalArgumentException e) {
                    throw a.error(e.getMessage());
                }
            }
        }
    }

    private static void event(Simulation sim, Yaml y) {
        Map<String, Yaml> f = y.fields(EVENT);
        long at = Yaml.require(f, "at", y).duration();
        if (f.containsKey("link")) {
            Yaml l = f.get("link");
            LinkDirection[] dirs = link(sim, l);
            if (f.containsKey("up")) {
                Yaml u = f.get("up");
                LinkDirection d = dirs[0];
                sim.at(at, "set " + d.name(), () -> d.set(impairments(u, d.impairments())));
                impairments(u, d.impairments()); // validate now, not at run time
            }
            if (f.containsKey("down")) {
                Yaml dn = f.get("down");
                LinkDirection d = dirs[1];
                sim.at(at, "set " + d.name(), () -> d.set(impairments(dn, d.impairments())));
                impairments(dn, d.impairments());
            }
            return;
        }
        Yaml n = Yaml.require(f, "nat", y);
        NatDevice nat = sim.nat(n.text());
        if (nat == null) {
            throw n.error("no NAT named '" + n.text() + "'");
        }
        Yaml action = Yaml.require(f, "action", y);
        switch (action.text()) {
            case "reboot" -> sim.at(at, "reboot " + nat.name(), () -> {
                sim.log(nat.name(), "reboot");
                nat.reboot();
            });
            case "change-external" -> {
                List<InetAddress> list = new ArrayList<>();
                for (Yaml a : Yaml.require(f, "external", y).list()) {
                    list.add(ip(a));
                }
                sim.at(at, "renumber " + nat.name(), () -> nat.changeExternalAddresses(list));
            }
            default -> throw action.error("'" + action.text() + "' is not one of [reboot, change-external]");
        }
    }

    /** {@code host/N} (interface N of host) or {@code nat/wan}: {up, down}. */
    private static LinkDirection[] link(Simulation sim, Yaml l) {
        String[] parts = l.text().split("/");
        if (parts.length == 2 && parts[1].equals("wan") && sim.nat(parts[0]) != null) {
            NatDevice d = sim.nat(parts[0]);
            return new LinkDirection[] {d.up(), d.down()};
        }
        if (parts.length == 2 && sim.host(parts[0]) != null) {
            Host h = sim.host(parts[0]);
            try {
                Interface i = h.iface(Integer.parseInt(parts[1]));
                return new LinkDirection[] {i.up(), i.down()};
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw l.error("host " + parts[0] + " has no interface " + parts[1]);
            }
        }
        throw l.error("'" + l.text() + "' is neither HOST/INDEX nor NAT/wan");
    }

    static Impairments impairments(Yaml y, Impairments base) {
        Map<String, Yaml> f = y.fields(IMPAIR);
        Impairments i = base;
        if (f.containsKey("latency")) {
            i = i.withLatency(f.get("latency").duration(3600 * SimTime.S));
        }
        if (f.containsKey("jitter")) {
            i = i.withJitter(f.get("jitter").duration(3600 * SimTime.S));
        }
        if (f.containsKey("loss")) {
            i = i.withLoss(f.get("loss").probability());
        }
        if (f.containsKey("duplicate")) {
            i = i.withDuplicate(f.get("duplicate").probability());
        }
        if (f.containsKey("burst")) {
            Yaml b = f.get("burst");
            Map<String, Yaml> g = b.fields(BURST);
            i = i.withBurst(new Impairments.GilbertElliott(Yaml.require(g, "p", b).probability(),
                    Yaml.require(g, "r", b).probability(),
                    g.containsKey("loss-good") ? g.get("loss-good").probability() : 0,
                    g.containsKey("loss-bad") ? g.get("loss-bad").probability() : 1));
        }
        if (f.containsKey("rate")) {
            long rate = bits(f.get("rate"));
            int queue = f.containsKey("queue") ? (int) bytes(f.get("queue")) : 64 * 1024;
            // bounds that keep the arithmetic exact and the queue in memory

            i = i.withRate(rate, queue);
        }
        if (f.containsKey("mtu")) {
            i = i.withMtu(f.get("mtu").integer(68, 65535));
        }
        if (f.containsKey("blackhole")) {
            i = i.withBlackhole(f.get("blackhole").bool());
        }
        return i;
    }

    /** A rate up to 1 tbit/s. */
    private static long bits(Yaml y) {
        return unit(y, new String[] {"gbit", "mbit", "kbit", "bit"}, new long[] {1_000_000_000L, 1_000_000L, 1_000L, 1L},
                1_000_000_000_000L, "1000gbit");
    }

    /** A size up to 1 GB (a link queue held in memory). */
    private static long bytes(Yaml y) {
        return unit(y, new String[] {"mb", "kb", "b"}, new long[] {1_000_000L, 1_000L, 1L}, 1_000_000_000L, "1000MB");
    }

    private static long unit(Yaml y, String[] suffixes, long[] scale, long max, String maxText) {
        String t = y.text().strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        for (int k = 0; k < suffixes.length; k++) {
            if (t.endsWith(suffixes[k])) {
                t = t.substring(0, t.length() - suffixes[k].length()).strip();
                mult = scale[k];
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0) {
                throw y.error("must be positive");
            }
            if (v * mult > max) {
                throw y.error("'" + y.text() + "' is more than " + maxText);
            }
            return Math.round(v * mult);
        } catch (NumberFormatException e) {
            throw y.error("'" + y.text() + "' is not a size like 2mbit or 64kB");
        }
    }

    /** An IP literal; host names are refused so loading never touches DNS. */
    static InetAddress ip(Yaml y) {
        String t = y.text().strip();
        InetAddress ip = io.icelab.stun.IpLiteral.parse(t);
        if (ip == null) {
            throw y.error("'" + t + "' is not an IP address");
        }
        return ip;
    }

    /** {@code IP:PORT} or {@code [IPv6]:PORT}. */
    static InetSocketAddress endpoint(Yaml y) {
        String t = y.text().strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0) {
            throw y.error("'" + t + "' is not IP:PORT");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw y.error("'" + t + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw y.error("'" + t + "': port out of range");
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw y.error("'" + t + "' is not IP:PORT");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw y.error("'" + t + "' is not IP:PORT");
        }
    }
}
