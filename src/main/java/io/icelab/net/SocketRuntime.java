package io.icelab.net;

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
 */
public final class SocketRuntime implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private final Selector selector;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<InetSocketAddress> locals = new ArrayList<>();
    private final long origin = System.nanoTime();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private volatile boolean stopRequested;
    private long sendFailures;
    private Tap tap = (t, from, to, payload) -> { };
    private final List<ServerSocketChannel> tcpListeners = new ArrayList<>();
    /** Open TCP connections by "local>remote". */
    private final Map<String, TcpConnection> tcpConnections = new LinkedHashMap<>();

    /** One accepted TCP connection: its framer and what waits to be written. */
    private static final class TcpConnection {
        final SocketChannel channel;
        final InetSocketAddress local;
        final InetSocketAddress remote;
        final io.icelab.stun.StreamFramer framer = new io.icelab.stun.StreamFramer(io.icelab.stun.StreamFramer.Framing.STUN);
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

        TcpConnection(SocketChannel channel, InetSocketAddress local, InetSocketAddress remote) {
            this.channel = channel;
            this.local = local;
            this.remote = remote;
        }

        String key() {
            return key(local, remote);
        }

        static String key(InetSocketAddress local, InetSocketAddress remote) {
            return local + ">" + remote;
        }
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

    private SocketRuntime(Selector selector) {
        this.selector = selector;
    }

    /** Binds one UDP socket per address (port 0 picks a free port); see {@link #localAddresses()}. */
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

    public static SocketRuntime open(InetSocketAddress address) throws IOException {
        return open(List.of(address));
    }

    /**
     * Binds one more socket while running (for a TURN server's relayed addresses); call it from the
     * thread that drives. Returns the bound address.
     */
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
        DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.bind(address);
            ch.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        channels.add(ch);
        InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
        locals.add(local);
        ch.register(selector, SelectionKey.OP_READ, channels.size() - 1);
        return local;
    }

    /**
     * Accepts TCP connections on {@code address} (port 0 picks a free port), e.g. a TURN server's listening
     * address for clients that reach it over TCP. Returns the bound address.
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
     */
    public InetSocketAddress connectTcp(InetSocketAddress remote) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.connect(remote); // blocking, once: the driver's loop only ever sees a connected channel
            return register(ch).local;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** TCP connections open now. */
    public int tcpConnections() {
        return tcpConnections.size();
    }

    /** Closes a socket bound with {@link #bind}; its slot stays (closed) so indices keep their meaning. */
    public void unbind(InetSocketAddress address) {
        int i = locals.indexOf(address);
        if (i >= 0) {
            try {
                channels.get(i).close();
            } catch (IOException e) {
                // closing a datagram socket loses nothing
            }
            locals.set(i, new InetSocketAddress(address.getAddress(), 0));
        }
    }

    /** The bound addresses, in the order given to {@link #open}. */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> open = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            if (channels.get(i).isOpen()) {
                open.add(locals.get(i));
            }
        }
        return open;
    }

    /** Monotonic nanoseconds since this runtime was opened. */
    public long nowNanos() {
        return System.nanoTime() - origin;
    }

    /** Datagrams the OS refused to send (e.g. ICMP unreachable reported on a later send). */
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
     * pass. Events go to {@code onEvent} as they are polled. Returns true when {@code done} became true.
     */
    public <E> boolean drive(SansIo<E> protocol, Consumer<? super E> onEvent, BooleanSupplier done, long maxNanos)
            throws IOException {
        return drive(protocol, onEvent, done, maxNanos, now -> { });
    }

    /**
     * As {@link #drive(SansIo, Consumer, BooleanSupplier, long)}, calling {@code onTick} with the time at
     * the top of every turn: the place to feed the protocol input from elsewhere (signalling, a
     * keyboard). Another thread that queues such input calls {@link #wakeup()}.
     */
    public <E> boolean drive(SansIo<E> protocol, Consumer<? super E> onEvent, BooleanSupplier done, long maxNanos,
            java.util.function.LongConsumer onTick) throws IOException {
        long end = maxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : nowNanos() + maxNanos;
        while (true) {
            long now = nowNanos();
            onTick.accept(now);
            if (protocol.pollTimeout() <= now) {
                protocol.handleTimeout(now);
            }
            // Events before transmits: once a peer has seen an answer, the application has seen its event.
            for (E e; (e = protocol.pollEvent()) != null; ) {
                onEvent.accept(e);
            }
            flush(protocol, now);
            if (done.getAsBoolean()) {
                return true;
            }
            now = nowNanos();
            if (stopRequested || now >= end) {
                return false;
            }
            long wake = Math.min(protocol.pollTimeout(), end);
            long waitMillis = (wake - now + 999_999) / 1_000_000;
            int ready = waitMillis <= 0 ? selector.selectNow() : selector.select(Math.max(1, Math.min(waitMillis, 1000)));
            if (ready > 0) {
                receive(protocol);
            }
        }
    }

    private <E> void receive(SansIo<E> protocol) throws IOException {
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
                    read(protocol, c);
                }
            } else {
                receiveUdp(protocol, key);
            }
        }
        selector.selectedKeys().clear();
    }

    private <E> void receiveUdp(SansIo<E> protocol, SelectionKey key) throws IOException {
        DatagramChannel ch = (DatagramChannel) key.channel();
        if (!ch.isOpen()) {
            return;
        }
        InetSocketAddress local = locals.get((Integer) key.attachment());
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
            tap.packet(nowNanos(), Transport.UDP, from, local, bytes);
            protocol.handleDatagram(nowNanos(), new Datagram(Transport.UDP, local, from, bytes));
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            register(ch);
        }
    }

    /** A connected channel, accepted or opened, joins the selector as a connection of its two addresses. */
    private TcpConnection register(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.socket().setTcpNoDelay(true);
        TcpConnection c = new TcpConnection(ch, (InetSocketAddress) ch.getLocalAddress(),
                (InetSocketAddress) ch.getRemoteAddress());
        ch.register(selector, SelectionKey.OP_READ, c);
        tcpConnections.put(c.key(), c);
        return c;
    }

    /** Reads what arrived and hands every complete frame over; the end of the stream or a bad frame closes it. */
    private <E> void read(SansIo<E> protocol, TcpConnection c) {
        try {
            receiveBuffer.clear();
            int n = c.channel.read(receiveBuffer);
            if (n < 0) {
                closeTcp(c);
                return;
            }
            if (n > 0) {
                tap.packet(nowNanos(), Transport.TCP, c.remote, c.local,
                        Bytes.wrap(java.util.Arrays.copyOf(receiveBuffer.array(), n)));
            }
            c.framer.feed(receiveBuffer.array(), 0, n);
            for (Bytes frame; (frame = c.framer.poll()) != null; ) {
                protocol.handleDatagram(nowNanos(), new Datagram(Transport.TCP, c.local, c.remote, frame));
            }
        } catch (IOException | io.icelab.stun.StunDecodeException e) {
            closeTcp(c); // a reset, or a stream that can no longer be framed: the connection is over
        }
    }

    private void write(TcpConnection c) {
        try {
            while (!c.pending.isEmpty()) {
                ByteBuffer b = c.pending.peek();
                c.channel.write(b);
                if (b.hasRemaining()) {
                    c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                c.pending.poll();
            }
            c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            sendFailures++;
            closeTcp(c);
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

    private <E> void flush(SansIo<E> protocol, long now) {
        for (Datagram d; (d = protocol.pollTransmit(now)) != null; ) {
            if (d.transport() == Transport.TCP) {
                TcpConnection c = tcpConnections.get(TcpConnection.key(d.local(), d.remote()));
                if (c == null) {
                    sendFailures++; // the connection has closed
                    continue;
                }
                c.pending.add(ByteBuffer.wrap(d.payload().toArray()));
                tap.packet(now, Transport.TCP, d.local(), d.remote(), d.payload());
                write(c);
                continue;
            }
            DatagramChannel ch = channelFor(d.local());
            if (ch == null || d.transport() != Transport.UDP) {
                sendFailures++;
                continue;
            }
            try {
                ch.send(ByteBuffer.wrap(d.payload().toArray()), d.remote());
                tap.packet(now, Transport.UDP, (InetSocketAddress) ch.getLocalAddress(), d.remote(), d.payload());
            } catch (IOException e) {
                sendFailures++;
            }
        }
    }

    /** The socket bound to {@code local}; a null or wildcard address means the first socket. */
    private DatagramChannel channelFor(InetSocketAddress local) {
        if (local == null) {
            return channels.isEmpty() ? null : channels.get(0);
        }
        for (int i = 0; i < locals.size(); i++) {
            InetSocketAddress bound = locals.get(i);
            if (!channels.get(i).isOpen()) {
                continue;
            }
            if (bound.equals(local)
                    || (bound.getPort() == local.getPort() && (bound.getAddress().isAnyLocalAddress()
                    || local.getAddress().isAnyLocalAddress()))) {
                return channels.get(i);
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
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // Closing a datagram socket cannot lose data; nothing to do.
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Same: nothing buffered depends on it.
        }
    }
}
