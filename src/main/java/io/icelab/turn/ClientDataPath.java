package io.icelab.turn;

import io.icelab.stun.Bytes;
import io.icelab.stun.Method;
import io.icelab.stun.StunDecodeException;
import io.icelab.stun.StunMessage;
import io.icelab.stun.StunMessageBuilder;
import io.icelab.stun.TransactionId;
import io.icelab.stun.TurnAttribute;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * RFC 8656 §9-§12 on the client: the answers that install permissions and channels, and the data they let through.
 * Application data to a peer goes as ChannelData once a channel is bound, else in a Send indication; what comes
 * back is taken from ChannelData on a channel (as soon as its ChannelBind went out, §12) or from a Data
 * indication, only from peers with a permission (§11.4, §12.6).
 */
final class ClientDataPath {
    private final RandomGenerator random;
    private final TurnClient.Config config;
    private final ClientPermissions permissions;
    private final ClientChannels channels;
    private final Consumer<TurnClientEvent> events;
    private final Consumer<byte[]> toServer;

    ClientDataPath(RandomGenerator random, TurnClient.Config config, ClientPermissions permissions,
            ClientChannels channels, Consumer<TurnClientEvent> events, Consumer<byte[]> toServer) {
        this.random = random;
        this.config = config;
        this.permissions = permissions;
        this.channels = channels;
        this.events = events;
        this.toServer = toServer;
    }

    /** Data to a permitted peer: ChannelData on its channel, else a Send indication. */
    void transmit(InetSocketAddress peer, byte[] data) {
        ClientChannels.Channel c = channels.of(peer);
        toServer.accept(c != null ? new ChannelData(c.number(), Bytes.wrap(data)).encode(config.transport())
                : StunMessageBuilder.indication(Method.SEND, TransactionId.random(random))
                        .add(new TurnAttribute.XorPeerAddress(peer)).add(new TurnAttribute.Data(Bytes.wrap(data)))
                        .fingerprint().encode());
    }

    /** §12.6: ChannelData on a bound channel whose peer has a permission; anything else is dropped. */
    void channelData(Bytes p) {
        try {
            ChannelData cd = ChannelData.decode(p);
            InetSocketAddress peer = channels.peerOf(cd.channel(), x -> permissions.has(x.getAddress()));
            if (peer != null) {
                events.accept(new TurnClientEvent.DataReceived(peer, cd.data()));
            }
        } catch (StunDecodeException e) {
            // not ChannelData after all: dropped
        }
    }

    /** §11.4: a Data indication from a peer this client installed a permission for. */
    void dataIndication(StunMessage m) {
        TurnAttribute.XorPeerAddress peer = m.attribute(TurnAttribute.XorPeerAddress.class);
        TurnAttribute.Data data = m.attribute(TurnAttribute.Data.class);
        if (peer != null && data != null && permissions.has(peer.address().getAddress())) {
            events.accept(new TurnClientEvent.DataReceived(peer.address(), data.value()));
        }
    }

    /** §9.2: a CreatePermission's answer: the permissions installed (what waited for them goes) or refused. */
    void permissionAnswered(long now, java.util.List<InetSocketAddress> peers, io.icelab.stun.StunClientEvent e,
            java.util.function.Function<io.icelab.stun.StunClientEvent.Failure, String> reason) {
        for (InetSocketAddress peer : peers) {
            if (e instanceof io.icelab.stun.StunClientEvent.Failure f) {
                permissions.refused(peer.getAddress()); // the waiting data is not sent
                events.accept(new TurnClientEvent.PermissionFailed(peer, f.errorCode(), reason.apply(f)));
            } else {
                if (permissions.installed(now, peer)) {
                    events.accept(new TurnClientEvent.PermissionCreated(peer));
                }
                permissions.release(peer.getAddress()).forEach(w -> transmit(w.peer(), w.data()));
            }
        }
    }

    /** §12.2: a ChannelBind's answer: the channel bound (and its peer's permission installed, §11.2) or refused. */
    void channelAnswered(long now, InetSocketAddress peer, int number, io.icelab.stun.StunClientEvent e,
            java.util.function.Function<io.icelab.stun.StunClientEvent.Failure, String> reason) {
        if (e instanceof io.icelab.stun.StunClientEvent.Failure f) {
            channels.refused(now, peer);
            events.accept(new TurnClientEvent.ChannelBindFailed(peer, f.errorCode(), reason.apply(f)));
            return;
        }
        boolean fresh = channels.bound(now, peer, number);
        permissions.installedByChannel(now, peer);
        if (fresh) {
            events.accept(new TurnClientEvent.ChannelBound(peer, number));
        }
    }
}
