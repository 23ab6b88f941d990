/**
 * STUN, sans-IO: the message codec and its attributes (RFC 8489, and RFC 5389 and RFC 3489 where they differ),
 * short-term and long-term credentials with nonce cookies, PASSWORD-ALGORITHMS and USERHASH (RFC 8489 §9), the
 * RFC 5769 test vectors, a client with the §6.2 retransmission schedule, a server (RFC 8489 §6.3) and the NAT
 * behaviour discovery of RFC 5780, plus the framing of STUN and ChannelData on streams (RFC 6544 §3 / RFC 4571).
 *
 * <p>Every protocol object implements {@link io.icelab.stun.SansIo}: it owns no socket, thread or clock. The
 * caller feeds it datagrams and the time, and polls what it wants to send, when it next needs the time and the
 * events it has for the application. Randomness comes from a {@link java.util.random.RandomGenerator} the
 * caller gives. This package needs the JDK only.
 */
package io.icelab.stun;
