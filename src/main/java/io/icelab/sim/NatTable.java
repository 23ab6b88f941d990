package io.icelab.sim;

import io.icelab.stun.TransportAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The translation state of one NAT: mappings keyed as its RFC 4787 mapping behaviour says, the remote
 * endpoints each mapping has sent to (for filtering), port assignment, pooling, quotas, a table limit
 * with eviction of the oldest, and lazy expiry. Iteration is always in creation order.
 */
final class NatTable {
    /** One mapping. {@code external} equals {@code internal} on a firewall (no translation). */
    static final class Mapping {
        final InetSocketAddress internal;
        final InetSocketAddress external;
        final Set<InetSocketAddress> contacted = new LinkedHashSet<>();
        final long created;
        long lastRefresh;
        /** How long it lives without a refresh; TCP's changes with its connection's state (RFC 5382 REQ-5). */
        long lifetime;

        Mapping(InetSocketAddress internal, InetSocketAddress external, long now) {
            this.internal = internal;
            this.external = external;
            this.created = now;
            this.lastRefresh = now;
        }

        @Override
        public String toString() {
            return TransportAddresses.format(internal) + " -> " + TransportAddresses.format(external);
        }
    }

    /** A mapping, or why there is none. {@code created} says the mapping is new. */
    record Result(Mapping mapping, DropCause drop, boolean created) {
    }

    private record Key(InetSocketAddress internal, InetAddress remoteIp, int remotePort) {
    }

    private final NatConfig config;
    private final boolean translate;
    private final RandomGenerator random;
    private final Map<Key, Mapping> byKey = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Mapping> byExternal = new HashMap<>();
    private final Set<InetSocketAddress> portsInUse = new HashSet<>();
    private final Map<InetAddress, InetAddress> pairedExternal = new LinkedHashMap<>();
    private List<InetAddress> externals;
    private int nextSequential;
    private int nextPairing;
    private final List<String> log = new ArrayList<>();

    NatTable(NatConfig config, List<InetAddress> externals, RandomGenerator random) {
        this.config = config;
        this.translate = config.mode() == NatConfig.Mode.NAPT;
        this.externals = List.copyOf(externals);
        this.random = random;
        this.nextSequential = config.portMin();
        if (translate && externals.isEmpty()) {
            throw new IllegalArgumentException("a translating NAT needs at least one external address");
        }
    }

    List<InetAddress> externals() {
        return externals;
    }

    /** Messages about mappings created, expired and evicted since the last call. */
    List<String> drainLog() {
        List<String> out = new ArrayList<>(log);
        log.clear();
        return out;
    }

    /** An outbound packet from {@code internal} to {@code remote}: find or create its mapping (RFC 4787 §4). */
    Result outbound(long now, InetSocketAddress internal, InetSocketAddress remote) {
        Key key = key(internal, remote);
        Mapping m = byKey.get(key);
        boolean created = false;
        if (m == null || expired(m, now)) {
            purgeExpired(now); // takes an expired m with it
            if (config.perHostQuota() > 0 && countFor(internal.getAddress()) >= config.perHostQuota()) {
                return new Result(null, DropCause.NAT_QUOTA, false);
            }
            if (config.tableLimit() > 0 && byKey.size() >= config.tableLimit()) {
                evictOldest();
            }
            InetSocketAddress external = translate ? allocate(internal) : internal;
            if (external == null) {
                return new Result(null, DropCause.NAT_EXHAUSTED, false);
            }
            m = new Mapping(internal, external, now);
            m.lifetime = config.mappingLifetimeNanos();
            byKey.put(key, m);
            byExternal.put(external, m);
            portsInUse.add(external);
            created = true;
            log.add("mapping " + m + " created (first packet to " + TransportAddresses.format(remote) + ")");
        }
        m.lastRefresh = now;
        m.contacted.add(remote);
        return new Result(m, null, created);
    }

    /** An inbound packet from {@code remote} to {@code external}: the mapping if the filter admits it (§5). */
    Result inbound(long now, InetSocketAddress external, InetSocketAddress remote) {
        Mapping m = byExternal.get(external);
        if (m == null) {
            return new Result(null, DropCause.NAT_NO_MAPPING, false);
        }
        if (expired(m, now)) {
            removeMapping(m, "expired");
            return new Result(null, DropCause.NAT_NO_MAPPING, false);
        }
        if (!admits(now, m, remote)) {
            return new Result(null, DropCause.NAT_FILTERED, false);
        }
        if (config.refresh() == NatConfig.Refresh.BOTH) {
            m.lastRefresh = now;
        }
        return new Result(m, null, false);
    }

    /** The live mapping at {@code external}, without filtering; null if none. */
    Mapping live(long now, InetSocketAddress external) {
        Mapping m = byExternal.get(external);
        return m == null || expired(m, now) ? null : m;
    }

    /**
     * RFC 4787 §5: whether a packet from {@code remote} to mapping {@code m} passes the filter. By default
     * the history is the internal endpoint's, over all its live mappings; with {@link NatConfig.FilteringScope#MAPPING}
     * only {@code m}'s own.
     */
    private boolean admits(long now, Mapping m, InetSocketAddress remote) {
        if (config.filtering() == NatConfig.Dependence.ENDPOINT_INDEPENDENT) {
            return true;
        }
        if (contacted(m, remote)) {
            return true;
        }
        if (config.filteringScope() == NatConfig.FilteringScope.MAPPING) {
            return false;
        }
        for (Mapping other : byKey.values()) {
            if (other != m && other.internal.equals(m.internal) && !expired(other, now) && contacted(other, remote)) {
                return true;
            }
        }
        return false;
    }

    private boolean contacted(Mapping m, InetSocketAddress remote) {
        if (config.filtering() == NatConfig.Dependence.ADDRESS_DEPENDENT) {
            for (InetSocketAddress c : m.contacted) {
                if (c.getAddress().equals(remote.getAddress())) {
                    return true;
                }
            }
            return false;
        }
        return m.contacted.contains(remote);
    }

    private Key key(InetSocketAddress internal, InetSocketAddress remote) {
        if (!translate) {
            return new Key(internal, null, -1);
        }
        switch (config.mapping()) {
            case ENDPOINT_INDEPENDENT:
                return new Key(internal, null, -1);
            case ADDRESS_DEPENDENT:
                return new Key(internal, remote.getAddress(), -1);
            default:
                return new Key(internal, remote.getAddress(), remote.getPort());
        }
    }

    private boolean expired(Mapping m, long now) {
        return now - m.lastRefresh > m.lifetime;
    }

    /** Live mappings after dropping expired ones. */
    int size(long now) {
        purgeExpired(now);
        return byKey.size();
    }

    private void purgeExpired(long now) {
        Iterator<Map.Entry<Key, Mapping>> it = byKey.entrySet().iterator();
        while (it.hasNext()) {
            Mapping m = it.next().getValue();
            if (expired(m, now)) {
                it.remove();
                byExternal.remove(m.external);
                portsInUse.remove(m.external);
                log.add("mapping " + m + " expired");
            }
        }
    }

    private void evictOldest() {
        Map.Entry<Key, Mapping> oldest = null;
        for (Map.Entry<Key, Mapping> e : byKey.entrySet()) {
            if (oldest == null || e.getValue().lastRefresh < oldest.getValue().lastRefresh) {
                oldest = e;
            }
        }
        if (oldest != null) {
            remove(oldest.getKey(), oldest.getValue(), "evicted (table full)");
        }
    }

    private void remove(Key key, Mapping m, String why) {
        byKey.remove(key);
        byExternal.remove(m.external);
        portsInUse.remove(m.external);
        log.add("mapping " + m + " " + why);
    }

    private void removeMapping(Mapping m, String why) {
        byKey.values().remove(m);
        byExternal.remove(m.external);
        portsInUse.remove(m.external);
        log.add("mapping " + m + " " + why);
    }

    private int countFor(InetAddress host) {
        int n = 0;
        for (Mapping m : byKey.values()) {
            if (m.internal.getAddress().equals(host)) {
                n++;
            }
        }
        return n;
    }

    /** Flushes every mapping ("NAT reboot"). */
    void flush(String why) {
        if (!byKey.isEmpty()) {
            log.add(byKey.size() + " mappings flushed (" + why + ")");
        }
        byKey.clear();
        byExternal.clear();
        portsInUse.clear();
        pairedExternal.clear();
    }

    /** New external addresses; existing mappings are gone, as on a real address change. */
    void setExternals(List<InetAddress> addresses) {
        flush("external address change to " + addresses);
        externals = List.copyOf(addresses);
    }

    /**
     * RFC 4787 REQ-3a/3b: a source port in 0-1023 maps into 1-1023 and one in 1024-65535 into the configured range
     * above 1023, so a privileged port never turns into an unprivileged one or the other way round.
     */
    private record Range(int min, int max) {
        static Range of(NatConfig config, int internalPort) {
            return internalPort < 1024 ? new Range(1, 1023)
                    : new Range(Math.max(1024, config.portMin()), config.portMax());
        }

        boolean contains(int port) {
            return port >= min && port <= max;
        }
    }

    private InetSocketAddress allocate(InetSocketAddress internal) {
        InetAddress ip = externalFor(internal.getAddress());
        Range r = Range.of(config, internal.getPort());
        switch (config.portAssignment()) {
            case PRESERVE: {
                int want = internal.getPort();
                boolean inRange = r.contains(want);
                if (inRange && free(ip, want, internal)) {
                    return new InetSocketAddress(ip, want);
                }
                if (config.collision() == NatConfig.Collision.RANDOM) {
                    return randomPort(ip, internal, r);
                }
                return scan(ip, inRange ? want : r.min(), internal, r);
            }
            case SEQUENTIAL: {
                // The next port after the last one given; past the end of the range (or in the other range) from its start.
                InetSocketAddress a = scan(ip, r.contains(nextSequential) ? nextSequential : r.min(), internal, r);
                if (a != null && internal.getPort() >= 1024) {
                    nextSequential = a.getPort() + 1;
                }
                return a;
            }
            default:
                return randomPort(ip, internal, r);
        }
    }

    private InetSocketAddress randomPort(InetAddress ip, InetSocketAddress internal, Range r) {
        for (int i = 0; i < 64; i++) {
            int p = r.min() + random.nextInt(r.max() - r.min() + 1);
            if (free(ip, p, internal)) {
                return new InetSocketAddress(ip, p);
            }
        }
        return scan(ip, r.min(), internal, r);
    }

    /** The first free port from {@code start} upwards, wrapping around the range. */
    private InetSocketAddress scan(InetAddress ip, int start, InetSocketAddress internal, Range r) {
        int min = r.min();
        int span = r.max() - min + 1;
        for (int i = 0; i < span; i++) {
            int p = min + Math.floorMod(start - min + i, span);
            if (free(ip, p, internal)) {
                return new InetSocketAddress(ip, p);
            }
        }
        return null;
    }

    /** Free and, with port parity on, of the internal port's parity (RFC 4787 REQ-6 "port parity"). */
    private boolean free(InetAddress ip, int port, InetSocketAddress internal) {
        if (config.portParity() && (port & 1) != (internal.getPort() & 1)) {
            return false;
        }
        return !portsInUse.contains(new InetSocketAddress(ip, port));
    }

    /** RFC 4787 REQ-2: "paired" pooling gives one internal host the same external IP every time. */
    private InetAddress externalFor(InetAddress internalIp) {
        if (externals.size() == 1) {
            return externals.get(0);
        }
        if (config.pooling() == NatConfig.Pooling.ARBITRARY) {
            return externals.get(random.nextInt(externals.size()));
        }
        return pairedExternal.computeIfAbsent(internalIp, k -> externals.get(nextPairing++ % externals.size()));
    }
}
