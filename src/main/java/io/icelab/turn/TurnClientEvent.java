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
}
