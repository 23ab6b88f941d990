package io.icelab.net.mdns;

import io.icelab.ice.HostnameResolver;
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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Resolves the {@code .local} names of candidates (draft-ietf-mmusic-mdns-ice-candidates §3.2) with RFC 6762
 * one-shot queries on one interface: an {@link HostnameResolver} for {@link io.icelab.ice.IceSdp}. Each call
 * blocks at most {@link MdnsQuerier#TIMEOUT_NANOS}; a name that gets no answer resolves to null and its candidate
 * is ignored (the session goes on: the peer's checks still make a peer-reflexive candidate). The last
 * {@link #MAX_KNOWN} answers are kept. Queries leave only on the interface given ({@code IP_MULTICAST_IF}) with
 * the IP TTL 255 of RFC 6762 §11, which no router forwards off the link.
 */
public final class MdnsResolver implements HostnameResolver, AutoCloseable {
    private final DatagramChannel channel;
    private final Selector selector;
    private final MdnsQuerier querier;
    /** Names resolved and kept, at most this many (the oldest forgotten first): a peer names as many as it likes. */
    static final int MAX_KNOWN = 256;
    private final Map<String, InetAddress> known = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InetAddress> eldest) {
            return size() > MAX_KNOWN;
        }
    };
    private final ByteBuffer buffer = ByteBuffer.allocate(MdnsMessage.MAX_LENGTH);

    private MdnsResolver(DatagramChannel channel, Selector selector, MdnsQuerier querier) {
        this.channel = channel;
        this.selector = selector;
        this.querier = querier;
    }

    /**
     * A resolver sending from an ephemeral port of {@code localIp} to {@code group}: the mDNS group
     * ({@link MdnsQuerier#GROUP_V4}) on {@code iface}, or a responder's unicast address in a test ({@code iface} null).
     *
     * @param localIp the address to send from
     * @param iface the interface multicast queries leave on, or null
     * @param group where queries go
     * @param random for query IDs
     * @return the resolver
     * @throws IOException when the socket cannot be had
     */
    public static MdnsResolver open(InetAddress localIp, NetworkInterface iface, InetSocketAddress group,
            RandomGenerator random) throws IOException {
        DatagramChannel ch = DatagramChannel.open(localIp instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        try {
            ch.bind(new InetSocketAddress(localIp, 0));
            if (iface != null) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, iface);
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
            }
            ch.configureBlocking(false);
            Selector sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            return new MdnsResolver(ch, sel, new MdnsQuerier((InetSocketAddress) ch.getLocalAddress(), group, random));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public synchronized InetAddress resolve(String hostname) {
        String key = hostname.toLowerCase(java.util.Locale.ROOT);
        if (known.containsKey(key)) {
            return known.get(key);
        }
        try {
            querier.resolve(System.nanoTime(), hostname);
            while (true) {
                long now = System.nanoTime();
                querier.handleTimeout(now);
                for (MdnsQuerier.Outcome o; (o = querier.pollEvent()) != null; ) {
                    InetAddress a = o instanceof MdnsQuerier.Resolved r ? r.address() : null;
                    if (a != null) {
                        known.put(o.name().toLowerCase(java.util.Locale.ROOT), a);
                    }
                    if (o.name().equalsIgnoreCase(hostname)) {
                        return a;
                    }
                }
                for (Datagram d; (d = querier.pollTransmit(now)) != null; ) {
                    channel.send(ByteBuffer.wrap(d.payload().toArray()), d.remote());
                }
                long wait = Math.max(1, (querier.pollTimeout() - System.nanoTime()) / 1_000_000L);
                if (selector.select(Math.min(wait, MdnsQuerier.TIMEOUT_NANOS / 1_000_000L)) > 0) {
                    selector.selectedKeys().clear();
                    receive();
                }
            }
        } catch (IOException e) {
            return null; // the name stays unresolved; its candidate is ignored
        }
    }

    private void receive() throws IOException {
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        for (java.net.SocketAddress from; (from = channel.receive(buffer.clear())) != null; ) {
            buffer.flip();
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            querier.handleDatagram(System.nanoTime(), new Datagram(Transport.UDP, local, (InetSocketAddress) from,
                    Bytes.wrap(b)));
        }
    }

    /** How many answers it keeps. */
    synchronized int known() {
        return known.size();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
