/**
 * TURN, sans-IO: a client and a server for relaying UDP (RFC 8656, with RFC 5766's channel range kept for old
 * clients), IPv6 and dual-stack allocations (RFC 6156, RFC 8656 §7.2), TURN over TCP to the server (RFC 8656
 * §3.1), the ChannelData message (§12.4), and the server's peer policy against the attacks of §21 (loopback,
 * private and special-purpose peers, addresses tunnelled in IPv6). Credentials may come from coturn's REST API
 * scheme ({@link io.icelab.turn.RestApiUsers}). Needs the JDK and {@code io.icelab.stun} only.
 */
package io.icelab.turn;
