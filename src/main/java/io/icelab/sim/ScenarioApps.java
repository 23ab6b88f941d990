package io.icelab.sim;

import io.icelab.ice.IceConfig;
import io.icelab.ice.Role;
import io.icelab.stun.NatDiscoveryClient;
import io.icelab.stun.StunClient;
import io.icelab.stun.StunRequest;
import io.icelab.stun.StunServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The applications a topology file can put on a host; ICE and TURN hosts join with their issues. */
final class ScenarioApps {
    private static final Set<String> STUN_SERVER = Set.of("type", "name", "listen", "alternate");
    private static final Set<String> STUN_CLIENT = Set.of("type", "name", "local", "server", "start", "every", "until");
    private static final Set<String> DISCOVERY = Set.of("type", "name", "local", "second-local", "server", "start",
            "lifetime");
    private static final Set<String> ICE = Set.of("type", "name", "components", "role", "lite", "trickle", "servers",
            "nomination", "peer", "signalling-delay", "start", "turn", "relay-only");
    private static final Set<String> TURN_SERVER = Set.of("type", "name", "listen", "realm", "users");
    private static final Set<String> TURN_REF = Set.of("server", "user", "password");

    /** An ICE agent declared in a topology, waiting for its peer to be declared too. */
    record IceDeclaration(IceHost host, String peer, long delay, boolean trickle, long start, Yaml where) {
    }

    private ScenarioApps() {
    }

    static SimApp<?> start(Simulation sim, Host host, Yaml y, Map<String, IceDeclaration> ice) {
        Map<String, Yaml> probe = y.fields(Set.of("type", "name", "listen", "alternate", "local", "server", "start",
                "every", "until", "second-local", "lifetime", "components", "role", "lite", "trickle", "servers",
                "nomination", "peer", "signalling-delay", "turn", "relay-only", "realm", "users"));
        Yaml type = Yaml.require(probe, "type", y);
        switch (type.text()) {
            case "stun-server":
                return stunServer(host, y, y.fields(STUN_SERVER));
            case "stun-client":
                return stunClient(sim, host, y, y.fields(STUN_CLIENT));
            case "nat-discovery":
                return discovery(sim, host, y, y.fields(DISCOVERY));
            case "ice-agent":
                return ice(sim, host, y, y.fields(ICE), ice);
            case "turn-server":
                return turnServer(sim, host, y, y.fields(TURN_SERVER));
            default:
                throw type.error("'" + type.text()
                        + "' is not one of [stun-server, stun-client, nat-discovery, ice-agent, turn-server]");
        }
    }

    private static String name(Map<String, Yaml> f, String fallback) {
        return f.containsKey("name") ? f.get("name").text() : fallback;
    }

    private static SimApp<?> stunServer(Host host, Yaml y, Map<String, Yaml> f) {
        InetSocketAddress listen = Scenario.endpoint(Yaml.require(f, "listen", y));
        InetSocketAddress alternate = f.containsKey("alternate") ? Scenario.endpoint(f.get("alternate")) : null;
        StunServer server = new StunServer(new StunServer.Config(listen, alternate, "icelab-sim", null));
        SimApp<?> app = host.run(name(f, "stun-server"), server, server.localAddresses());
        return app;
    }

    /** A Binding request at {@code start}, then every {@code every} until {@code until}, like a keep-alive. */
    private static SimApp<?> stunClient(Simulation sim, Host host, Yaml y, Map<String, Yaml> f) {
        String appName = name(f, "stun-client");
        InetSocketAddress local = Scenario.endpoint(Yaml.require(f, "local", y));
        InetSocketAddress server = Scenario.endpoint(Yaml.require(f, "server", y));
        long start = f.containsKey("start") ? f.get("start").duration() : 0;
        long every = f.containsKey("every") ? f.get("every").duration() : 0;
        long until = f.containsKey("until") ? f.get("until").duration() : Long.MAX_VALUE;
        if (f.containsKey("every") && every <= 0) {
            throw f.get("every").error("must be longer than zero");
        }
        StunClient client = new StunClient(sim.random(host.name() + ":" + appName));
        SimApp<?> app = host.run(appName, client, List.of(local));
        scheduleBindings(sim, app, client, StunRequest.binding(local, server), start, every, until);
        return app;
    }

    private static void scheduleBindings(Simulation sim, SimApp<?> app, StunClient client, StunRequest request,
            long at, long every, long until) {
        app.at(at, "binding", () -> {
            client.send(sim.now(), request);
            long next = at + every;
            if (every > 0 && next <= until) {
                scheduleBindings(sim, app, client, request, next, every, until);
            }
        });
    }

    private static SimApp<?> discovery(Simulation sim, Host host, Yaml y, Map<String, Yaml> f) {
        String appName = name(f, "nat-discovery");
        InetSocketAddress local = Scenario.endpoint(Yaml.require(f, "local", y));
        InetSocketAddress second = f.containsKey("second-local") ? Scenario.endpoint(f.get("second-local")) : null;
        InetSocketAddress server = Scenario.endpoint(Yaml.require(f, "server", y));
        boolean lifetime = f.containsKey("lifetime") && f.get("lifetime").bool();
        if (lifetime && second == null) {
            throw f.get("lifetime").error("the binding lifetime test needs 'second-local'");
        }
        NatDiscoveryClient client = new NatDiscoveryClient(sim.random(host.name() + ":" + appName),
                new NatDiscoveryClient.Config(local, second, server, NatDiscoveryClient.Config.QUICK, true,
                        lifetime ? new NatDiscoveryClient.LifetimeSearch(15 * SimTime.S, 600 * SimTime.S, 5 * SimTime.S)
                                : null));
        List<InetSocketAddress> locals = new ArrayList<>(List.of(local));
        if (second != null) {
            locals.add(second);
        }
        SimApp<?> app = host.run(appName, client, locals);
        long start = f.containsKey("start") ? f.get("start").duration() : 0;
        app.at(start, "start", () -> client.start(sim.now()));
        return app;
    }

    /**
     * {@code components}: a list per component of local IP:PORT bases; {@code peer}: HOST:APP of the other
     * agent; signalling delivers credentials and candidates after {@code signalling-delay}.
     */
    private static SimApp<?> ice(Simulation sim, Host host, Yaml y, Map<String, Yaml> f, Map<String, IceDeclaration> ice) {
        String appName = name(f, "ice");
        Role role = f.containsKey("role") ? f.get("role").choice(Role.class) : Role.CONTROLLING;
        IceConfig config = IceConfig.defaults(role);
        if (f.containsKey("lite") && f.get("lite").bool()) {
            config = config.withLite();
        }
        if (f.containsKey("nomination")) {
            config = config.withNomination(f.get("nomination").choice(IceConfig.Nomination.class));
        }
        if (f.containsKey("servers")) {
            List<InetSocketAddress> servers = new ArrayList<>();
            for (Yaml s : f.get("servers").list()) {
                servers.add(Scenario.endpoint(s));
            }
            config = config.withStunServers(servers);
        }
        if (f.containsKey("turn")) {
            List<IceConfig.TurnServer> turns = new ArrayList<>();
            for (Yaml t : f.get("turn").list()) {
                Map<String, Yaml> tf = t.fields(TURN_REF);
                turns.add(new IceConfig.TurnServer(Scenario.endpoint(Yaml.require(tf, "server", t)),
                        Yaml.require(tf, "user", t).text(), Yaml.require(tf, "password", t).text()));
            }
            config = config.withTurnServers(turns);
        }
        if (f.containsKey("relay-only") && f.get("relay-only").bool()) {
            if (config.turnServers().isEmpty()) {
                throw f.get("relay-only").error("relay-only needs 'turn' servers");
            }
            config = config.withRelayOnly();
        }
        List<List<InetSocketAddress>> bases = new ArrayList<>();
        for (Yaml component : Yaml.require(f, "components", y).list()) {
            List<InetSocketAddress> list = new ArrayList<>();
            for (Yaml b : component.isList() ? component.list() : List.of(component)) {
                list.add(Scenario.endpoint(b));
            }
            bases.add(list);
        }
        IceHost h = new IceHost(sim, host, appName, config, bases);
        long delay = f.containsKey("signalling-delay") ? f.get("signalling-delay").duration() : 50 * SimTime.MS;
        boolean trickle = !f.containsKey("trickle") || f.get("trickle").bool();
        long start = f.containsKey("start") ? f.get("start").duration() : 0;
        ice.put(h.name(), new IceDeclaration(h, Yaml.require(f, "peer", y).text(), delay, trickle, start,
                f.get("peer")));
        return h.app();
    }

    /** icelab's TURN server; {@code users} maps user names to passwords. */
    private static SimApp<?> turnServer(Simulation sim, Host host, Yaml y, Map<String, Yaml> f) {
        InetSocketAddress listen = Scenario.endpoint(Yaml.require(f, "listen", y));
        Map<String, String> users = new java.util.LinkedHashMap<>();
        Yaml u = Yaml.require(f, "users", y);
        for (Map.Entry<String, Yaml> e : u.fields(Set.copyOf(userNames(u))).entrySet()) {
            users.put(e.getKey(), e.getValue().text());
        }
        String realm = f.containsKey("realm") ? f.get("realm").text() : "icelab";
        return new SimTurnServer(sim, host, listen, realm, new io.icelab.stun.StaticUsers(users)).app();
    }

    private static List<String> userNames(Yaml users) {
        return users.keys();
    }

    /** Pairs every declared ICE agent with its peer and starts both. */
    static void pairIce(Map<String, IceDeclaration> ice) {
        for (IceDeclaration d : ice.values()) {
            IceDeclaration other = ice.get(d.peer());
            if (other == null) {
                throw d.where().error("no ice-agent '" + d.peer() + "' (write HOST:APP)");
            }
            if (!other.peer().equals(d.host().name())) {
                throw d.where().error(d.peer() + " names '" + other.peer() + "' as its peer, not " + d.host().name());
            }
        }
        java.util.Set<String> done = new java.util.HashSet<>();
        for (IceDeclaration d : ice.values()) {
            if (done.add(d.host().name()) && done.add(d.peer())) {
                IceDeclaration other = ice.get(d.peer());
                IceHost.pair(d.host(), other.host(), d.delay(), d.trickle());
                d.host().start(d.start());
                other.host().start(other.start());
            }
        }
    }
}
