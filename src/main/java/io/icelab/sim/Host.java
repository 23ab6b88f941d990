package io.icelab.sim;

import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated machine: one or more interfaces (multi-homed, IPv4 and IPv6), and applications — any
 * sans-IO object of the core — bound to local transport addresses.
 */
public final class Host {
    private final Simulation sim;
    private final String name;
    private final List<Interface> interfaces = new ArrayList<>();
    private final Map<InetSocketAddress, SimApp<?>> sockets = new LinkedHashMap<>();
    private final List<SimApp<?>> apps = new ArrayList<>();
    private HostTcp tcp;

    Host(Simulation sim, String name) {
        this.sim = sim;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<Interface> interfaces() {
        return List.copyOf(interfaces);
    }

    public Interface iface(int index) {
        return interfaces.get(index);
    }

    /** The first address, for hosts with one interface. */
    public InetAddress address() {
        return interfaces.get(0).address();
    }

    /** Attaches the host to {@code realm} at {@code address}, through a link with these impairments. */
    public Interface attach(Realm realm, InetAddress address, Impairments up, Impairments down) {
        String link = name + "/" + interfaces.size();
        Interface i = new Interface(this, realm, address,
                new LinkDirection(link + "-up", up, sim.random("link:" + link + "-up")),
                new LinkDirection(link + "-down", down, sim.random("link:" + link + "-down")));
        realm.add(i);
        interfaces.add(i);
        return i;
    }

    public Interface attach(Realm realm, InetAddress address) {
        return attach(realm, address, Impairments.NONE, Impairments.NONE);
    }

    /** Runs {@code app} on this host, receiving on {@code locals}. Its random stream should come from {@link Simulation#random}. */
    /** Whether one of this host's interfaces has {@code address}. */
    public boolean owns(java.net.InetAddress address) {
        return interfaceFor(address) != null;
    }

    public <E> SimApp<E> run(String appName, SansIo<E> app, List<InetSocketAddress> locals) {
        SimApp<E> a = new SimApp<>(sim, this, name + ":" + appName, app);
        for (InetSocketAddress l : locals) {
            if (interfaceFor(l.getAddress()) == null) {
                throw new IllegalArgumentException(a.name() + ": " + l + " is not an address of host " + name);
            }
            if (sockets.putIfAbsent(l, a) != null) {
                throw new IllegalArgumentException(a.name() + ": " + l + " is already bound on host " + name);
            }
        }
        apps.add(a);
        return a;
    }

    /** Binds one more local address to a running application (a TURN server's relayed ports). */
    public void bind(SimApp<?> app, InetSocketAddress local) {
        if (interfaceFor(local.getAddress()) == null) {
            throw new IllegalArgumentException(local + " is not an address of host " + name);
        }
        if (sockets.putIfAbsent(local, app) != null) {
            throw new IllegalArgumentException(local + " is already bound on host " + name);
        }
    }

    public void unbind(InetSocketAddress local) {
        sockets.remove(local);
    }

    /** Whether something listens on {@code local}. */
    public boolean isBound(InetSocketAddress local) {
        return sockets.containsKey(local);
    }

    public List<SimApp<?>> apps() {
        return List.copyOf(apps);
    }

    /** The host's TCP, made on first use with the default settings. */
    HostTcp tcp() {
        if (tcp == null) {
            tcp = new HostTcp(sim, this, io.icelab.sim.tcp.TcpConfig.DEFAULT);
        }
        return tcp;
    }

    /**
     * The application accepts TCP connections to {@code local}; each message on them reaches it as a TCP
     * {@link Datagram} between the connection's two addresses.
     *
     * @param app the application
     * @param local the listening transport address, one of this host's
     * @param framing how messages are delimited on the streams
     */
    public void listenTcp(SimApp<?> app, InetSocketAddress local, io.icelab.stun.StreamFramer.Framing framing) {
        if (interfaceFor(local.getAddress()) == null) {
            throw new IllegalArgumentException(local + " is not an address of host " + name);
        }
        tcp().listen(app, local, framing);
    }

    /**
     * An application closes one of its TCP connections (FIN after what it sent).
     *
     * @param local the application's address of the connection
     * @param remote the other end
     */
    public void closeTcp(InetSocketAddress local, InetSocketAddress remote) {
        tcp().close(local, remote);
    }

    /** Where an application's outgoing TCP connections leave from. */
    public enum TcpSourcePort {
        /** The address it sends from (a bound socket, needed for a simultaneous open). */
        BOUND,
        /** An ephemeral port of that address's IP (49152 and up), as connect() without bind(). */
        EPHEMERAL
    }

    /**
     * Where the application's outgoing TCP connections leave from ({@link TcpSourcePort#BOUND} unless said otherwise).
     *
     * @param app the application
     * @param p bound or ephemeral
     */
    public void tcpSourcePort(SimApp<?> app, TcpSourcePort p) {
        tcp().sourcePort(app, p);
    }

    /**
     * How the application's outgoing TCP connections frame messages (RFC 4571 unless said otherwise).
     *
     * @param app the application
     * @param framing the framing
     */
    public void tcpFraming(SimApp<?> app, io.icelab.stun.StreamFramer.Framing framing) {
        tcp().framing(app, framing);
    }

    /**
     * How the application's outgoing TCP connections to {@code remote} frame messages, overriding
     * {@link #tcpFraming(SimApp, io.icelab.stun.StreamFramer.Framing)} for that address.
     *
     * @param app the application
     * @param remote the destination
     * @param framing the framing
     */
    public void tcpFraming(SimApp<?> app, InetSocketAddress remote, io.icelab.stun.StreamFramer.Framing framing) {
        tcp().framing(app, remote, framing);
    }

    Interface interfaceFor(InetAddress a) {
        for (Interface i : interfaces) {
            if (i.address().equals(a)) {
                return i;
            }
        }
        return null;
    }

    void receive(Interface i, SimPacket p) {
        if (p.protocol() == Transport.TCP) {
            tcp().receive(p);
            return;
        }
        SimApp<?> app = sockets.get(p.destination());
        if (app == null) {
            sim.drop(name, DropCause.NO_LISTENER, p);
            return;
        }
        app.deliver(new Datagram(Transport.UDP, p.destination(), p.source(), p.payload()));
    }

    /** An application's transmit: out through the interface that owns its source address. */
    void send(SimApp<?> app, Datagram d) {
        Interface i = d.local() == null || d.local().getAddress().isAnyLocalAddress()
                ? interfaces.get(0) : interfaceFor(d.local().getAddress());
        if (i == null) {
            throw new IllegalStateException(app.name() + " sent from " + d.local() + ", not an address of " + name);
        }
        int port = d.local() == null ? 0 : d.local().getPort();
        if (d.transport() == Transport.TCP) {
            tcp().send(app, new InetSocketAddress(i.address(), port), d);
            return;
        }
        SimPacket p = new SimPacket(sim.nextPacketId(), new InetSocketAddress(i.address(), port), d.remote(), d.payload());
        sim.transit(i.up(), p, i.realm()::deliver);
    }
}
