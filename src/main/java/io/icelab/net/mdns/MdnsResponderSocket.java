package io.icelab.net.mdns;

import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * An {@link MdnsResponder} on a socket of its own, served by a thread of its own until closed: on port 5353 joined
 * to the mDNS group on one interface (answers to the group leave there, TTL 255), or on a unicast address in a test.
 * A datagram the responder cannot use is dropped; an I/O error on one datagram does not stop it.
 */
public final class MdnsResponderSocket implements AutoCloseable {
    private final DatagramChannel channel;
    private final MdnsResponder responder;
    private final Thread thread;
    private volatile boolean closing;

    private MdnsResponderSocket(DatagramChannel channel, MdnsResponder responder) {
        this.channel = channel;
        this.responder = responder;
        this.thread = new Thread(this::serve, "icelab-mdns-responder");
        thread.setDaemon(true);
    }

    /**
     * Serves {@code responder}'s names on {@code bind}; with {@code iface}, joined to the IPv4 mDNS group there.
     *
     * @param bind where to listen (e.g. 0.0.0.0:5353, or 127.0.0.1:0 in a test)
     * @param iface the interface of the group, or null for unicast only
     * @param responder what answers
     * @return the running socket
     * @throws IOException when it cannot be had
     */
    public static MdnsResponderSocket start(InetSocketAddress bind, NetworkInterface iface, MdnsResponder responder)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // browsers' responders share 5353
            ch.bind(bind);
            if (iface != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, iface);
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
                ch.join(MdnsQuerier.GROUP_V4.getAddress(), iface);
            }
            MdnsResponderSocket s = new MdnsResponderSocket(ch, responder);
            s.thread.start();
            return s;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Where it listens. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(MdnsMessage.MAX_LENGTH);
        while (!closing) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                byte[] b = new byte[buffer.remaining()];
                buffer.get(b);
                InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
                synchronized (responder) {
                    responder.handleDatagram(System.nanoTime(), new Datagram(Transport.UDP, local, from, Bytes.wrap(b)));
                    for (Datagram d; (d = responder.pollTransmit(System.nanoTime())) != null; ) {
                        channel.send(ByteBuffer.wrap(d.payload().toArray()), d.remote());
                    }
                }
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                // one datagram's trouble (an unreachable sender): the next one is served
            }
        }
    }

    /** Names a new address (see {@link MdnsResponder#name}), answered from now on. */
    public String name(java.util.random.RandomGenerator random, InetAddress address) {
        synchronized (responder) {
            return responder.name(random, address);
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        channel.close(); // ends the blocking receive
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
