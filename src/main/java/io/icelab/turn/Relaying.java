package io.icelab.turn;

import io.icelab.stun.AttributeType;
import io.icelab.stun.Bytes;
import io.icelab.stun.Datagram;
import io.icelab.stun.MessageClass;
import io.icelab.stun.Method;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunWriter;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * RFC 8656 §10-§12 on the server: the data path. Send indications and ChannelData from the client go to permitted
 * peers from the relayed address; what permitted peers send comes back as ChannelData on a bound channel or in a
 * Data indication; everything else is dropped and counted. Never into the server's own listening ports, always
 * under the bandwidth hook.
 */
final class Relaying {
    private final TurnServer.Config config;
    private final RandomGenerator random;
    private final Function<Datagram, TurnAllocation> allocationOf;
    private final Consumer<Datagram> transmits;
    private final StunWriter writer = new StunWriter();
    private long relayedPackets;
    private long droppedPackets;

    Relaying(TurnServer.Config config, RandomGenerator random, Function<Datagram, TurnAllocation> allocationOf,
            Consumer<Datagram> transmits) {
        this.config = config;
        this.random = random;
        this.allocationOf = allocationOf;
        this.transmits = transmits;
    }

    long relayed() {
        return relayedPackets;
    }

    long dropped() {
        return droppedPackets;
    }

    /** Something not relayed for a reason decided elsewhere (not STUN, no allocation, an unwanted message). */
    void drop() {
        droppedPackets++;
    }

    /** RFC 8656 §10.2: relayed only with a permission; silently dropped otherwise. */
    void sendIndication(long now, Datagram d, StunMessage m) {
        TurnAllocation al = allocationOf.apply(d);
        TurnAttribute.XorPeerAddress peer = m.attribute(TurnAttribute.XorPeerAddress.class);
        TurnAttribute.Data data = m.attribute(TurnAttribute.Data.class);
        if (al == null || peer == null || data == null || al.expires <= now || al.relayTransport != io.icelab.stun.Transport.UDP
                || !al.servesFamilyOf(peer.address())
                || !al.permits(now, peer.address().getAddress())) {
            droppedPackets++;
            return;
        }
        relay(now, al, al.relayedFor(peer.address()), peer.address(), data.value());
    }

    /** RFC 8656 §12.6. */
    void channelDataFromClient(long now, Datagram d) {
        TurnAllocation al = allocationOf.apply(d);
        ChannelData cd;
        try {
            cd = ChannelData.decode(d.payload(), config.channels());
        } catch (StunDecodeException e) {
            droppedPackets++;
            return;
        }
        TurnAllocation.Channel ch = al == null ? null : al.channel(now, cd.channel());
        if (ch == null || al.expires <= now || !al.permits(now, ch.peer().getAddress())) {
            droppedPackets++;
            return;
        }
        relay(now, al, al.relayedFor(ch.peer()), ch.peer(), cd.data());
    }

    /** RFC 8656 §10.3 / §12.7: from a permitted peer, as ChannelData when a channel is bound, else a Data indication. */
    void fromPeer(long now, TurnAllocation al, Datagram d) {
        if (al.expires <= now || !al.permits(now, d.remote().getAddress())) {
            droppedPackets++;
            return;
        }
        TurnAllocation.Channel ch = al.channelFor(now, d.remote());
        byte[] out;
        if (ch != null) {
            out = new ChannelData(ch.number(), d.payload()).encode(al.transport);
        } else {
            // RFC 8656 §10.3: a fresh transaction id, drawn as TransactionId.random draws it
            out = writer.start(MessageClass.INDICATION, Method.DATA, random.nextLong(), random.nextInt())
                    .xorAddress(AttributeType.XOR_PEER_ADDRESS, d.remote())
                    .bytes(AttributeType.DATA, d.payload()).toArray();
        }
        relay(now, al, al.server, al.client, Bytes.wrap(out));
    }

    /** Relays bytes the TCP allocations carry as they are (RFC 6062 §5.4), under the same bandwidth hook. */
    boolean relayStream(long now, TurnAllocation al, Datagram d) {
        if (!config.bandwidth().allow(al.relayed, d.payload().length(), now)) {
            droppedPackets++;
            return false;
        }
        relayedPackets++;
        transmits.accept(d);
        return true;
    }

    void relay(long now, TurnAllocation al, InetSocketAddress from, InetSocketAddress to, Bytes payload) {
        if ((from.equals(al.relayed) || from.equals(al.relayedOther)) && config.listen().contains(to)) {
            droppedPackets++; // never into our own listening port: that would loop through the server
            return;
        }
        if (!config.bandwidth().allow(al.relayed, payload.length(), now)) {
            droppedPackets++;
            return;
        }
        relayedPackets++;
        // to a peer from the relayed address over UDP; to the client over the allocation's own transport
        io.icelab.stun.Transport t = to.equals(al.client) && from.equals(al.server) ? al.transport
                : io.icelab.stun.Transport.UDP;
        transmits.accept(new Datagram(t, from, to, payload));
    }
}
