package io.icelab.sim.tcp;

import io.icelab.stun.Bytes;

/** What happened on a TCP connection, for the application. */
public sealed interface TcpEvent {
    /** The three-way handshake (or a simultaneous open) completed: data may flow. */
    record Connected() implements TcpEvent {
    }

    /**
     * Data arrived in order.
     *
     * @param data the bytes, as many as the segment carried
     */
    record DataReceived(Bytes data) implements TcpEvent {
    }

    /** The peer sent FIN: it sends no more (this side may still send until it closes). */
    record PeerClosed() implements TcpEvent {
    }

    /** Both sides closed and every FIN was acknowledged: the connection is over. */
    record Closed() implements TcpEvent {
    }

    /** The peer reset the connection (RFC 9293 §3.10.7.4). */
    record Reset() implements TcpEvent {
    }

    /** The SYN was answered with RST: nothing listens there (RFC 9293 §3.10.7.3). */
    record Refused() implements TcpEvent {
    }

    /**
     * A segment went unacknowledged through every retransmission (RFC 9293 §3.8.3).
     *
     * @param state the state the connection was in: {@code SYN_SENT} when the connect attempt timed out
     */
    record TimedOut(TcpConnection.State state) implements TcpEvent {
    }
}
