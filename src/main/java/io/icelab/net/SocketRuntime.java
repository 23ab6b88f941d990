package io.icelab.net;

import io.icelab.loop.Driver;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.Transport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
    private static final long ACCEPT_BACKOFF_MIN_NANOS = 100_000_000L;
    private static final long ACCEPT_BACKOFF_MAX_NANOS = 2_000_000_000L;

    private final Selector selector;
    /** Bound UDP sockets by local address, in the order bound; an unbound one is gone (nothing kept per relay ever made). */
    private final Map<InetSocketAddress, DatagramChannel> udp = new LinkedHashMap<>();
    private final long origin = System.nanoTime();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private final Faults faults = new Faults();
    private volatile boolean stopRequested;
    private long sendFailures;
    private long tcpRefused;
    private long tcpIdleClosed;
    private Tap tap = (t, from, to, payload) -> { };
    private final List<ServerSocketChannel> tcpListeners = new ArrayList<>();
    /** Open TCP connections by "local>remote". */
    private final Map<String, TcpConnection> tcpConnections = new LinkedHashMap<>();
    private TcpLimits tcpLimits = TcpLimits.DEFAULT;
    private ConnectionHolder holder = (local, remote) -> false;
    private long nextSweep;
    private long acceptPausedUntil;
    private long acceptBackoff = ACCEPT_BACKOFF_MIN_NANOS;

    /** Who opened a TCP connection: an idle connection is closed only when accepted. */
    private enum Origin { ACCEPTED, OPENED }

    /** One TCP connection: its framer, what waits to be written, and when it last carried anything in. */
    private static final class TcpConnection {
        final SocketChannel channel;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        final Origin origin;
        final io.icelab.stun.StreamFramer framer = new io.icelab.stun.StreamFramer(io.icelab.stun.StreamFramer.Framing.STUN);
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        long pendingBytes;
        long lastInbound;
        boolean readPaused;

        TcpConnection(SocketChannel channel, InetSocketAddress local, InetSocketAddress remote, Origin origin, long now) {
            this.channel = channel;
            this.local = local;
            this.remote = remote;
            this.origin = origin;
            this.lastInbound = now;
        }

        String key() {
            return key(local, remote);
        }

        static String key(InetSocketAddress local, InetSocketAddress remote) {
            return local + ">" + remote;
        }
    }

    /** A bound UDP socket, as a selection key's attachment. */
    private record UdpSocket(InetSocketAddress local, DatagramChannel channel) {
    }

    /** Whether the protocol holds state on a TCP connection (a TURN allocation): such a connection never idles out. */
    @FunctionalInterface
    public interface ConnectionHolder {
        boolean holds(InetSocketAddress local, InetSocketAddress remote);
    }

    /** Sees every datagram sent and received, e.g. to write a capture of a real run; called on the driving thread. */
    @FunctionalInterface
    public interface Tap {
        void packet(long nowNanos, InetSocketAddress source, InetSocketAddress destination, Bytes payload);

        /**
         * The same with its transport. Over TCP the payload is the bytes as read from or written to the
         * connection (padding included), as a capture on the wire would see them; a tap that only
         * implements the other method gets them there too.
         */
        default void packet(long nowNanos, Transport transport, InetSocketAddress source, InetSocketAddress destination,
                Bytes payload) {
            packet(nowNanos, source, destination, payload);
        }
    }

    public void tap(Tap t) {
        this.tap = t;
    }

    /** Bounds on accepted TCP connections (default {@link TcpLimits#DEFAULT}). */
    public void tcpLimits(TcpLimits limits) {
        this.tcpLimits = limits;
    }

    /** Tells which accepted connections the protocol holds, so the idle timeout spares them. */
    public void connectionHolder(ConnectionHolder h) {
        this.holder = h;
    }

    /** The faults caught so far (inputs dropped because the protocol threw). */
    public Faults faults() {
        return faults;
    }

    /** TCP connections closed at once because a {@link TcpLimits} cap was reached. */
    public long tcpRefused() {
        return tcpRefused;
    }

    /** Accepted TCP connections closed for idling without being held. */
    public long tcpIdleClosed() {
        return tcpIdleClosed;
    }

    private SocketRuntime(Selector selector) {
        this.selector = selector;
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
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(address);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        tcpListeners.add(server);
        return (InetSocketAddress) server.getLocalAddress();
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
        SocketChannel ch = SocketChannel.open();
        try {
            ch.connect(remote); // blocking, once: the driver's loop only ever sees a connected channel
            return register(ch, Origin.OPENED).local;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * TCP connections open now.
     *
     * @return their number
     */
    public int tcpConnections() {
        return tcpConnections.size();
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
        return sendFailures;
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
        while (true) {
            // one turn of the shared loop: timeouts due, what arrived, events, transmits
            long now = nowNanos();
            onTick.accept(now);
            driver.timeouts(now);
            receive(driver);
            driver.events(now);
            driver.transmits(now);
            if (done.getAsBoolean()) {
                return true;
            }
            now = nowNanos();
            if (stopRequested || now >= end) {
                return false;
            }
            if (now >= nextSweep) {
                sweep(now);
            }
            long wake = Math.min(Math.min(driver.deadline(now), end), nextSweep);
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
            case TRANSMIT -> faults.record(now, Faults.Where.TRANSMIT, e, null, null);
            case INBOUND -> {
                boolean tcp = input.transport() == Transport.TCP;
                faults.record(now, tcp ? Faults.Where.CONNECTION : Faults.Where.DATAGRAM, e,
                        (tcp ? "tcp " : "udp ") + io.icelab.stun.TransportAddresses.format(input.remote()), input.payload());
            }
        }
    }

    /** Once a second: accepted connections idle without being held are closed, and a paused accept resumes. */
    private void sweep(long now) {
        nextSweep = now + SWEEP_NANOS;
        for (TcpConnection c : List.copyOf(tcpConnections.values())) {
            if (c.origin == Origin.ACCEPTED && now - c.lastInbound > tcpLimits.idleNanos() && !holds(c, now)) {
                tcpIdleClosed++;
                closeTcp(c);
            }
        }
        if (acceptPausedUntil != 0 && now >= acceptPausedUntil) {
            acceptPausedUntil = 0;
            for (ServerSocketChannel s : tcpListeners) {
                SelectionKey k = s.keyFor(selector);
                if (k != null && k.isValid()) {
                    k.interestOps(SelectionKey.OP_ACCEPT);
                }
            }
        }
    }

    private boolean holds(TcpConnection c, long now) {
        try {
            return holder.holds(c.local, c.remote);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            faults.record(now, Faults.Where.CONNECTION, e, TcpConnection.key(c.local, c.remote), null);
            return false;
        }
    }

    private <E> void receive(Driver<E> driver) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof ServerSocketChannel server) {
                accept(server);
            } else if (key.attachment() instanceof TcpConnection c) {
                if (key.isWritable()) {
                    write(c);
                }
                if (key.isValid() && key.isReadable()) {
                    read(driver, c);
                }
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
            driver.inbound(now, new Datagram(Transport.UDP, s.local(), from, bytes));
        }
    }

    private void accept(ServerSocketChannel server) {
        long now = nowNanos();
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException | RuntimeException | LinkageError e) {
                // out of file descriptors, or the like: stop accepting for a while, with growing pauses
                faults.record(now, Faults.Where.ACCEPT, e, null, null);
                acceptPausedUntil = now + acceptBackoff;
                acceptBackoff = Math.min(acceptBackoff * 2, ACCEPT_BACKOFF_MAX_NANOS);
                server.keyFor(selector).interestOps(0);
                nextSweep = Math.min(nextSweep, acceptPausedUntil);
                return;
            }
            if (ch == null) {
                acceptBackoff = ACCEPT_BACKOFF_MIN_NANOS;
                return;
            }
            try {
                if (!admit(ch)) {
                    tcpRefused++;
                    ch.close();
                    continue;
                }
                register(ch, Origin.ACCEPTED);
            } catch (IOException | RuntimeException | LinkageError e) {
                faults.record(now, Faults.Where.ACCEPT, e, null, null);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing; nothing more to do for it
                }
            }
        }
    }

    /** Within {@link TcpLimits}: in all, and from the connecting IP. */
    private boolean admit(SocketChannel ch) throws IOException {
        if (tcpConnections.size() >= tcpLimits.maxConnections()) {
            return false;
        }
        java.net.InetAddress ip = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        int fromIp = 0;
        for (TcpConnection c : tcpConnections.values()) {
            if (c.remote.getAddress().equals(ip) && ++fromIp >= tcpLimits.maxPerAddress()) {
                return false;
            }
        }
        return true;
    }

    /** A connected channel, accepted or opened, joins the selector as a connection of its two addresses. */
    private TcpConnection register(SocketChannel ch, Origin origin) throws IOException {
        ch.configureBlocking(false);
        ch.socket().setTcpNoDelay(true);
        TcpConnection c = new TcpConnection(ch, (InetSocketAddress) ch.getLocalAddress(),
                (InetSocketAddress) ch.getRemoteAddress(), origin, nowNanos());
        ch.register(selector, SelectionKey.OP_READ, c);
        tcpConnections.put(c.key(), c);
        return c;
    }

    /** Reads what arrived and hands every complete frame over; the end of the stream or a bad frame closes it. */
    private <E> void read(Driver<E> driver, TcpConnection c) {
        long now = nowNanos();
        try {
            receiveBuffer.clear();
            int n = c.channel.read(receiveBuffer);
            if (n < 0) {
                closeTcp(c);
                return;
            }
            if (n > 0) {
                c.lastInbound = now;
                tap.packet(now, Transport.TCP, c.remote, c.local,
                        Bytes.wrap(java.util.Arrays.copyOf(receiveBuffer.array(), n)));
            }
            c.framer.feed(receiveBuffer.array(), 0, n);
            for (Bytes frame; (frame = c.framer.poll()) != null; ) {
                driver.inbound(now, new Datagram(Transport.TCP, c.local, c.remote, frame));
            }
        } catch (IOException | io.icelab.stun.StunDecodeException e) {
            closeTcp(c); // a reset, or a stream that can no longer be framed: the connection is over
        }
    }

    private void write(TcpConnection c) {
        try {
            while (!c.pending.isEmpty()) {
                ByteBuffer b = c.pending.peek();
                int before = b.remaining();
                c.channel.write(b);
                c.pendingBytes -= before - b.remaining();
                if (b.hasRemaining()) {
                    interest(c);
                    return;
                }
                c.pending.poll();
            }
            interest(c);
        } catch (IOException e) {
            sendFailures++;
            closeTcp(c);
        }
    }

    /**
     * OP_WRITE while answers wait; OP_READ unless they pass {@link TcpLimits#maxPendingBytes()} (a client
     * that sends and never reads is not read from until it drains half of them).
     */
    private void interest(TcpConnection c) {
        if (c.pendingBytes > tcpLimits.maxPendingBytes()) {
            c.readPaused = true;
        } else if (c.pendingBytes <= tcpLimits.maxPendingBytes() / 2) {
            c.readPaused = false;
        }
        SelectionKey k = c.channel.keyFor(selector);
        if (k != null && k.isValid()) {
            k.interestOps((c.readPaused ? 0 : SelectionKey.OP_READ) | (c.pending.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    private void closeTcp(TcpConnection c) {
        tcpConnections.remove(c.key());
        try {
            c.channel.close();
        } catch (IOException e) {
            // nothing buffered depends on it
        }
    }

    /** Sends one datagram the protocol polled: on its TCP connection, or from the UDP socket of its local address. */
    private void send(long now, Datagram d) {
        if (d.transport() == Transport.TCP) {
            TcpConnection c = tcpConnections.get(TcpConnection.key(d.local(), d.remote()));
            if (c == null) {
                sendFailures++; // the connection has closed
                return;
            }
            c.pending.add(ByteBuffer.wrap(d.payload().toArray()));
            c.pendingBytes += d.payload().length();
            tap.packet(now, Transport.TCP, d.local(), d.remote(), d.payload());
            write(c);
            return;
        }
        DatagramChannel ch = channelFor(d.local());
        if (ch == null || d.transport() != Transport.UDP) {
            sendFailures++;
            return;
        }
        try {
            ch.send(ByteBuffer.wrap(d.payload().toArray()), d.remote());
            tap.packet(now, Transport.UDP, (InetSocketAddress) ch.getLocalAddress(), d.remote(), d.payload());
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
        for (TcpConnection c : List.copyOf(tcpConnections.values())) {
            closeTcp(c);
        }
        for (ServerSocketChannel s : tcpListeners) {
            try {
                s.close();
            } catch (IOException e) {
                // a listening socket holds no data
            }
        }
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
