package io.icelab.harness;

import io.icelab.sim.IceHost;
import io.icelab.sim.Seeds;
import io.icelab.sim.Simulation;
import io.icelab.stun.NatBehavior;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scenario's state, shared by the step classes through constructor injection. */
public final class World {
    /** Set by {@code icelab run --seed}, or derived from the scenario's file and line. */
    public static final String SEED_PROPERTY = "icelab.seed";

    long seed;
    String featurePath;
    int line;
    Simulation sim;
    final Recorder recorder = new Recorder();
    final Map<String, InetSocketAddress> locals = new LinkedHashMap<>();
    final Map<InetAddress, String> names = new LinkedHashMap<>();
    final Map<String, IceHost> ice = new LinkedHashMap<>();
    final Map<String, NatBehavior> discovered = new LinkedHashMap<>();
    final Map<String, Object> values = new LinkedHashMap<>();

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

    String rerun() {
        return "icelab run " + featurePath + ":" + line + " --seed " + seed;
    }

    static String relative(String uri) {
        int i = uri.lastIndexOf("features/");
        String p = i >= 0 ? uri.substring(i) : uri;
        return p.startsWith("file:") ? p.substring(5) : p;
    }

    public long seed() {
        return seed;
    }
}
