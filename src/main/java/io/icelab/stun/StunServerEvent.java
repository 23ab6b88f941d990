package io.icelab.stun;

import java.net.InetSocketAddress;

/** What a {@link StunServer} reports: each request answered, and each datagram it would not answer. */
public sealed interface StunServerEvent {

    /** {@code errorCode} is 0 for a success response. */
    record Answered(InetSocketAddress client, Method method, int errorCode, InetSocketAddress respondedFrom)
            implements StunServerEvent {
    }

    record Dropped(InetSocketAddress from, String reason) implements StunServerEvent {
    }
}
