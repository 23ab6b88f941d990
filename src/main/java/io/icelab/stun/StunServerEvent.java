package io.icelab.stun;

import java.net.InetSocketAddress;

/** What a {@link StunServer} reports: each request answered, and each datagram it would not answer. */
public sealed interface StunServerEvent {

    /** {@code errorCode} is 0 for a success response. */
    record Answered(InetSocketAddress client, Method method, int errorCode, InetSocketAddress respondedFrom)
            implements StunServerEvent {
    }

    /**
     * A datagram that was not answered.
     *
     * @param from where it came from
     * @param reason why
     */
    record Dropped(InetSocketAddress from, String reason) implements StunServerEvent {
    }
}
