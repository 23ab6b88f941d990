package io.icelab.turn;

import io.icelab.stun.Bytes;
import java.net.InetSocketAddress;

/** What a {@link TurnClient} tells its application. */
public sealed interface TurnClientEvent {
    record AllocationCreated(InetSocketAddress relayed, InetSocketAddress mapped, long lifetimeSeconds)
            implements TurnClientEvent {
    }

    /** The server refused or never answered; {@code code} is 0 on a timeout. */
    record AllocationFailed(int code, String reason) implements TurnClientEvent {
    }

    record PermissionCreated(InetSocketAddress peer) implements TurnClientEvent {
    }

    record PermissionFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {
    }

    record ChannelBound(InetSocketAddress peer, int channel) implements TurnClientEvent {
    }

    record ChannelBindFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {
    }

    record DataReceived(InetSocketAddress peer, Bytes data) implements TurnClientEvent {
    }

    /** A refresh failed (437, timeout): the allocation is gone. */
    record AllocationLost(String reason) implements TurnClientEvent {
    }

    /** Deleted on request (Refresh with LIFETIME 0). */
    record AllocationDeleted() implements TurnClientEvent {
    }
}
