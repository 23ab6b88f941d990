package io.icelab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.SansIo;
import io.icelab.stun.StunServer;
import io.icelab.stun.Transport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The real-socket runtime isolates faults (issue 13): an input that makes the protocol throw is dropped
 * and counted, and the loop answers the next one; TCP connections are capped in all and per IP, idle ones
 * without state are closed, a client that never reads stops being read, and maximum-size frames pass.
 * Bounded: loopback only, a few hundred packets, a few seconds.
 */
class RuntimeFaultsTest {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** Echoes every datagram; throws on one whose first byte is 0xEE, and from every timer and transmit when told. */
    static final class Fragile implements SansIo<String> {
        final ArrayDeque<Datagram> out = new ArrayDeque<>();
        volatile boolean throwOnTimer;
        volatile boolean sendIpv6;
        int handled;

        @Override
        public void handleDatagram(long now, Datagram d) {
            if (d.payload().length() > 0 && (d.payload().get(0) & 0xff) == 0xee) {
                int[] none = new int[0];
                none[1] = 1; // the kind of bug the nonce cookie had
            }
            handled++;
            if (sendIpv6) {
                out.add(new Datagram(Transport.UDP, d.local(), new InetSocketAddress("::1", 9), d.payload()));
            }
            out.add(new Datagram(d.transport(), d.local(), d.remote(), d.payload()));
        }

        @Override
        public Datagram pollTransmit(long now) {
            return out.poll();
        }

        @Override
        public long pollTimeout() {
            return throwOnTimer ? 0 : NO_DEADLINE;
        }

        @Override
        public void handleTimeout(long now) {
            throw new IllegalStateException("timer bug");
        }

        @Override
        public String pollEvent() {
            return null;
        }
    }

    @Test
    void aDatagramThatThrows_isDroppedAndCounted_andTheNextOneIsAnswered() throws Exception {
        Fragile f = new Fragile();
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        try (ServerThread<String> server = new ServerThread<>(List.of(ANY_LOOPBACK), rt -> {
            rt.faults().log(log::add);
            return f;
        }, true); DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(2000);
            InetSocketAddress to = server.addresses().get(0);
            for (int i = 0; i < 50; i++) {
                client.send(new DatagramPacket(new byte[] {(byte) 0xee, 1, 2, 3}, 4, to));
            }
            f.sendIpv6 = true; // an IPv6 destination on an IPv4 socket: UnsupportedAddressTypeException in send
            byte[] ok = {1, 2, 3};
            client.send(new DatagramPacket(ok, 3, to));
            DatagramPacket back = new DatagramPacket(new byte[16], 16);
            client.receive(back);
            assertThat(back.getLength()).isEqualTo(3);
            f.throwOnTimer = true;
            client.send(new DatagramPacket(ok, 3, to));
            client.receive(back);
            assertThat(back.getLength()).as("still answering with a timer that throws").isEqualTo(3);
            Faults faults = server.runtime.faults();
            assertThat(faults.counts()).containsEntry("datagram ArrayIndexOutOfBoundsException", 50L)
                    .containsKey("send UnsupportedAddressTypeException").containsKey("timer IllegalStateException");
            assertThat(log.stream().filter(l -> l.contains("ArrayIndexOutOfBoundsException"))).as("logged once a minute")
                    .hasSize(1).allMatch(l -> l.contains("input 4 bytes ee010203") && l.contains("from udp 127.0.0.1:")
                            && l.contains("Fragile.handleDatagram"));
            f.throwOnTimer = false;
        }
    }

    @Test
    void tcpConnections_areCappedPerIp_andIdleOnesWithoutStateAreClosed() throws Exception {
        try (ServerThread<String> server = new ServerThread<>(List.of(ANY_LOOPBACK), rt -> {
            rt.tcpLimits(new TcpLimits(100, 3, 300_000_000L, 1 << 16));
            try {
                rt.listenTcp(rt.localAddresses().get(0));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Fragile();
        }, true)) {
            InetSocketAddress to = server.addresses().get(0);
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    s.connect(to, 2000);
                    s.setSoTimeout(10_000); // generous: a loaded CI machine may be slow to schedule the server thread
                    open.add(s);
                }
                assertThat(open.get(3).getInputStream().read()).as("the 4th from one IP is closed at once").isEqualTo(-1);
                // closed by the idle sweep (0.3 s idle limit, 1 s sweep), not by the 10 s read timeout
                assertThat(open.get(0).getInputStream().read()).as("an idle connection is closed").isEqualTo(-1);
                assertThat(server.runtime.tcpRefused()).isEqualTo(1);
                assertThat(server.runtime.tcpIdleClosed()).isGreaterThanOrEqualTo(1);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    /**
     * A client that sends Binding requests over TCP and never reads: once 64 KiB of answers wait, the
     * server stops reading from it, so the client's writes block instead of the server's heap growing.
     */
    @Test
    void aClientThatNeverReads_isNoLongerRead_onceItsAnswersPassTheLimit() throws Exception {
        try (ServerThread<io.icelab.stun.StunServerEvent> server = new ServerThread<>(List.of(ANY_LOOPBACK), rt -> {
            rt.tcpLimits(new TcpLimits(100, 10, 60_000_000_000L, 1 << 16));
            try {
                rt.listenTcp(rt.localAddresses().get(0));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new StunServer(StunServer.Config.basic(rt.localAddresses().get(0)));
        }, true); SocketChannel ch = SocketChannel.open(server.addresses().get(0))) {
            ch.socket().setReceiveBufferSize(4096);
            ch.configureBlocking(false);
            byte[] binding = io.icelab.stun.StunMessageBuilder.request(io.icelab.stun.Method.BINDING,
                    io.icelab.stun.TransactionId.random(new java.util.SplittableRandom(1))).encode();
            ByteBuffer many = ByteBuffer.allocate(binding.length * 1000);
            for (int i = 0; i < 1000; i++) {
                many.put(binding);
            }
            long written = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            int stalls = 0;
            many.flip();
            while (System.nanoTime() < deadline && written < 200_000_000L) {
                if (!many.hasRemaining()) {
                    many.rewind(); // whole messages only: the stream stays well framed
                }
                int n = ch.write(many);
                written += n;
                if (n == 0 && ++stalls > 200) {
                    break; // the server has stopped reading: our send buffer and its receive buffer are full
                }
                if (n == 0) {
                    Thread.sleep(5);
                } else {
                    stalls = 0;
                }
            }
            assertThat(stalls).as("the client's writes stalled (wrote %d bytes)", written).isGreaterThan(200);
            assertThat(written).as("the server stopped reading long before 200 MB").isLessThan(50_000_000L);
        }
    }

    /** A 65,535-byte ChannelData and a STUN message with the largest body the length field allows are legal over TCP. */
    @Test
    void maximumSizeFrames_passOverTcp() throws Exception {
        Fragile f = new Fragile();
        try (ServerThread<String> server = new ServerThread<>(List.of(ANY_LOOPBACK), rt -> {
            try {
                rt.listenTcp(rt.localAddresses().get(0));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return f;
        }, true); Socket s = new Socket()) {
            s.connect(server.addresses().get(0), 2000);
            s.setSoTimeout(3000);
            byte[] channelData = new byte[4 + 65_535 + 1]; // padded to 4 (RFC 8656 §12.5)
            channelData[0] = 0x40;
            channelData[2] = (byte) 0xff;
            channelData[3] = (byte) 0xff;
            byte[] stun = new byte[20 + 65_532];
            stun[2] = (byte) 0xff;
            stun[3] = (byte) 0xfc;
            stun[4] = 0x21;
            stun[5] = 0x12;
            stun[6] = (byte) 0xa4;
            stun[7] = 0x42;
            OutputStream o = s.getOutputStream();
            o.write(channelData);
            o.write(stun);
            o.flush();
            InputStream in = s.getInputStream();
            byte[] echoed = in.readNBytes(4 + 65_535 + 20 + 65_532);
            assertThat(echoed).as("both frames came back").hasSize(4 + 65_535 + 20 + 65_532);
            try {
                s.setSoTimeout(200);
                in.read();
            } catch (SocketTimeoutException expected) {
                // still open: nothing more to read
            }
            assertThat(server.runtime.tcpConnections()).isEqualTo(1);
            assertThat(Bytes.wrap(echoed, 0, 4).hex()).isEqualTo("4000ffff");
        }
    }
}
