package io.icelab.turn;

import java.net.InetSocketAddress;

/** What a {@link TurnServer} reports. */
public sealed interface TurnServerEvent {
    /**
     * An allocation was made.
     *
     * @param client the client's transport address
     * @param user the username
     * @param relayed the relayed transport address
     * @param lifetimeSeconds the lifetime granted
     */
    record AllocationCreated(InetSocketAddress client, String user, InetSocketAddress relayed, long lifetimeSeconds)
            implements TurnServerEvent {
    }

    /**
     * An allocation is gone.
     *
     * @param client the client's transport address
     * @param relayed its relayed address
     * @param reason deleted, expired, or why
     */
    record AllocationDeleted(InetSocketAddress client, InetSocketAddress relayed, String reason)
            implements TurnServerEvent {
    }

    /**
     * A permission was installed or refreshed.
     *
     * @param relayed the allocation's relayed address
     * @param peerIp the peer's IP
     */
    record PermissionInstalled(InetSocketAddress relayed, String peerIp) implements TurnServerEvent {
    }

    /**
     * A channel was bound.
     *
     * @param relayed the allocation's relayed address
     * @param channel the number
     * @param peer the peer's transport address
     */
    record ChannelBound(InetSocketAddress relayed, int channel, InetSocketAddress peer) implements TurnServerEvent {
    }

    /** A request answered with an error. */
    record Refused(InetSocketAddress client, String method, int code, String reason) implements TurnServerEvent {
    }
}
