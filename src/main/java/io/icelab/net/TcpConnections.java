package io.icelab.net;

import io.icelab.loop.Driver;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.StreamFramer;
import io.icelab.stun.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@link SocketRuntime}'s TCP side: listening sockets and the connections accepted or opened on its selector,
 * each framing STUN and ChannelData (RFC 8656 §3.1, §12.5) into {@link Transport#TCP} datagrams between the
 * connection's two addresses. Bounded by {@link TcpLimits}: connections in all and per IP, bytes waiting to be
 * written (a client that never reads is not read from), idle accepted connections nobody holds closed; a failing
 * {@code accept()} backs off with growing pauses.
 */
final class TcpConnections {
    private static final int READ_BUFFER = 65_535;
    private static final long ACCEPT_BACKOFF_MIN_NANOS = 100_000_000L;
    private static final long ACCEPT_BACKOFF_MAX_NANOS = 2_000_000_000L;

    /** A listening socket, how the connections it accepts are framed, and their TLS context (null: plain TCP). */
    record Listener(ServerSocketChannel channel, StreamFramer.Framing framing, javax.net.ssl.SSLContext tls) {
    }

    private final Selector selector;
    private final Faults faults;
    private final LongSupplier clock;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private final List<Listener> listeners = new ArrayList<>();
    /** Open connections by "local>remote". */
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private SocketRuntime.Tap tap = (t, from, to, payload) -> { };
    private TcpLimits limits = TcpLimits.DEFAULT;
    private SocketRuntime.ConnectionHolder holder = (local, remote) -> false;
    /** Outcomes {@link #connectFrom} knew at once, reported by {@link #flushDeferred} (never inside the call). */
    private final ArrayDeque<io.icelab.stun.ConnectionEvent> deferred = new ArrayDeque<>();
    /** Where connections' fate goes: the protocol's {@link io.icelab.stun.SansIo#handleConnection}. */
    private java.util.function.Consumer<io.icelab.stun.ConnectionEvent> reports = e -> { };
    /** How connections opened on send are framed; null: a datagram with no connection is not sent. */
    private StreamFramer.Framing openOnSend;

    /** How a connection opened on send to one address is framed, and its TLS (null: none). */
    record OpenRule(StreamFramer.Framing framing, javax.net.ssl.SSLContext tls) {
    }

    /** Per-destination rules for connections opened on send (a TURN server reached over TCP or TLS). */
    private final Map<InetSocketAddress, OpenRule> openRules = new LinkedHashMap<>();
    private long refused;
    private long idleClosed;
    private long sendFailures;
    private long acceptPausedUntil;
    private long acceptBackoff = ACCEPT_BACKOFF_MIN_NANOS;

    TcpConnections(Selector selector, Faults faults, LongSupplier clock) {
        this.selector = selector;
        this.faults = faults;
        this.clock = clock;
    }

    void tap(SocketRuntime.Tap t) {
        this.tap = t;
    }

    void limits(TcpLimits l) {
        this.limits = l;
    }

    void holder(SocketRuntime.ConnectionHolder h) {
        this.holder = h;
    }

    long refused() {
        return refused;
    }

    long idleClosed() {
        return idleClosed;
    }

    long sendFailures() {
        return sendFailures;
    }

    int size() {
        return connections.size();
    }

    void reports(java.util.function.Consumer<io.icelab.stun.ConnectionEvent> r) {
        this.reports = r;
    }

    private void report(io.icelab.stun.ConnectionEvent.Kind kind, Connection c) {
        reports.accept(new io.icelab.stun.ConnectionEvent(kind, c.local, c.remote));
    }

    void openOnSend(StreamFramer.Framing framing) {
        this.openOnSend = framing;
    }

    void openOnSend(InetSocketAddress remote, StreamFramer.Framing framing, javax.net.ssl.SSLContext tls) {
        openRules.put(remote, new OpenRule(framing, tls));
    }

    InetSocketAddress listen(InetSocketAddress address, StreamFramer.Framing framing) throws IOException {
        return listen(address, framing, null);
    }

    InetSocketAddress listen(InetSocketAddress address, StreamFramer.Framing framing, javax.net.ssl.SSLContext tls)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Listener listener = new Listener(server, framing, tls);
        try {
            if (framing == StreamFramer.Framing.NONE && server.supportedOptions().contains(java.net.StandardSocketOptions.SO_REUSEPORT)) {
                // a TURN relayed address (RFC 6062) also opens connections to peers from its own port
                server.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            }
            // a server restarted on its port binds while its old connections wait out TIME_WAIT
            server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, listener);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        listeners.add(listener);
        return (InetSocketAddress) server.getLocalAddress();
    }

    InetSocketAddress connect(InetSocketAddress remote) throws IOException {
        return connect(remote, null);
    }

    /**
     * A connection to a server, STUN-framed, connected once and blocking; with {@code tls}, TLS on it (the
     * handshake runs in the loop; what is sent before it ends waits), the server's certificate checked against
     * {@code remote}'s host name or IP.
     */
    InetSocketAddress connect(InetSocketAddress remote, javax.net.ssl.SSLContext tls) throws IOException {
        SocketChannel ch = SocketChannel.open();
        Connection c = null;
        try {
            ch.connect(remote); // blocking, once: the driver's loop only ever sees a connected channel
            ch.configureBlocking(false);
            c = register(ch, (InetSocketAddress) ch.getLocalAddress(), Connection.Origin.OPENED, StreamFramer.Framing.STUN);
            if (tls != null) {
                c.tls = new TlsLayer(TlsLayer.clientEngine(tls, remote));
                c.queue(c.tls.takeOutput());
                write(c);
            }
            return c.local;
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                connections.remove(c.key());
            }
            ch.close();
            throw e;
        }
    }

    /** When a paused {@code accept()} may resume ({@link io.icelab.stun.SansIo#NO_DEADLINE} when none is paused). */
    long acceptResumesAt() {
        return acceptPausedUntil == 0 ? io.icelab.stun.SansIo.NO_DEADLINE : acceptPausedUntil;
    }

    /** Accepted connections idle without being held are closed, and a paused accept resumes when its pause ended. */
    void sweep(long now) {
        for (Connection c : List.copyOf(connections.values())) {
            if (c.connecting && now - c.lastInbound > limits.idleNanos()) {
                sendFailures++; // opened and never connected
                close(c);
                report(c.reportOutcome ? io.icelab.stun.ConnectionEvent.Kind.FAILED : io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
            } else if (c.origin == Connection.Origin.ACCEPTED && now - c.lastInbound > limits.idleNanos() && !holds(c, now)) {
                idleClosed++;
                close(c);
                report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
            }
        }
        if (acceptPausedUntil != 0 && now >= acceptPausedUntil) {
            acceptPausedUntil = 0;
            for (Listener l : listeners) {
                SelectionKey k = l.channel().keyFor(selector);
                if (k != null && k.isValid()) {
                    k.interestOps(SelectionKey.OP_ACCEPT);
                }
            }
        }
    }

    private boolean holds(Connection c, long now) {
        try {
            return holder.holds(c.local, c.remote);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            faults.record(now, Faults.Where.CONNECTION, e, Connection.key(c.local, c.remote), null);
            return false;
        }
    }

    /** A connection's selection key is ready: what waits is written, what arrived is read. */
    <E> void ready(Driver<E> driver, SelectionKey key, Connection c) {
        if (c.connecting) {
            if (key.isConnectable()) {
                finishConnect(c);
            }
            return;
        }
        if (key.isWritable()) {
            write(c);
        }
        if (key.isValid() && key.isReadable()) {
            read(driver, c);
        }
    }

    void accept(Listener listener) {
        ServerSocketChannel server = listener.channel();
        long now = clock.getAsLong();
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
                return;
            }
            if (ch == null) {
                acceptBackoff = ACCEPT_BACKOFF_MIN_NANOS;
                return;
            }
            try {
                if (!admit(ch)) {
                    refused++;
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                Connection c = register(ch, (InetSocketAddress) ch.getLocalAddress(), Connection.Origin.ACCEPTED, listener.framing());
                if (listener.tls() != null) {
                    javax.net.ssl.SSLEngine engine = listener.tls().createSSLEngine();
                    engine.setUseClientMode(false);
                    c.tls = new TlsLayer(engine);
                }
                report(io.icelab.stun.ConnectionEvent.Kind.OPENED, c);
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
        if (connections.size() >= limits.maxConnections()) {
            return false;
        }
        InetAddress ip = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        int fromIp = 0;
        for (Connection c : connections.values()) {
            if (c.remote.getAddress().equals(ip) && ++fromIp >= limits.maxPerAddress()) {
                return false;
            }
        }
        return true;
    }

    /** A connected channel, accepted or opened, joins the selector as the connection of {@code local} and its peer. */
    private Connection register(SocketChannel ch, InetSocketAddress local, Connection.Origin origin, StreamFramer.Framing framing)
            throws IOException {
        ch.socket().setTcpNoDelay(true);
        Connection c = new Connection(ch, local, local, (InetSocketAddress) ch.getRemoteAddress(), origin, framing,
                clock.getAsLong());
        ch.register(selector, SelectionKey.OP_READ, c);
        connections.put(c.key(), c);
        return c;
    }

    /**
     * A datagram for a peer with no connection: one is opened, without blocking, from an ephemeral port of the
     * IP the protocol sent from, and known by the address it sent from; the datagram waits until it is connected.
     */
    private Connection open(Datagram d, OpenRule rule) throws IOException {
        return dial(new InetSocketAddress(d.local().getAddress(), 0), d.local(), d.remote(), rule.framing(), rule.tls());
    }

    /**
     * A connection at the protocol's request (RFC 6062: a server's to a peer from a relayed address, unframed; a
     * client's data connection to the server, STUN-framed), opened without blocking; OPENED or FAILED is reported.
     * From {@code local}'s own port where the system lets a connection share it with a listening socket
     * (SO_REUSEPORT), else from an ephemeral port of its IP, and the protocol knows it by {@code local}; port 0 asks
     * for any port, and the connection is known by the one it got.
     */
    void connectFrom(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
        // the protocol asked from inside one of its own calls: what is known at once is reported after it returns
        if (connections.containsKey(Connection.key(local, remote)) || connections.size() >= limits.maxConnections()) {
            deferred.add(new io.icelab.stun.ConnectionEvent(io.icelab.stun.ConnectionEvent.Kind.FAILED, local, remote));
            return;
        }
        try {
            Connection c = dial(local, local.getPort() == 0 ? null : local, remote, framing, null);
            c.reportOutcome = true;
            if (!c.connecting) {
                deferred.add(new io.icelab.stun.ConnectionEvent(io.icelab.stun.ConnectionEvent.Kind.OPENED, c.local, c.remote));
            }
        } catch (IOException | RuntimeException e) {
            deferred.add(new io.icelab.stun.ConnectionEvent(io.icelab.stun.ConnectionEvent.Kind.FAILED, local, remote));
        }
    }

    /** Reports what {@link #connectFrom} knew at once, now that the protocol's call has returned. */
    void flushDeferred() {
        for (io.icelab.stun.ConnectionEvent e; (e = deferred.poll()) != null; ) {
            reports.accept(e);
        }
    }

    /**
     * Opens a connection without blocking from {@code from} (port 0: an ephemeral port of its IP) to {@code remote},
     * known by {@code known} (null: by the address it got), with TLS when {@code tls} is given; registered, its
     * outcome seen by {@link #finishConnect}. The channel is closed if anything fails.
     */
    private Connection dial(InetSocketAddress from, InetSocketAddress known, InetSocketAddress remote,
            StreamFramer.Framing framing, javax.net.ssl.SSLContext tls) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.configureBlocking(false);
            bindForConnect(ch, from);
            ch.socket().setTcpNoDelay(true);
            InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
            Connection c = new Connection(ch, known == null ? bound : known, bound, remote, Connection.Origin.OPENED,
                    framing, clock.getAsLong());
            if (tls != null) {
                c.tls = new TlsLayer(TlsLayer.clientEngine(tls, remote));
                c.queue(c.tls.takeOutput()); // the ClientHello goes once connected
            }
            c.connecting = !ch.connect(remote);
            ch.register(selector, c.connecting ? SelectionKey.OP_CONNECT : SelectionKey.OP_READ, c);
            connections.put(c.key(), c);
            return c;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void bindForConnect(SocketChannel ch, InetSocketAddress local) throws IOException {
        if (local.getPort() != 0 && ch.supportedOptions().contains(java.net.StandardSocketOptions.SO_REUSEPORT)) {
            ch.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
            try {
                ch.bind(local);
                return;
            } catch (IOException taken) {
                // the port is not shareable here: an ephemeral one
            }
        }
        ch.bind(new InetSocketAddress(local.getAddress(), 0));
    }

    /**
     * RFC 6062 §4.3, §5.4: after ConnectionBind the stream is the peers' own, raw or framed as they frame it (RFC 4571
     * for ICE); bytes read past the last frame are framed the new way.
     */
    void reframe(InetSocketAddress local, InetSocketAddress remote, StreamFramer.Framing framing) {
        Connection c = connections.get(Connection.key(local, remote));
        if (c == null || c.framing == framing) {
            return;
        }
        byte[] rest = c.framer.drain();
        c.framing = framing;
        c.framer = new StreamFramer(framing);
        c.framer.feed(rest);
    }

    /** The protocol closes a connection (nothing is reported back). */
    void close(InetSocketAddress local, InetSocketAddress remote) {
        Connection c = connections.get(Connection.key(local, remote));
        if (c != null) {
            close(c);
        }
    }

    /** The protocol stops accepting on a listening address; its connections stay. */
    void stopListening(InetSocketAddress address) {
        for (Listener l : List.copyOf(listeners)) {
            try {
                if (address.equals(l.channel().getLocalAddress())) {
                    listeners.remove(l);
                    l.channel().close();
                }
            } catch (IOException e) {
                listeners.remove(l); // closed already
            }
        }
    }

    /** The connection opened on send is up (what waits is written) or was refused (it is forgotten). */
    private void finishConnect(Connection c) {
        try {
            if (c.channel.finishConnect()) {
                c.connecting = false;
                interest(c);
                if (c.reportOutcome) {
                    report(io.icelab.stun.ConnectionEvent.Kind.OPENED, c);
                }
                write(c);
            }
        } catch (IOException e) {
            sendFailures++;
            close(c);
            if (c.reportOutcome) {
                report(io.icelab.stun.ConnectionEvent.Kind.FAILED, c);
            }
        }
    }

    /** Reads what arrived and hands every complete frame over; the end of the stream or a bad frame closes it. */
    private <E> void read(Driver<E> driver, Connection c) {
        long now = clock.getAsLong();
        try {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                close(c);
                report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
                return;
            }
            byte[] in = java.util.Arrays.copyOf(readBuffer.array(), n);
            if (c.tls != null) {
                in = c.tls.read(in, 0, n); // the plaintext; handshake answers go out
                byte[] answer = c.tls.takeOutput();
                if (answer.length > 0) {
                    c.queue( answer);
                    write(c);
                }
            }
            if (in.length > 0) {
                c.lastInbound = now;
                // over TLS the tap sees the plaintext, as a capture decrypted with the session keys would
                tap.packet(now, Transport.TCP, c.remote, c.socketLocal, Bytes.wrap(in));
            }
            c.framer.feed(in, 0, in.length);
            for (Bytes frame; (frame = c.framer.poll()) != null; ) {
                driver.inbound(now, new Datagram(Transport.TCP, c.local, c.remote, frame));
            }
        } catch (IOException | io.icelab.stun.StunDecodeException e) {
            close(c); // a reset, or a stream that can no longer be framed: the connection is over
            report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
        }
    }

    /** Queues one polled TCP datagram on its connection and writes what it can; false when the connection is gone. */
    boolean send(long now, Datagram d) {
        Connection c = connections.get(Connection.key(d.local(), d.remote()));
        OpenRule rule = openRules.getOrDefault(d.remote(), openOnSend == null ? null : new OpenRule(openOnSend, null));
        if (c == null && rule != null && connections.size() < limits.maxConnections()) {
            try {
                c = open(d, rule);
            } catch (IOException e) {
                faults.record(now, Faults.Where.CONNECTION, e, "tcp " + io.icelab.stun.TransportAddresses.format(d.remote()), null);
            }
        }
        if (c == null || (c.connecting && c.pendingBytes > limits.maxPendingBytes())) {
            sendFailures++; // the connection has closed, could not be opened, or has waited to connect long enough
            return false;
        }
        if (c.pendingBytes > 4L * limits.maxPendingBytes()) {
            // a peer or client that does not read what is relayed to it: rather closed than held without bound
            sendFailures++;
            close(c);
            report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
            return false;
        }
        byte[] bytes = c.framing == StreamFramer.Framing.RFC4571 ? StreamFramer.frame4571(d.payload().toArray())
                : d.payload().toArray();
        tap.packet(clock.getAsLong(), Transport.TCP, c.socketLocal, d.remote(), Bytes.wrap(bytes)); // as on the wire, when
        if (c.tls != null) {
            try {
                c.tls.write(bytes);
            } catch (javax.net.ssl.SSLException e) {
                sendFailures++;
                close(c);
                report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
                return false;
            }
            bytes = c.tls.takeOutput();
        }
        c.queue( bytes);
        if (!c.connecting) {
            write(c);
        }
        return true;
    }

    private void write(Connection c) {
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
            close(c);
            report(io.icelab.stun.ConnectionEvent.Kind.CLOSED, c);
        }
    }

    /**
     * OP_WRITE while answers wait; OP_READ unless they pass {@link TcpLimits#maxPendingBytes()} (a client
     * that sends and never reads is not read from until it drains half of them).
     */
    private void interest(Connection c) {
        if (c.pendingBytes > limits.maxPendingBytes()) {
            c.readPaused = true;
        } else if (c.pendingBytes <= limits.maxPendingBytes() / 2) {
            c.readPaused = false;
        }
        SelectionKey k = c.channel.keyFor(selector);
        if (k != null && k.isValid()) {
            k.interestOps((c.readPaused ? 0 : SelectionKey.OP_READ) | (c.pending.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    private void close(Connection c) {
        connections.remove(c.key());
        try {
            c.channel.close();
        } catch (IOException e) {
            // nothing buffered depends on it
        }
    }

    /** Every connection and listening socket closed. */
    void closeAll() {
        for (Connection c : List.copyOf(connections.values())) {
            close(c);
        }
        for (Listener l : listeners) {
            try {
                l.channel().close();
            } catch (IOException e) {
                // a listening socket holds no data
            }
        }
    }
}
