package io.icelab.turn;

import io.icelab.stun.Bytes;
import java.net.InetSocketAddress;

/** What a {@link TurnClient} tells its application. */
public sealed interface TurnClientEvent {
    /**
     * RFC 8656 §7.3: the allocation exists.
     *
     * @param relayed the (first) relayed transport address
     * @param mapped the client's server-reflexive address from XOR-MAPPED-ADDRESS, or null
     * @param lifetimeSeconds the lifetime the server granted
     */
    record AllocationCreated(InetSocketAddress relayed, InetSocketAddress mapped, long lifetimeSeconds)
            implements TurnClientEvent {
    }

    /** The server refused or never answered; {@code code} is 0 on a timeout. */
    record AllocationFailed(int code, String reason) implements TurnClientEvent {
    }

    /**
     * RFC 8656 §9: a permission for the peer's IP address is installed (refreshed every 4 minutes from now on).
     *
     * @param peer the peer it was asked for
     */
    record PermissionCreated(InetSocketAddress peer) implements TurnClientEvent {
    }

    /**
     * CreatePermission failed.
     *
     * @param peer the peer
     * @param code the error code, 0 on a timeout
     * @param reason the reason phrase, or why there was none
     */
    record PermissionFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {
    }

    /**
     * RFC 8656 §12: the channel is bound; data to the peer now goes as ChannelData.
     *
     * @param peer the peer
     * @param channel the channel number, 0x4000-0x4FFF
     */
    record ChannelBound(InetSocketAddress peer, int channel) implements TurnClientEvent {
    }

    /**
     * ChannelBind failed; data to the peer keeps going in Send indications.
     *
     * @param peer the peer
     * @param code the error code, 0 on a timeout
     * @param reason the reason phrase, or why there was none
     */
    record ChannelBindFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {
    }

    /**
     * Data from a peer, from a Data indication or ChannelData.
     *
     * @param peer the peer's transport address
     * @param data the application data
     */
    record DataReceived(InetSocketAddress peer, Bytes data) implements TurnClientEvent {
    }

    /** A refresh failed (437, timeout): the allocation is gone. */
    record AllocationLost(String reason) implements TurnClientEvent {
    }

    /** Deleted on request (Refresh with LIFETIME 0). */
    record AllocationDeleted() implements TurnClientEvent {
    }

    /**
     * RFC 6062 §4.3/§4.4: a peer connection is bound to a data connection of its own: bytes flow with the peer.
     *
     * @param peer the peer's transport address
     * @param dataConnection this side's address of the data connection
     */
    record PeerConnected(InetSocketAddress peer, InetSocketAddress dataConnection) implements TurnClientEvent {
    }

    /**
     * RFC 6062: a Connect or ConnectionBind was refused (446, 447, ...), or the data connection did not open.
     *
     * @param peer the peer's transport address
     * @param code the error code, or 0 when there is none
     * @param reason why
     */
    record PeerConnectionFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {
    }

    /**
     * RFC 6062 §5.5: a peer's data connection closed (the peer or the server ended it).
     *
     * @param peer the peer's transport address
     */
    record PeerConnectionClosed(InetSocketAddress peer) implements TurnClientEvent {
    }
}
