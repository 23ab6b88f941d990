package io.icelab.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * NAT profiles: one YAML file per profile in {@code scenarios/nat-profiles/}, each setting RFC 4787
 * behaviours. Looked up beside the topology first, then in the copy shipped inside the jar.
 */
public final class NatProfiles {
    static final Set<String> PROFILE_FIELDS = Set.of("name", "description", "rfc4787", "rfc5382");
    static final Set<String> TCP_FIELDS = Set.of("established-timeout", "transitory-timeout", "unsolicited-syn");
    static final Set<String> BEHAVIOUR_FIELDS = Set.of("mode", "mapping", "filtering", "port-assignment", "collision",
            "port-parity", "port-range", "per-host-quota", "pooling", "mapping-lifetime", "refresh", "table-limit",
            "hairpinning", "hairpin-source", "alg", "filtering-scope");

    private NatProfiles() {
    }

    /** Loads profile {@code name} from {@code dir} (may be null) or the jar. */
    public static NatConfig load(String name, Path dir) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new TopologyException("NAT profile name '" + name + "' must be lower-case words with dashes");
        }
        Yaml y;
        Path file = dir == null ? null : dir.resolve(name + ".yaml");
        if (file != null && Files.isReadable(file)) {
            y = Yaml.load(file);
        } else {
            String resource = "/scenarios/nat-profiles/" + name + ".yaml";
            try (InputStream in = NatProfiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new TopologyException("no NAT profile '" + name + "': looked in "
                            + (dir == null ? "" : dir.toAbsolutePath().normalize() + " and ")
                            + "the built-in profiles; valid names: " + String.join(", ", names(dir)));
                }
                y = Yaml.parse(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new TopologyException(resource + ": " + e.getMessage());
            }
        }
        Map<String, Yaml> f = y.fields(PROFILE_FIELDS);
        String declared = Yaml.require(f, "name", y).text();
        if (!declared.equals(name)) {
            throw f.get("name").error("the file is named '" + name + "' but says it is '" + declared + "'");
        }
        NatConfig c = apply(NatConfig.recommended(), Yaml.require(f, "rfc4787", y));
        return f.containsKey("rfc5382") ? applyTcp(c, f.get("rfc5382")) : c;
    }

    /** RFC 5382's fields present in {@code y}, on top of {@code base}'s TCP policy. */
    static NatConfig applyTcp(NatConfig base, Yaml y) {
        Map<String, Yaml> f = y.fields(TCP_FIELDS);
        NatConfig.TcpPolicy t = base.tcp();
        long established = f.containsKey("established-timeout") ? positive(f.get("established-timeout"))
                : t.establishedNanos();
        long transitory = f.containsKey("transitory-timeout") ? positive(f.get("transitory-timeout")) : t.transitoryNanos();
        NatConfig.UnsolicitedSyn syn = f.containsKey("unsolicited-syn")
                ? f.get("unsolicited-syn").choice(NatConfig.UnsolicitedSyn.class) : t.unsolicitedSyn();
        return base.withTcp(new NatConfig.TcpPolicy(established, transitory, syn));
    }

    private static long positive(Yaml duration) {
        long v = duration.duration();
        if (v <= 0) {
            throw duration.error("must be longer than zero");
        }
        return v;
    }

    /** Every profile name there is: the built-in ones and those in {@code dir} (may be null), sorted. */
    public static java.util.SortedSet<String> names(Path dir) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        try (InputStream index = NatProfiles.class.getResourceAsStream("/scenarios/nat-profiles/profiles.txt")) {
            if (index != null) {
                new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
            }
        } catch (IOException e) {
            // the built-in list is a convenience for the error message; the directory still counts
        }
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                        .map(n -> n.substring(0, n.length() - 5)).forEach(names::add);
            } catch (IOException e) {
                // as above
            }
        }
        return names;
    }

    /** Applies the behaviour fields present in {@code y} on top of {@code base}. */
    static NatConfig apply(NatConfig base, Yaml y) {
        Map<String, Yaml> f = y.fields(BEHAVIOUR_FIELDS);
        NatConfig c = base;
        if (f.containsKey("mode")) {
            c = c.withMode(f.get("mode").choice(NatConfig.Mode.class));
        }
        NatConfig.Dependence m = f.containsKey("mapping") ? f.get("mapping").choice(NatConfig.Dependence.class) : c.mapping();
        NatConfig.Dependence fl = f.containsKey("filtering") ? f.get("filtering").choice(NatConfig.Dependence.class) : c.filtering();
        c = c.with(m, fl);
        NatConfig.PortAssignment pa = f.containsKey("port-assignment")
                ? f.get("port-assignment").choice(NatConfig.PortAssignment.class) : c.portAssignment();
        NatConfig.Collision col = f.containsKey("collision") ? f.get("collision").choice(NatConfig.Collision.class) : c.collision();
        boolean parity = f.containsKey("port-parity") ? f.get("port-parity").bool() : c.portParity();
        int min = c.portMin();
        int max = c.portMax();
        if (f.containsKey("port-range")) {
            Yaml r = f.get("port-range");
            String[] parts = r.text().split("-");
            if (parts.length != 2) {
                throw r.error("'" + r.text() + "' is not a range like 1024-65535");
            }
            try {
                min = Integer.parseInt(parts[0].strip());
                max = Integer.parseInt(parts[1].strip());
            } catch (NumberFormatException e) {
                throw r.error("'" + r.text() + "' is not a range like 1024-65535");
            }
            if (min < 1 || max > 65535 || min > max) {
                throw r.error("'" + r.text() + "' is not within 1-65535");
            }
        }
        c = c.withPorts(pa, col, parity, min, max);
        int quota = f.containsKey("per-host-quota") ? f.get("per-host-quota").integer(0, 65535) : c.perHostQuota();
        int table = f.containsKey("table-limit") ? f.get("table-limit").integer(0, 10_000_000) : c.tableLimit();
        c = c.withLimits(quota, table);
        if (f.containsKey("pooling")) {
            c = c.withPooling(f.get("pooling").choice(NatConfig.Pooling.class));
        }
        long life = c.mappingLifetimeNanos();
        if (f.containsKey("mapping-lifetime")) {
            life = f.get("mapping-lifetime").duration();
            if (life <= 0) {
                throw f.get("mapping-lifetime").error("must be longer than zero");
            }
        }
        NatConfig.Refresh refresh = f.containsKey("refresh") ? f.get("refresh").choice(NatConfig.Refresh.class) : c.refresh();
        c = c.withLifetime(life, refresh);
        boolean hairpin = f.containsKey("hairpinning") ? f.get("hairpinning").bool() : c.hairpinning();
        NatConfig.HairpinSource hs = f.containsKey("hairpin-source")
                ? f.get("hairpin-source").choice(NatConfig.HairpinSource.class) : c.hairpinSource();
        c = c.withHairpinning(hairpin, hs);
        if (f.containsKey("alg")) {
            c = c.withAlg(f.get("alg").bool());
        }
        if (f.containsKey("filtering-scope")) {
            c = c.withFilteringScope(f.get("filtering-scope").choice(NatConfig.FilteringScope.class));
        }
        return c;
    }
}
