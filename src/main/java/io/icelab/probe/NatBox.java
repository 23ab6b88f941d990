package io.icelab.probe;

import io.icelab.sim.NatTranslator;
import io.icelab.stun.TransportAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NAT between real UDP sockets on loopback, deciding as the simulator's NATs do ({@link NatTranslator}). Without
 * privileges a box cannot forward a packet from another source address, so the inside host sees each outside
 * endpoint R through a proxy socket P(R) on the box's inside address: the inside agent sends to P(R) (candidate
 * lines and the STUN server's address are rewritten to proxies before it sees them), the box translates the packet
 * (RFC 4787 §4) and sends it from the mapping's socket on the external address to R; an answer from R arriving at
 * the mapping passes the filter (§5) or not, and reaches the inside host from P(R). A proxy for an endpoint the
 * inside host never heard of is made when the filter admits its first packet (a peer-reflexive candidate, seen
 * from inside). The inside host's own address is hidden: {@link #dead()} stands for it outside, a socket that
 * swallows what it gets, as a private address would. One thread; loopback addresses only.
 */
public final class NatBox implements AutoCloseable {
    /**
     * A datagram as the box received it, for the probe's record.
     *
     * @param nanos when the box read it ({@code System.nanoTime()})
     * @param direction what became of it
     * @param from its sender: the inside host, or an outside endpoint
     * @param to the outside endpoint it was for (from inside), or the external address it arrived at (from outside)
     * @param payload its bytes
     */
    public record Crossing(long nanos, Direction direction, InetSocketAddress from, InetSocketAddress to,
            io.icelab.stun.Bytes payload) {
    }

    /** What became of a datagram: from inside, passed or dropped; from outside, passed or filtered; or swallowed. */
    public enum Direction { OUTBOUND, DROPPED, INBOUND, FILTERED, DEAD, CUT }

    private final String name;
    private final NatTranslator nat;
    private final InetAddress insideProxyIp;
    private final Selector selector;
    private final DatagramChannel dead;
    private final Map<InetSocketAddress, DatagramChannel> proxies = new LinkedHashMap<>();
    private final Map<InetSocketAddress, DatagramChannel> mappings = new LinkedHashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> proxied = new LinkedHashMap<>();
    private final List<Crossing> crossings = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final long start = System.nanoTime();
    private long readAt;
    private final Thread thread;
    private final ByteBuffer buf = ByteBuffer.allocate(65_536);
    private volatile boolean running = true;
    private volatile boolean cut;

    /**
     * Opens the box and starts its thread.
     *
     * @param name what the box is called in its log
     * @param nat the translation decisions (its external addresses must be loopback)
     * @param insideProxyIp the loopback address the inside host reaches proxies on
     * @param deadIp the loopback address that stands for the inside host outside
     * @throws IOException when a socket cannot be opened
     */
    public NatBox(String name, NatTranslator nat, InetAddress insideProxyIp, InetAddress deadIp) throws IOException {
        for (InetAddress a : List.of(insideProxyIp, deadIp)) {
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("a NAT box lives on loopback only, not " + a.getHostAddress());
            }
        }
        this.name = name;
        this.nat = nat;
        this.insideProxyIp = insideProxyIp;
        this.selector = Selector.open();
        this.dead = open(new InetSocketAddress(deadIp, 0));
        dead.register(selector, SelectionKey.OP_READ, Role.DEAD);
        this.thread = new Thread(this::loop, "icelab-natbox-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private enum Role { DEAD, PROXY, MAPPING }

    private static DatagramChannel open(InetSocketAddress at) throws IOException {
        DatagramChannel ch = DatagramChannel.open(at.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        ch.bind(at);
        ch.configureBlocking(false);
        return ch;
    }

    /**
     * The address that stands for the inside host outside (its host candidates are rewritten to it).
     *
     * @return the dead address
     */
    public InetSocketAddress dead() {
        try {
            return (InetSocketAddress) dead.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the box is closed", e);
        }
    }

    /**
     * The proxy the inside host reaches {@code outside} through, made on first ask.
     *
     * @param outside an outside endpoint (loopback)
     * @return its proxy on the inside
     * @throws IOException when a proxy socket cannot be opened
     */
    public synchronized InetSocketAddress proxyFor(InetSocketAddress outside) throws IOException {
        if (!outside.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("a NAT box forwards to loopback only, not " + outside);
        }
        DatagramChannel ch = proxies.get(outside);
        if (ch == null) {
            ch = open(new InetSocketAddress(insideProxyIp, 0));
            proxies.put(outside, ch);
            proxied.put((InetSocketAddress) ch.getLocalAddress(), outside);
            ch.register(selector, SelectionKey.OP_READ, Role.PROXY);
            selector.wakeup(); // a select under way would not see the new channel until it returns
        }
        return (InetSocketAddress) ch.getLocalAddress();
    }

    /**
     * From now on nothing crosses the box either way (recorded as {@link Direction#CUT}): a path that died, for
     * watching what an agent does when consent is lost (RFC 7675 §5.1).
     */
    public void cut() {
        cut = true;
    }

    /**
     * The outside endpoint a proxy stands for.
     *
     * @param proxy an address {@link #proxyFor} gave
     * @return the outside endpoint, or null when it is no proxy of this box
     */
    public synchronized InetSocketAddress outsideOf(InetSocketAddress proxy) {
        return proxied.get(proxy);
    }

    /**
     * The box as the inside host's gateway: each outside endpoint reached through its proxy (made on first use), a
     * datagram from a proxy named by the endpoint it stands for. The host then knows outside addresses as they are.
     *
     * @return the gateway for the inside host's socket runtime
     */
    public io.icelab.net.SocketRuntime.Gateway gateway() {
        return new io.icelab.net.SocketRuntime.Gateway() {
            @Override
            public InetSocketAddress outbound(InetSocketAddress to) {
                try {
                    return proxyFor(to);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("no proxy for " + to, e);
                }
            }

            @Override
            public InetSocketAddress inbound(InetSocketAddress from) {
                InetSocketAddress outside = outsideOf(from);
                return outside != null ? outside : from;
            }
        };
    }

    /**
     * Every datagram that crossed the box so far, or was filtered or dropped there.
     *
     * @return a copy, oldest first
     */
    public synchronized List<Crossing> crossings() {
        return List.copyOf(crossings);
    }

    /**
     * What the box did to mappings and sockets, oldest first.
     *
     * @return a copy of the log
     */
    public synchronized List<String> log() {
        return List.copyOf(log);
    }

    private void loop() {
        try {
            while (running) {
                selector.select(100);
                synchronized (this) {
                    for (SelectionKey k : selector.selectedKeys()) {
                        if (k.isValid() && k.isReadable()) {
                            drain((DatagramChannel) k.channel(), (Role) k.attachment());
                        }
                    }
                    selector.selectedKeys().clear();
                    log.addAll(nat.drainLog());
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                log.add(name + " stopped: " + e);
            }
        }
    }

    private void drain(DatagramChannel ch, Role role) throws IOException {
        for (int i = 0; i < 64; i++) { // a bounded batch per socket and turn
            buf.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
            if (from == null) {
                return;
            }
            readAt = System.nanoTime();
            buf.flip();
            InetSocketAddress at = (InetSocketAddress) ch.getLocalAddress();
            if (cut && role != Role.DEAD) { // the path has died: nothing crosses either way
                record(Direction.CUT, from, role == Role.PROXY ? proxied.get(at) : at);
                continue;
            }
            switch (role) {
                case DEAD -> record(Direction.DEAD, from, at);
                case PROXY -> outbound(from, proxied.get(at));
                case MAPPING -> inbound(at, from);
            }
        }
    }

    /** RFC 4787 §4: from the inside host, through the mapping's socket, to the outside endpoint. */
    private void outbound(InetSocketAddress inside, InetSocketAddress outside) throws IOException {
        NatTranslator.Result r = nat.outbound(now(), inside, outside);
        if (!r.passes()) {
            record(Direction.DROPPED, inside, outside);
            return;
        }
        DatagramChannel m = mappings.get(r.address());
        if (m == null) {
            try {
                m = open(r.address());
            } catch (IOException e) { // the translator chose a port the machine has in use
                log.add(name + ": cannot bind " + TransportAddresses.format(r.address()) + ": " + e.getMessage());
                record(Direction.DROPPED, inside, outside);
                return;
            }
            mappings.put(r.address(), m);
            m.register(selector, SelectionKey.OP_READ, Role.MAPPING);
        }
        m.send(buf, outside);
        record(Direction.OUTBOUND, inside, outside);
    }

    /** RFC 4787 §5: from outside to a mapping; through the filter to the inside host, from its proxy. */
    private void inbound(InetSocketAddress external, InetSocketAddress outside) throws IOException {
        NatTranslator.Result r = nat.inbound(now(), external, outside);
        if (!r.passes()) {
            record(Direction.FILTERED, outside, external);
            return;
        }
        proxyFor(outside);
        proxies.get(outside).send(buf, r.address());
        record(Direction.INBOUND, outside, external);
    }

    private void record(Direction d, InetSocketAddress from, InetSocketAddress to) {
        if (crossings.size() < 100_000) { // bounded: a probe runs seconds, not hours
            byte[] copy = new byte[buf.limit()];
            buf.get(0, copy);
            crossings.add(new Crossing(readAt, d, from, to, io.icelab.stun.Bytes.wrap(copy)));
        }
    }

    private long now() {
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (DatagramChannel ch : concat()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private List<DatagramChannel> concat() {
        List<DatagramChannel> all = new ArrayList<>(proxies.values());
        all.addAll(mappings.values());
        all.add(dead);
        return all;
    }
}
