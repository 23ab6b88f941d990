package io.icelab.harness;

import io.icelab.sim.IceHost;
import io.icelab.sim.SimApp;
import io.icelab.sim.SimTurnServer;
import io.icelab.sim.Seeds;
import io.icelab.sim.Simulation;
import io.icelab.stun.Datagram;
import io.icelab.stun.NatBehavior;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scenario's state, shared by the step classes through constructor injection. */
public final class World {
    /** Set by {@code icelab run --seed}, or derived from the scenario's file and line. */
    public static final String SEED_PROPERTY = "icelab.seed";
    /** Set by {@code icelab run --root}: the repository root holding features/ and scenarios/ (default: the current folder). */
    public static final String ROOT_PROPERTY = "icelab.root";
    /** How the rerun command starts: the README's way of running icelab from the repository root. */
    public static final String COMMAND = "java -jar target/icelab.jar";

    long seed;
    String featurePath;
    int line;
    Simulation sim;
    final Recorder recorder = new Recorder();
    final Map<String, InetSocketAddress> locals = new LinkedHashMap<>();
    final Map<InetAddress, String> names = new LinkedHashMap<>();
    final Map<String, IceHost> ice = new LinkedHashMap<>();
    final Map<String, NatBehavior> discovered = new LinkedHashMap<>();
    /** The TURN server at 192.0.2.10, once a step made one; the agents then get it as their relay. */
    SimTurnServer turn;
    /** A second TURN server the agents use besides the first (RFC 8445 §5.1.2.2), if any. */
    InetSocketAddress secondTurn;
    /** Where a TURN client sends its first Allocate: the TURN server, or a server that redirects to it. */
    InetSocketAddress turnEntry = NetworkSteps.TURN;
    /** The peers on the internet the TURN scenarios relay to, by "address:port" as the steps name them. */
    final Map<String, Peer> peers = new LinkedHashMap<>();
    /** The last raw request and where its answers arrive, for the answer steps. */
    final RawExchange raw = new RawExchange();

    /** The peer a step named, made by an earlier step. */
    Peer peer(String address) {
        Peer p = peers.get(address);
        if (p == null) {
            throw new AssertionError("no peer at " + address + " in this scenario; peers: " + peers.keySet());
        }
        return p;
    }

    /** A peer host's application and what it received. */
    record Peer(PeerApp app, SimApp<Datagram> host) {
    }

    /** The repository root: scenarios/ and the features are found from here. */
    static Path root() {
        return Path.of(System.getProperty(ROOT_PROPERTY, "")).toAbsolutePath().normalize();
    }

    void start(String uri, int line) {
        this.featurePath = relative(uri);
        this.line = line;
        String fixed = System.getProperty(SEED_PROPERTY);
        this.seed = fixed != null ? Long.parseLong(fixed) : Seeds.mix(Seeds.fnv1a64(featurePath + ":" + line));
    }

    /** The simulation, created with the scenario's seed on first use. */
    Simulation sim() {
        if (sim == null) {
            use(new Simulation(seed));
        }
        return sim;
    }

    void use(Simulation s) {
        sim = s;
        sim.capture(recorder);
    }

    void name(InetAddress ip, String name) {
        names.putIfAbsent(ip, name);
    }

    /** The command that reruns this scenario with this seed, as pasted in the repository root. */
    String rerun() {
        return COMMAND + " run " + featurePath + ":" + line + " --seed " + seed;
    }

    /**
     * A feature's path for seeds and rerun commands: relative to the repository root when it lies below it
     * (so {@code features/nat/x.feature} everywhere, and seeds do not depend on where the clone is), else absolute.
     */
    public static String relative(String uri) {
        Path p = Path.of(location(uri));
        Path root = root();
        return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    /** The absolute, normalized file path of a feature given as a {@code file:} URI, Allure's {@code ///path}, or a path. */
    public static String location(String uriOrPath) {
        String p = uriOrPath.startsWith("file:") ? java.net.URI.create(uriOrPath).getPath() : uriOrPath;
        return Path.of(p).toAbsolutePath().normalize().toString();
    }

    public long seed() {
        return seed;
    }
}
