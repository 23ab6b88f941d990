package io.icelab.sim;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An address space: the public internet at the root, LANs and carrier-grade NAT realms below it,
 * joined by {@link NatDevice}s into a tree. A packet is delivered to a host of this realm, handed
 * down to a child device that routes its destination, or sent up through this realm's own gateway.
 */
public final class Realm {
    private final Simulation sim;
    private final String name;
    private final NatDevice uplink;
    private final Map<InetAddress, Interface> interfaces = new LinkedHashMap<>();
    private final List<NatDevice> children = new ArrayList<>();

    Realm(Simulation sim, String name, NatDevice uplink) {
        this.sim = sim;
        this.name = name;
        this.uplink = uplink;
    }

    public String name() {
        return name;
    }

    /** The device that joins this realm to its parent, or null for the root. */
    public NatDevice uplink() {
        return uplink;
    }

    void add(Interface i) {
        if (interfaces.containsKey(i.address()) || routedByChild(i.address()) != null) {
            throw new IllegalArgumentException("address " + i.address().getHostAddress() + " is already used in realm " + name);
        }
        interfaces.put(i.address(), i);
    }

    void addChild(NatDevice d) {
        children.add(d);
    }

    /** True when a packet to {@code a} delivered in this realm would reach something. */
    boolean reaches(InetAddress a) {
        return interfaces.containsKey(a) || routedByChild(a) != null;
    }

    private NatDevice routedByChild(InetAddress a) {
        for (NatDevice d : children) {
            if (d.routes(a)) {
                return d;
            }
        }
        return null;
    }

    /** A packet is on this realm's wire now. */
    void deliver(SimPacket p) {
        sim.tap(name, p);
        if (sim.faulted(name, p)) {
            return;
        }
        InetAddress dst = p.destination().getAddress();
        Interface i = interfaces.get(dst);
        if (i != null) {
            sim.transit(i.down(), p, q -> i.host().receive(i, q));
            return;
        }
        NatDevice child = routedByChild(dst);
        if (child != null) {
            sim.transit(child.down(), p, child::fromOutside);
            return;
        }
        if (uplink != null) {
            uplink.fromInside(p);
            return;
        }
        sim.drop(name, DropCause.NO_ROUTE, p);
    }
}
