package io.icelab.net;

import io.icelab.stun.StreamFramer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection: its framer, what waits to be written, and when it last carried anything in. {@code local}
 * is the address the protocol knows it by: the socket's own, or for a connection opened on send the address
 * the protocol sent from (an ICE-TCP active candidate's connection comes from an ephemeral port, RFC 6544 §4.5).
 */
final class Connection {
    /** Who opened a TCP connection: an idle connection is closed only when accepted. */
    enum Origin { ACCEPTED, OPENED }

    final SocketChannel channel;
    final InetSocketAddress local;
    /** The socket's own address (what a capture shows): {@code local}, or the ephemeral port it was opened from. */
    final InetSocketAddress socketLocal;
    final InetSocketAddress remote;
    final Origin origin;
    StreamFramer.Framing framing;
    StreamFramer framer;
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    long pendingBytes;
    long lastInbound;
    boolean readPaused;
    boolean connecting;
    /** Opened at the protocol's request ({@link TcpConnections#connectFrom}): its outcome is reported. */
    boolean reportOutcome;
    /** TLS on the connection (RFC 8656 §3.1 turns:), or null. */
    TlsLayer tls;

    Connection(SocketChannel channel, InetSocketAddress local, InetSocketAddress socketLocal,
            InetSocketAddress remote, Origin origin, StreamFramer.Framing framing, long now) {
        this.channel = channel;
        this.local = local;
        this.socketLocal = socketLocal;
        this.remote = remote;
        this.origin = origin;
        this.framing = framing;
        this.framer = new StreamFramer(framing);
        this.lastInbound = now;
    }

    String key() {
        return key(local, remote);
    }

    static String key(InetSocketAddress local, InetSocketAddress remote) {
        return local + ">" + remote;
    }

    /** Bytes to write, after what already waits. */
    void queue(byte[] bytes) {
        if (bytes.length > 0) {
            pending.add(ByteBuffer.wrap(bytes));
            pendingBytes += bytes.length;
        }
    }
}
