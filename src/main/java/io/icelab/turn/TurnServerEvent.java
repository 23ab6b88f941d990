package io.icelab.turn;

import java.net.InetSocketAddress;

/** What a {@link TurnServer} reports. */
public sealed interface TurnServerEvent {
    record AllocationCreated(InetSocketAddress client, String user, InetSocketAddress relayed, long lifetimeSeconds)
            implements TurnServerEvent {
    }

    record AllocationDeleted(InetSocketAddress client, InetSocketAddress relayed, String reason)
            implements TurnServerEvent {
    }

    record PermissionInstalled(InetSocketAddress relayed, String peerIp) implements TurnServerEvent {
    }

    record ChannelBound(InetSocketAddress relayed, int channel, InetSocketAddress peer) implements TurnServerEvent {
    }

    /** A request answered with an error. */
    record Refused(InetSocketAddress client, String method, int code, String reason) implements TurnServerEvent {
    }
}
