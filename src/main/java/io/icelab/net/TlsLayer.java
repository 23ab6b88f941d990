package io.icelab.net;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS on one TCP connection (RFC 8656 §3.1 {@code turns:}, RFC 8489 §6.2.3): the JDK's {@link SSLEngine}, fed the
 * bytes read from the socket and asked for the bytes to write, never touching the socket itself. Plaintext written
 * before the handshake ends waits for it. A TLS error is an {@link SSLException}: the connection is over.
 */
final class TlsLayer {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Ciphertext read and not yet unwrapped, in read mode. */
    private ByteBuffer netIn = EMPTY;
    private final ArrayDeque<ByteBuffer> appOut = new ArrayDeque<>();
    private final ByteArrayOutputStream netOut = new ByteArrayOutputStream();

    /**
     * Starts the handshake (a client's first flight is ready in {@link #takeOutput()} at once).
     *
     * @param engine a client- or server-mode engine
     * @throws SSLException when the engine cannot start
     */
    TlsLayer(SSLEngine engine) throws SSLException {
        this.engine = engine;
        engine.beginHandshake();
        step();
    }

    /** True until the handshake has finished. */
    boolean handshaking() {
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        return hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && hs != SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /**
     * Ciphertext read from the socket: the plaintext it completes (maybe none); handshake answers and waiting
     * plaintext go to {@link #takeOutput()}.
     */
    byte[] read(byte[] data, int off, int len) throws SSLException {
        ByteBuffer joined = ByteBuffer.allocate(netIn.remaining() + len);
        joined.put(netIn).put(data, off, len).flip();
        netIn = joined;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (netIn.hasRemaining()) {
            app.clear();
            SSLEngineResult r = engine.unwrap(netIn, app);
            plain.write(app.array(), 0, app.position());
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
                continue;
            }
            step();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.getStatus() == SSLEngineResult.Status.CLOSED
                    || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                break; // a partial record waits for more bytes, or the peer closed
            }
        }
        flush();
        return plain.toByteArray();
    }

    /** Plaintext to send: encrypted into {@link #takeOutput()} now, or after the handshake. */
    void write(byte[] plain) throws SSLException {
        appOut.add(ByteBuffer.wrap(plain));
        flush();
    }

    /** Ciphertext to write to the socket, taken. */
    byte[] takeOutput() {
        byte[] b = netOut.toByteArray();
        netOut.reset();
        return b;
    }

    /** Runs the engine's delegated tasks and produces what the handshake sends, until it waits for the peer. */
    private void step() throws SSLException {
        while (true) {
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                    t.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.CLOSED) {
                    return;
                }
            } else {
                return; // waits for the peer's bytes, or done
            }
        }
    }

    private void flush() throws SSLException {
        if (handshaking()) {
            return;
        }
        while (!appOut.isEmpty()) {
            ByteBuffer b = appOut.peek();
            while (b.hasRemaining()) {
                if (wrap(b).getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the TLS session is closed");
                }
            }
            appOut.poll();
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(src, net);
        netOut.write(net.array(), 0, net.position());
        return r;
    }

    /** A client-mode engine that checks the server's certificate names {@code remote} (RFC 8489 §6.2.3). */
    static javax.net.ssl.SSLEngine clientEngine(javax.net.ssl.SSLContext tls, InetSocketAddress remote) {
        javax.net.ssl.SSLEngine engine = tls.createSSLEngine(remote.getHostString(), remote.getPort());
        engine.setUseClientMode(true);
        javax.net.ssl.SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return engine;
    }
}
