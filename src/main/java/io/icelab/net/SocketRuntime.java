package io.icelab.net;

import io.icelab.loop.Driver;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.Transport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives one sans-IO object on real sockets, single-threaded, in the caller's thread: delivers datagrams
 * with their receive time, sends what the object polls, and sleeps in a selector until its next deadline. Time is {@code System.nanoTime()} from when the runtime was opened. Closing it closes
 * every socket; it starts no thread of its own. It can also accept TCP connections ({@link #listenTcp}):
 * each STUN message or ChannelData framed on a connection (RFC 8656 §3.1, §12.5) reaches the object as
 * a {@link Transport#TCP} datagram between the connection's two addresses, and TCP datagrams the object
 * polls go out on the connection with those addresses.
 *
 * <p>No input ends the loop: an unexpected exception while handling a datagram, a frame, a timer, a
 * transmit or an event drops that input and is counted in {@link #faults()}; a failing {@code accept()}
 * (e.g. out of file descriptors) backs off and retries. TCP connections are bounded by {@link TcpLimits}.
 */
public final class SocketRuntime implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;
    private static final long SWEEP_NANOS = 1_000_000_000L;
    private static final long TIMER_FAULT_PAUSE_NANOS = 10_000_000L;

    private final Selector selector;
    /** Bound UDP sockets by local address, in the order bound; an unbound one is gone (nothing kept per relay ever made). */
    private final Map<InetSocketAddress, DatagramChannel> udp = new LinkedHashMap<>();
    private final long origin = System.nanoTime();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    /** Every UDP datagram is written into this one buffer to be sent: no array or buffer per datagram. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Faults faults = new Faults();
    private volatile boolean stopRequested;
    private long sendFailures;
    private Tap tap = (t, from, to, payload) -> { };
    private Gateway gateway = Gateway.DIRECT;
    private final TcpConnections tcp;
    private long nextSweep;

    /** A bound UDP socket, as a selection key's attachment. */
    private record UdpSocket(InetSocketAddress local, DatagramChannel channel) {
    }

    /** Whether the protocol holds state on a TCP connection (a TURN allocation): such a connection never idles out. */
    @FunctionalInterface
    public interface ConnectionHolder {
        /**
         * Whether the protocol holds state on this connection.
         *
         * @param local the connection's local address
         * @param remote its remote address
         * @return true to keep it open however idle
         */
        boolean holds(InetSocketAddress local, InetSocketAddress remote);
    }

    /** Sees every datagram sent and received, e.g. to write a capture of a real run; called on the driving thread. */
    @FunctionalInterface
    public interface Tap {
        /**
         * A datagram sent or received.
         *
         * @param nowNanos the runtime's time
         * @param source where it came from
         * @param destination where it went
         * @param payload its bytes
         */
        void packet(long nowNanos, InetSocketAddress source, InetSocketAddress destination, Bytes payload);

        /**
         * The same with its transport. Over TCP the payload is the bytes as read from or written to the
         * connection (padding included), as a capture on the wire would see them; a tap that only
         * implements the other method gets them there too.
         *
         * @param nowNanos the runtime's time
         * @param transport UDP or TCP
         * @param source where it came from
         * @param destination where it went
         * @param payload its bytes
         */
        default void packet(long nowNanos, Transport transport, InetSocketAddress source, InetSocketAddress destination,
                Bytes payload) {
            packet(nowNanos, source, destination, payload);
        }
    }

    /**
     * Where UDP datagrams really go: the protocol addresses an endpoint, the gateway says which socket address
     * carries datagrams to it, and names the endpoint a datagram from such an address came from. For a host behind
     * a userspace NAT on loopback ({@code io.icelab.probe.NatBox}), whose outside endpoints are reached through
     * proxies: the protocol sees the real outside addresses (a STUN server's, a TURN server's, a peer's).
     */
    public interface Gateway {
        /** No gateway: datagrams go where the protocol addresses them. */
        Gateway DIRECT = new Gateway() {
            @Override
            public InetSocketAddress outbound(InetSocketAddress to) {
                return to;
            }

            @Override
            public InetSocketAddress inbound(InetSocketAddress from) {
                return from;
            }
        };

        /**
         * The socket address a datagram to {@code to} is sent to.
         *
         * @param to the endpoint the protocol addressed
         * @return where the datagram goes on the wire
         */
        InetSocketAddress outbound(InetSocketAddress to);

        /**
         * The endpoint a datagram from {@code from} came from, as the protocol knows it.
         *
         * @param from the source on the wire
         * @return the endpoint
         */
        InetSocketAddress inbound(InetSocketAddress from);
    }

    /**
     * Routes UDP datagrams through a gateway from now on (the tap still sees the wire's addresses).
     *
     * @param g the gateway
     */
    public void gateway(Gateway g) {
        this.gateway = g;
    }

    /**
     * Sees every datagram from now on (one tap; a new one replaces it).
     *
     * @param t the tap
     */
    public void tap(Tap t) {
        this.tap = t;
        tcp.tap(t);
    }

    /**
     * Bounds on accepted TCP connections (default {@link TcpLimits#DEFAULT}).
     *
     * @param limits the bounds
     */
    public void tcpLimits(TcpLimits limits) {
        tcp.limits(limits);
    }

    /**
     * Tells which accepted connections the protocol holds, so the idle timeout spares them.
     *
     * @param h which connections are held
     */
    public void connectionHolder(ConnectionHolder h) {
        tcp.holder(h);
    }

    /**
     * The faults caught so far (inputs dropped because the protocol threw).
     *
     * @return the faults
     */
    public Faults faults() {
        return faults;
    }

    /**
     * TCP connections closed at once because a {@link TcpLimits} cap was reached.
     *
     * @return how many so far
     */
    public long tcpRefused() {
        return tcp.refused();
    }

    /**
     * Accepted TCP connections closed for idling without being held.
     *
     * @return how many so far
     */
    public long tcpIdleClosed() {
        return tcp.idleClosed();
    }

    private SocketRuntime(Selector selector) {
        this.selector = selector;
        this.tcp = new TcpConnections(selector, faults, this::nowNanos);
    }

    /**
     * Binds one UDP socket per address (port 0 picks a free port); see {@link #localAddresses()}.
     *
     * @param addresses the local addresses
     * @return the runtime, which the caller closes
     * @throws IOException when an address cannot be bound (every socket opened so far is closed)
     */
    public static SocketRuntime open(List<InetSocketAddress> addresses) throws IOException {
        SocketRuntime rt = new SocketRuntime(Selector.open());
        try {
            for (InetSocketAddress a : addresses) {
                rt.bind(a);
            }
        } catch (IOException | RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    /**
     * Binds one UDP socket (port 0 picks a free port).
     *
     * @param address the local address
     * @return the runtime, which the caller closes
     * @throws IOException when the address cannot be bound
     */
    public static SocketRuntime open(InetSocketAddress address) throws IOException {
        return open(List.of(address));
    }

    /**
     * Binds one more socket while running (for a TURN server's relayed addresses); call it from the
     * thread that drives.
     *
     * @param address the local address (port 0 picks a free port)
     * @return the bound address
     * @throws IOException when it cannot be bound
     */
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.bind(address);
            ch.configureBlocking(false);
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            ch.register(selector, SelectionKey.OP_READ, new UdpSocket(local, ch));
            udp.put(local, ch);
            return local;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Accepts TCP connections on {@code address} (port 0 picks a free port), e.g. a TURN server's listening
     * address for clients that reach it over TCP.
     *
     * @param address the local address
     * @return the bound address
     * @throws IOException when it cannot listen there
     */
    public InetSocketAddress listenTcp(InetSocketAddress address) throws IOException {
        return tcp.listen(address, StreamFramer.Framing.STUN);
    }

    /**
     * Accepts TCP connections on {@code address} whose frames are delimited by {@code framing}: RFC 4571 for
     * ICE-TCP (RFC 6544 §3), STUN for a TURN or STUN server (RFC 8656 §3.1).
     *
     * @param address the local address (port 0 picks a free port)
     * @param framing how frames are delimited on the accepted connections
     * @return the bound address
     * @throws IOException when it cannot listen there
     */
    public InetSocketAddress listenTcp(InetSocketAddress address, StreamFramer.Framing framing) throws IOException {
        return tcp.listen(address, framing);
    }

    /**
     * Accepts TLS connections on {@code address} (RFC 8656 §3.1 {@code turns:}): STUN-framed inside TLS, the
     * protocol sees their plaintext as {@link Transport#TCP} datagrams like any TCP connection's.
     *
     * @param address the local address (port 0 picks a free port)
     * @param tls the server's context (its certificate and key, e.g. from {@link TlsFiles#server})
     * @return the bound address
     * @throws IOException when it cannot listen there
     */
    public InetSocketAddress listenTls(InetSocketAddress address, javax.net.ssl.SSLContext tls) throws IOException {
        return tcp.listen(address, StreamFramer.Framing.STUN, tls);
    }

    /**
     * Opens a TLS connection to {@code remote} (a TURN server over {@code turns:}) and returns its local address;
     * the handshake runs as the runtime drives, and the server's certificate must name {@code remote}'s host or IP.
     *
     * @param remote the server
     * @param tls the client's context (whom it trusts, e.g. from {@link TlsFiles#client})
     * @return the connection's local address
     * @throws IOException when the connection is refused or fails
     */
    public InetSocketAddress connectTls(InetSocketAddress remote, javax.net.ssl.SSLContext tls) throws IOException {
        return tcp.connect(remote, tls);
    }

    /**
     * A TCP datagram to a peer with no connection opens one (without blocking, from an ephemeral port of the IP
     * it was sent from) instead of failing: what an ICE-TCP agent's active candidates need (RFC 6544 §4.5). The
     * protocol knows the connection by the address it sent from.
     *
     * @param framing how frames are delimited on the connections opened so
     */
    public void openTcpOnSend(StreamFramer.Framing framing) {
        tcp.openOnSend(framing);
    }

    /**
     * A TCP datagram to {@code remote} with no connection opens one framed as {@code framing}, with TLS when
     * {@code tls} is given (its certificate must name {@code remote}): an ICE agent's TURN server reached over TCP
     * or TLS (RFC 8656 §3.1). Takes precedence over {@link #openTcpOnSend(StreamFramer.Framing)} for that address.
     *
     * @param remote the destination
     * @param framing how frames are delimited on the connection
     * @param tls the client's TLS context, or null for plain TCP
     */
    public void openTcpOnSend(InetSocketAddress remote, StreamFramer.Framing framing, javax.net.ssl.SSLContext tls) {
        tcp.openOnSend(remote, framing, tls);
    }

    /**
     * Opens a TCP connection to {@code remote} (a TURN server a client reaches over TCP) and returns its local
     * address: the protocol's TCP datagrams between that address and {@code remote} travel on it.
     *
     * @param remote the server
     * @return the connection's local address
     * @throws IOException when the connection is refused or fails
     */
    public InetSocketAddress connectTcp(InetSocketAddress remote) throws IOException {
        return tcp.connect(remote);
    }

    /** The TCP side, for {@link RuntimeTcpRelays}. */
    TcpConnections tcp() {
        return tcp;
    }

    /**
     * TCP connections open now.
     *
     * @return their number
     */
    public int tcpConnections() {
        return tcp.size();
    }

    /**
     * UDP sockets bound now.
     *
     * @return their number
     */
    public int udpSockets() {
        return udp.size();
    }

    /**
     * Closes a socket bound with {@link #bind} and forgets it.
     *
     * @param address its bound address
     */
    public void unbind(InetSocketAddress address) {
        DatagramChannel ch = udp.remove(address);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a datagram socket loses nothing
            }
        }
    }

    /**
     * The bound UDP addresses, in the order they were bound.
     *
     * @return the addresses, with the ports the system chose
     */
    public List<InetSocketAddress> localAddresses() {
        return List.copyOf(udp.keySet());
    }

    /**
     * Monotonic nanoseconds since this runtime was opened: the time to give the protocol.
     *
     * @return the current time
     */
    public long nowNanos() {
        return System.nanoTime() - origin;
    }

    /**
     * Datagrams the OS refused to send (e.g. ICMP unreachable reported on a later send).
     *
     * @return how many so far
     */
    public long sendFailures() {
        return sendFailures + tcp.sendFailures();
    }

    /** Makes a waiting {@link #drive} take another turn now; safe from another thread. */
    public void wakeup() {
        selector.wakeup();
    }

    /** Asks a running {@link #drive} to return; safe from another thread or a shutdown hook. */
    public void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    /**
     * Runs {@code protocol} until {@code done} is true, {@link #stop()} is called or {@code maxNanos}
     * pass. Events go to {@code onEvent} as they are polled.
     *
     * @param <E> the protocol's event type
     * @param protocol the sans-IO object; only this thread may touch it while it runs
     * @param onEvent gets each event
     * @param done checked after every turn
     * @param maxNanos how long at most ({@code Long.MAX_VALUE}: no limit)
     * @return true when {@code done} became true, false on stop or time
     * @throws IOException when a socket fails beyond recovery
     */
    public <E> boolean drive(SansIo<E> protocol, Consumer<? super E> onEvent, BooleanSupplier done, long maxNanos)
            throws IOException {
        return drive(protocol, onEvent, done, maxNanos, now -> { });
    }

    /**
     * As {@link #drive(SansIo, Consumer, BooleanSupplier, long)}, calling {@code onTick} with the time at
     * the top of every turn: the place to feed the protocol input from elsewhere (signalling, a
     * keyboard). Another thread that queues such input calls {@link #wakeup()}.
     *
     * @param <E> the protocol's event type
     * @param protocol the sans-IO object; only this thread may touch it while it runs
     * @param onEvent gets each event
     * @param done checked after every turn
     * @param maxNanos how long at most ({@code Long.MAX_VALUE}: no limit)
     * @param onTick called with the time at the top of every turn
     * @return true when {@code done} became true, false on stop or time
     * @throws IOException when a socket fails beyond recovery
     */
    public <E> boolean drive(SansIo<E> protocol, Consumer<? super E> onEvent, BooleanSupplier done, long maxNanos,
            java.util.function.LongConsumer onTick) throws IOException {
        long end = maxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : nowNanos() + maxNanos;
        Driver<E> driver = new Driver<>(protocol, onEvent, this::send, this::fault, TIMER_FAULT_PAUSE_NANOS);
        tcp.reports(e -> driver.connection(nowNanos(), e));
        while (true) {
            // one turn of the shared loop: timeouts due, what arrived, events, transmits
            long now = nowNanos();
            onTick.accept(now);
            driver.timeouts(now);
            receive(driver);
            tcp.flushDeferred();
            driver.events(now);
            // the clock read again: what was built this turn (a check's HMAC, a cold first encode) took time, and a
            // paced transaction counts from when it leaves (RFC 8445 §14.2), not from the top of the turn
            driver.transmits(nowNanos());
            if (done.getAsBoolean()) {
                return true;
            }
            now = nowNanos();
            if (stopRequested || now >= end) {
                return false;
            }
            long sweepAt = Math.min(nextSweep, tcp.acceptResumesAt());
            if (now >= sweepAt) {
                // once a second, or when a paused accept may resume
                nextSweep = now + SWEEP_NANOS;
                tcp.sweep(now);
                sweepAt = nextSweep;
            }
            long wake = Math.min(Math.min(driver.deadline(now), end), sweepAt);
            long waitMillis = (wake - now + 999_999) / 1_000_000;
            if (waitMillis <= 0) {
                selector.selectNow();
            } else {
                selector.select(Math.max(1, Math.min(waitMillis, 1000)));
            }
        }
    }

    /** Where the shared loop's faults are counted: no input ends the loop. */
    private void fault(long now, Driver.Stage stage, Throwable e, Datagram input) {
        switch (stage) {
            case TIMER -> faults.record(now, Faults.Where.TIMER, e, null, null);
            case EVENT -> faults.record(now, Faults.Where.EVENT, e, null, null);
            case CONNECTION -> faults.record(now, Faults.Where.CONNECTION, e, null, null);
            case TRANSMIT -> faults.record(now, Faults.Where.TRANSMIT, e, null, null);
            case INBOUND -> {
                boolean tcp = input.transport() == Transport.TCP;
                faults.record(now, tcp ? Faults.Where.CONNECTION : Faults.Where.DATAGRAM, e,
                        (tcp ? "tcp " : "udp ") + io.icelab.stun.TransportAddresses.format(input.remote()), input.payload());
            }
        }
    }

    private <E> void receive(Driver<E> driver) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof TcpConnections.Listener listener) {
                tcp.accept(listener);
            } else if (key.attachment() instanceof Connection c) {
                tcp.ready(driver, key, c);
            } else if (key.attachment() instanceof UdpSocket s) {
                receiveUdp(driver, s);
            }
        }
        selector.selectedKeys().clear();
    }

    private <E> void receiveUdp(Driver<E> driver, UdpSocket s) throws IOException {
        DatagramChannel ch = s.channel();
        if (!ch.isOpen()) {
            return;
        }
        while (true) {
            receiveBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) ch.receive(receiveBuffer);
            } catch (java.net.PortUnreachableException e) {
                continue;
            }
            if (from == null) {
                break;
            }
            receiveBuffer.flip();
            byte[] payload = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(payload);
            Bytes bytes = Bytes.wrap(payload);
            long now = nowNanos();
            tap.packet(now, Transport.UDP, from, s.local(), bytes);
            driver.inbound(now, new Datagram(Transport.UDP, s.local(), gateway.inbound(from), bytes));
        }
    }

    /** Sends one datagram the protocol polled: on its TCP connection, or from the UDP socket of its local address. */
    private void send(long now, Datagram d) {
        if (d.transport() == Transport.TCP) {
            tcp.send(now, d);
            return;
        }
        DatagramChannel ch = channelFor(d.local());
        if (ch == null || d.transport() != Transport.UDP) {
            sendFailures++;
            return;
        }
        try {
            sendBuffer.clear();
            d.payload().writeTo(sendBuffer);
            sendBuffer.flip();
            InetSocketAddress to = gateway.outbound(d.remote());
            ch.send(sendBuffer, to);
            tap.packet(now, Transport.UDP, (InetSocketAddress) ch.getLocalAddress(), to, d.payload());
        } catch (IOException e) {
            sendFailures++;
            faults.record(now, Faults.Where.SEND, e, "to " + io.icelab.stun.TransportAddresses.format(d.remote()), null);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // e.g. UnsupportedAddressTypeException: an IPv6 destination on an IPv4 socket
            sendFailures++;
            faults.record(now, Faults.Where.SEND, e, "to " + io.icelab.stun.TransportAddresses.format(d.remote()), null);
        }
    }

    /** The socket bound to {@code local}; a null or wildcard address means the first socket. */
    private DatagramChannel channelFor(InetSocketAddress local) {
        if (local == null) {
            return udp.isEmpty() ? null : udp.values().iterator().next();
        }
        DatagramChannel exact = udp.get(local);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<InetSocketAddress, DatagramChannel> e : udp.entrySet()) {
            InetSocketAddress bound = e.getKey();
            if (bound.getPort() == local.getPort() && (bound.getAddress().isAnyLocalAddress()
                    || local.getAddress().isAnyLocalAddress())) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        tcp.closeAll();
        for (DatagramChannel ch : udp.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                // Closing a datagram socket cannot lose data; nothing to do.
            }
        }
        udp.clear();
        try {
            selector.close();
        } catch (IOException e) {
            // Same: nothing buffered depends on it.
        }
    }
}
