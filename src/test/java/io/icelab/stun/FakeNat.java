package io.icelab.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A deliberately small NAT for the discovery client's unit tests (the simulator has the real one):
 * RFC 4787 mapping and filtering behaviours, hairpinning and an outbound-refreshed binding lifetime.
 */
final class FakeNat {
    enum Dependence { ENDPOINT_INDEPENDENT, ADDRESS, ADDRESS_AND_PORT }

    private record Binding(InetSocketAddress internal, InetSocketAddress key, InetSocketAddress external,
            Set<InetSocketAddress> contacted, long[] lastUsed) {
    }

    final InetAddress externalIp;
    final Dependence mapping;
    final Dependence filtering;
    final boolean hairpin;
    final long lifetimeNanos;
    private final List<Binding> bindings = new ArrayList<>();
    private int nextPort = 40000;

    FakeNat(InetAddress externalIp, Dependence mapping, Dependence filtering, boolean hairpin, long lifetimeNanos) {
        this.externalIp = externalIp;
        this.mapping = mapping;
        this.filtering = filtering;
        this.hairpin = hairpin;
        this.lifetimeNanos = lifetimeNanos;
    }

    /** A datagram from inside, as it leaves the NAT (source translated). */
    Datagram outbound(long now, Datagram d) {
        InetSocketAddress dst = d.remote();
        InetSocketAddress key = switch (mapping) {
            case ENDPOINT_INDEPENDENT -> new InetSocketAddress(externalIp, 0);
            case ADDRESS -> new InetSocketAddress(dst.getAddress(), 0);
            case ADDRESS_AND_PORT -> dst;
        };
        Binding b = null;
        for (Binding x : bindings) {
            if (x.internal.equals(d.local()) && x.key.equals(key) && now - x.lastUsed[0] <= lifetimeNanos) {
                b = x;
            }
        }
        if (b == null) {
            b = new Binding(d.local(), key, new InetSocketAddress(externalIp, nextPort++), new LinkedHashSet<>(),
                    new long[1]);
            bindings.add(b);
        }
        b.lastUsed[0] = now;
        b.contacted.add(dst);
        return new Datagram(d.transport(), b.external, dst, d.payload());
    }

    /** A datagram arriving from outside at an external address: translated for the inside, or null (dropped). */
    Datagram inbound(long now, Datagram d) {
        for (Binding b : bindings) {
            if (!b.external.equals(d.local()) || now - b.lastUsed[0] > lifetimeNanos) {
                continue;
            }
            boolean allowed = switch (filtering) {
                case ENDPOINT_INDEPENDENT -> true;
                case ADDRESS -> b.contacted.stream().anyMatch(c -> c.getAddress().equals(d.remote().getAddress()));
                case ADDRESS_AND_PORT -> b.contacted.contains(d.remote());
            };
            return allowed ? new Datagram(d.transport(), b.internal, d.remote(), d.payload()) : null;
        }
        return null;
    }

    boolean isExternal(InetSocketAddress a) {
        return a.getAddress().equals(externalIp);
    }

    /** Runs a discovery client behind this NAT against a server, instantly, until it finishes. */
    static NatBehavior discover(NatDiscoveryClient client, StunServer server, FakeNat nat) {
        long now = 0;
        client.start(now);
        for (int guard = 0; guard < 100_000; guard++) {
            boolean moved = false;
            for (Datagram d; (d = client.pollTransmit(now)) != null; ) {
                moved = true;
                Datagram out = nat == null ? d : nat.outbound(now, d);
                if (nat != null && nat.isExternal(out.remote())) {
                    Datagram back = nat.hairpin ? nat.inbound(now, new Datagram(out.transport(), out.remote(),
                            out.local(), out.payload())) : null;
                    if (back != null) {
                        client.handleDatagram(now, back);
                    }
                } else {
                    server.handleDatagram(now, new Datagram(out.transport(), out.remote(), out.local(), out.payload()));
                }
            }
            for (Datagram d; (d = server.pollTransmit(now)) != null; ) {
                moved = true;
                Datagram arriving = new Datagram(d.transport(), d.remote(), d.local(), d.payload());
                Datagram in = nat == null ? arriving : nat.inbound(now, arriving);
                if (in != null) {
                    client.handleDatagram(now, in);
                }
            }
            for (NatDiscoveryEvent e; (e = client.pollEvent()) != null; ) {
                if (e instanceof NatDiscoveryEvent.Finished f) {
                    return f.behavior();
                }
            }
            if (!moved) {
                long next = client.pollTimeout();
                if (next == SansIo.NO_DEADLINE) {
                    throw new AssertionError("discovery stalled without finishing");
                }
                now = Math.max(now, next);
                client.handleTimeout(now);
            }
        }
        throw new AssertionError("discovery did not finish");
    }
}
