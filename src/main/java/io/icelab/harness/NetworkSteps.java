package io.icelab.harness;

import io.cucumber.java.en.Given;
import io.icelab.sim.Host;
import io.icelab.sim.Impairments;
import io.icelab.sim.NatConfig;
import io.icelab.sim.NatDevice;
import io.icelab.sim.NatProfiles;
import io.icelab.sim.Realm;
import io.icelab.sim.Scenario;
import io.icelab.sim.SimTime;
import io.icelab.sim.SimTurnServer;
import io.icelab.stun.StaticUsers;
import io.icelab.stun.StunServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Given steps that build the simulated network. */
public final class NetworkSteps {
    static final long MS = SimTime.MS;
    static Path profiles() {
        return World.root().resolve("scenarios").resolve("nat-profiles");
    }
    static final InetSocketAddress STUN = at("192.0.2.1", 3478);
    static final InetSocketAddress STUN_ALT = at("192.0.2.2", 3479);
    static final InetSocketAddress TURN = at("192.0.2.10", 3478);

    private final World world;
    /** Per host, the impairments of its link when a step changed them (10 ms latency otherwise). */
    private final Map<String, Impairments> links = new java.util.LinkedHashMap<>();

    public NetworkSteps(World world) {
        this.world = world;
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    /** alice 10, bob 20, carol 30, ...: each host's number in its addresses. */
    static int number(String who) {
        return switch (who) {
            case "alice" -> 10;
            case "bob" -> 20;
            case "carol" -> 30;
            default -> 40 + Math.floorMod(who.hashCode(), 50);
        };
    }

    /** The host "stun" at 192.0.2.1 (and {@code more} addresses) on the internet, created with the realm if need be. */
    private Host stunHost(String... more) {
        Realm internet = world.sim().realm("internet") != null ? world.sim().realm("internet")
                : world.sim().addRootRealm("internet");
        Host stun = world.sim().addHost("stun");
        stun.attach(internet, ip("192.0.2.1"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        for (String a : more) {
            stun.attach(internet, ip(a), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        }
        return stun;
    }

    /** A server at 192.0.2.1:3478 that answers every request with a 300 to {@code address}:3478 (RFC 5780 §5). */
    @Given("the internet with a STUN server that redirects to {string}")
    public void internetWithRedirectingStun(String address) {
        stunHost().run("stun", MisbehavingStunServer.unsignedRedirect(new InetSocketAddress(ip(address), 3478),
                world.sim().random("redirecting-stun")), List.of(STUN));
        world.name(ip("192.0.2.1"), "stun (redirecting)");
    }

    /** An RFC 3489 STUN server at 192.0.2.1:3478: its answers carry MAPPED-ADDRESS only (RFC 8445 §5.1.1.2). */
    @Given("the internet with an RFC 3489 STUN server")
    public void internetWithClassicStun() {
        stunHost().run("stun", MisbehavingStunServer.rfc3489(world.sim().random("rfc3489-stun")), List.of(STUN));
        world.name(ip("192.0.2.1"), "stun (RFC 3489)");
    }

    /** A basic STUN server (RFC 8489 §12) at 192.0.2.1:3478: no alternate address, so no RFC 5780 behaviour discovery. */
    @Given("the internet with a basic STUN server")
    public void internetWithBasicStun() {
        StunServer server = new StunServer(StunServer.Config.basic(STUN));
        stunHost().run("stun", server, server.localAddresses()).at(0, "start", () -> { });
        world.name(ip("192.0.2.1"), "stun");
    }

    @Given("the internet with an RFC 5780 STUN server")
    public void internetWithStun() {
        StunServer server = new StunServer(StunServer.Config.rfc5780(STUN, STUN_ALT));
        Host h = stunHost("192.0.2.2");
        io.icelab.sim.SimApp<?> app = h.run("stun", server, server.localAddresses());
        app.at(0, "start", () -> { });
        // STUN over TCP too (RFC 8489 §6.2.2): ICE-TCP agents learn their server-reflexive S-O address from it
        h.listenTcp(app, STUN, io.icelab.stun.StreamFramer.Framing.STUN);
        world.name(ip("192.0.2.1"), "stun");
        world.name(ip("192.0.2.2"), "stun (alt)");
    }

    @Given("a TURN server on the internet for user {string} with password {string}")
    public void turnServer(String user, String password) {
        turnServer(user, password, 10);
    }

    @Given("a TURN server on the internet for user {string} with password {string} allowing {int} allocation(s) per user")
    public void turnServer(String user, String password, int quota) {
        Host turn = world.sim().addHost("turn");
        turn.attach(world.sim().realm("internet"), ip("192.0.2.10"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        SimTurnServer t = new SimTurnServer(world.sim(), turn, TURN, "icelab", new StaticUsers(Map.of(user, password)),
                quota);
        world.turn = t;
        world.name(ip("192.0.2.10"), "turn");
    }

    /** Another TURN server the ICE agents use besides 192.0.2.10 (RFC 8445 §5.1.1.2, §5.1.2.2). */
    @Given("a second TURN server at {string} for user {string} with password {string}")
    public void secondTurnServer(String address, String user, String password) {
        Host h = world.sim().addHost("turn-2");
        h.attach(world.sim().realm("internet"), ip(address), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        InetSocketAddress listen = new InetSocketAddress(ip(address), 3478);
        new SimTurnServer(world.sim(), h, listen, "icelab", new StaticUsers(Map.of(user, password)), 10);
        world.secondTurn = listen;
        world.name(ip(address), "turn 2");
    }

    /** A second TURN server, 192.0.2.11:3478, that authenticates and then redirects to 192.0.2.10 (RFC 8489 §10). */
    @Given("a TURN server at {string} for user {string} with password {string} that redirects to the TURN server")
    public void redirectingTurnServer(String address, String user, String password) {
        Host h = world.sim().addHost("turn-redirect");
        h.attach(world.sim().realm("internet"), ip(address), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        InetSocketAddress listen = new InetSocketAddress(ip(address), 3478);
        new SimTurnServer(world.sim(), h, listen, "icelab", new StaticUsers(Map.of(user, password)), 10,
                c -> c.withAlternateServer(TURN));
        world.turnEntry = listen;
        world.name(ip(address), "turn (redirect)");
    }

    /** RFC 8489 §10: the TURN server (192.0.2.10) itself redirects every new Allocate to {@code address}. */
    @Given("a TURN server on the internet for user {string} with password {string} that redirects to {string}")
    public void redirectingMainServer(String user, String password, String address) {
        Host turn = world.sim().addHost("turn");
        turn.attach(world.sim().realm("internet"), ip("192.0.2.10"), Impairments.latency(5 * MS), Impairments.latency(5 * MS));
        world.turn = new SimTurnServer(world.sim(), turn, TURN, "icelab", new StaticUsers(Map.of(user, password)),
                10, c -> c.withAlternateServer(new InetSocketAddress(ip(address), 3478)));
        world.name(ip("192.0.2.10"), "turn (redirect)");
    }

    /** A server at 192.0.2.11 that answers every Allocate with a 300 to the TURN server, unsigned (RFC 8489 §14.8). */
    @Given("a server at {string} that redirects to the TURN server without integrity")
    public void unsignedRedirect(String address) {
        Host h = world.sim().addHost("turn-redirect");
        h.attach(world.sim().realm("internet"), ip(address));
        InetSocketAddress listen = new InetSocketAddress(ip(address), 3478);
        h.run("turn", MisbehavingStunServer.unsignedRedirect(TURN, world.sim().random("unsigned-redirect")), List.of(listen));
        world.turnEntry = listen;
        world.name(ip(address), "turn (unsigned redirect)");
    }

    /**
     * Situations: "no", a profile name ("port-restricted-cone"), or "cgn-over-port-restricted-cone"
     * (a home NAT inside a carrier-grade NAT).
     */
    @Given("{word} behind {string} NAT")
    public void behind(String who, String situation) {
        Realm internet = world.sim().realm("internet");
        int n = number(who);
        Realm inside;
        String ip;
        if (situation.equals("no")) {
            inside = internet;
            ip = "198.51.100." + n;
        } else if (situation.equals("cgn-over-port-restricted-cone")) {
            Realm cgn = nat(who + "-cgn", internet, NatProfiles.load("cgn", profiles()), "203.0.113." + n);
            inside = nat(who + "-home", cgn, NatProfiles.load("port-restricted-cone", profiles()), "100.64.0." + n);
            ip = n == 10 ? "192.168.1.10" : "10.0." + n + ".2";
        } else {
            inside = nat(who + "-nat", internet, NatProfiles.load(situation, profiles()), "203.0.113." + n);
            ip = n == 10 ? "192.168.1.10" : "10.0." + n + ".2";
        }
        attach(who, inside, ip);
    }

    /**
     * A profile whose §5 filter keeps its history per mapping (as Linux conntrack) instead of per internal
     * endpoint (RFC 4787 §5's definition, the default).
     */
    @Given("{word} behind {string} NAT filtering per mapping")
    public void behindPerMapping(String who, String profile) {
        int n = number(who);
        Realm inside = nat(who + "-nat", world.sim().realm("internet"), NatProfiles.load(profile, profiles())
                .withFilteringScope(NatConfig.FilteringScope.MAPPING), "203.0.113." + n);
        attach(who, inside, n == 10 ? "192.168.1.10" : "10.0." + n + ".2");
    }

    @Given("{word} behind a NAT with {string} mapping and {string} filtering and hairpinning {toggle}")
    public void behindBehaviour(String who, String mapping, String filtering, ParameterTypes.Toggle hairpin) {
        behindBehaviour(who, mapping, filtering, hairpin, NatConfig.FilteringScope.ENDPOINT);
    }

    @Given("{word} behind a NAT with {string} mapping and {string} filtering per mapping and hairpinning {toggle}")
    public void behindBehaviourPerMapping(String who, String mapping, String filtering, ParameterTypes.Toggle hairpin) {
        behindBehaviour(who, mapping, filtering, hairpin, NatConfig.FilteringScope.MAPPING);
    }

    private void behindBehaviour(String who, String mapping, String filtering, ParameterTypes.Toggle hairpin,
            NatConfig.FilteringScope scope) {
        NatConfig c = NatConfig.of(dependence(mapping), dependence(filtering))
                .withHairpinning(hairpin.on(), NatConfig.HairpinSource.EXTERNAL).withFilteringScope(scope);
        int n = number(who);
        Realm inside = nat(who + "-nat", world.sim().realm("internet"), c, "203.0.113." + n);
        attach(who, inside, n == 10 ? "192.168.1.10" : "10.0." + n + ".2");
    }

    static NatConfig.Dependence dependence(String s) {
        return NatConfig.Dependence.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private Realm nat(String name, Realm outside, NatConfig config, String external) {
        NatDevice d = world.sim().addNat(name, outside, config, List.of(ip(external)), Impairments.latency(5 * MS),
                Impairments.latency(5 * MS));
        world.name(ip(external), name);
        return d.inside();
    }

    private void attach(String who, Realm realm, String address) {
        Host h = world.sim().addHost(who);
        Impairments link = current(who);
        h.attach(realm, ip(address), link, link);
        world.locals.put(who, at(address, 5000));
        world.name(ip(address), who);
    }

    @Given("{word}'s link has {int}% loss")
    public void loss(String who, int percent) {
        links.put(who, current(who).withLoss(percent / 100.0));
    }

    @Given("{word}'s link has {int} ms latency and {int} ms jitter")
    public void latency(String who, int latency, int jitter) {
        links.put(who, current(who).withLatency(latency * MS).withJitter(jitter * MS));
    }

    private Impairments current(String who) {
        return links.getOrDefault(who, Impairments.latency(10 * MS));
    }

    @Given("the topology {string}")
    public void topology(String name) {
        world.use(Scenario.load(World.root().resolve("scenarios").resolve("topologies").resolve(name + ".yaml"), world.seed).simulation());
    }
}
