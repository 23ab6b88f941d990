package io.icelab.turn;

import io.icelab.stun.TransportAddresses;
import io.icelab.stun.TurnAttribute;
import java.util.List;
import java.util.function.Consumer;

/**
 * RFC 8656 §9.2 and §11.2: a CreatePermission or ChannelBind on an allocation, checked in the RFC's order (the peer's
 * family, the server's peer policy, channel and peer bound consistently, the per-allocation limits) and, when it
 * passes, installed. Each method answers the refusal, or null for a success.
 */
final class PeerBindings {
    private final TurnServer.Config config;
    private final Consumer<TurnServerEvent> events;

    PeerBindings(TurnServer.Config config, Consumer<TurnServerEvent> events) {
        this.config = config;
        this.events = events;
    }

    /** RFC 8656 §9: one permission per peer IP, 300 s; all or nothing. */
    Refusal createPermission(long now, List<TurnAttribute.XorPeerAddress> peers, TurnAllocation al) {
        if (peers.isEmpty()) {
            return new Refusal(400, "Bad Request: XOR-PEER-ADDRESS is missing");
        }
        for (TurnAttribute.XorPeerAddress p : peers) {
            Refusal no = peerRefusal(al, p.address());
            if (no != null) {
                return no;
            }
        }
        al.purge(now, TurnServer.CHANNEL_QUARANTINE);
        long fresh = peers.stream().map(p -> p.address().getAddress()).distinct()
                .filter(ip -> !al.permissions.containsKey(ip)).count();
        if (al.permissions.size() + fresh > config.limits().permissionsPerAllocation()) {
            return new Refusal(508, "Insufficient Capacity: at most " + config.limits().permissionsPerAllocation()
                    + " permissions per allocation");
        }
        for (TurnAttribute.XorPeerAddress p : peers) {
            al.permissions.put(p.address().getAddress(), now + TurnServer.PERMISSION_LIFETIME);
            events.accept(new TurnServerEvent.PermissionInstalled(al.relayed,
                    TransportAddresses.ip(p.address().getAddress())));
        }
        return null;
    }

    /** RFC 8656 §11: a channel to one peer, 600 s, also installing or refreshing its permission. */
    Refusal channelBind(long now, TurnAttribute.ChannelNumber cn, TurnAttribute.XorPeerAddress peer, TurnAllocation al) {
        boolean inRange = cn != null && config.channels().contains(cn.channel());
        if (!inRange || peer == null) {
            return new Refusal(400, "Bad Request: a CHANNEL-NUMBER in range and XOR-PEER-ADDRESS are required");
        }
        Refusal no = peerRefusal(al, peer.address());
        if (no != null) {
            return no;
        }
        al.purge(now, TurnServer.CHANNEL_QUARANTINE);
        TurnAllocation.Channel byNumber = al.channel(now, cn.channel());
        TurnAllocation.Channel byPeer = al.channelFor(now, peer.address());
        TurnAllocation.Channel quarantined = al.quarantine.get(cn.channel());
        if ((byNumber != null && !byNumber.peer().equals(peer.address()))
                || (byPeer != null && byPeer.number() != cn.channel())
                || (quarantined != null && !quarantined.peer().equals(peer.address()))) {
            return new Refusal(400, "Bad Request: channel or peer already bound differently");
        }
        if (byNumber == null && (al.channels.size() >= config.limits().channelsPerAllocation()
                || (!al.permissions.containsKey(peer.address().getAddress())
                        && al.permissions.size() >= config.limits().permissionsPerAllocation()))) {
            return new Refusal(508, "Insufficient Capacity: at most " + config.limits().channelsPerAllocation()
                    + " channels and " + config.limits().permissionsPerAllocation() + " permissions per allocation");
        }
        al.channels.put(cn.channel(),
                new TurnAllocation.Channel(cn.channel(), peer.address(), now + TurnServer.CHANNEL_LIFETIME));
        al.permissions.put(peer.address().getAddress(), now + TurnServer.PERMISSION_LIFETIME);
        if (byNumber == null) {
            events.accept(new TurnServerEvent.ChannelBound(al.relayed, cn.channel(), peer.address()));
        }
        return null;
    }

    /** §9.1, §11.2: a peer of a family the allocation has no relayed address in (443), or one the policy refuses (403). */
    private Refusal peerRefusal(TurnAllocation al, java.net.InetSocketAddress peer) {
        if (!al.servesFamilyOf(peer)) {
            return new Refusal(443, "Peer Address Family Mismatch");
        }
        String why = config.peers().refusal(peer.getAddress());
        return why == null ? null : new Refusal(403, "Forbidden: " + why);
    }
}
